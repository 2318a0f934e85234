"""Shapes: importing zones and blocks from GeoJSON, finding the block a point is in, and
which blocks are near which.

The lookup runs on every report and sign-up, so it never scans the table: each process keeps
the blocks' shapes in a shapely STRtree, and rebuilds it when the shapes' version (a number in
the shared cache, bumped by every import) changes. A lookup is then one cache read and one
tree query.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass

import shapely
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.text import slugify
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

from .models import Block, Zone

SHAPES_VERSION_KEY = "zones:shapes-version"
# Shapes simplified to ~1 m leave hairline gaps between neighbours; 0.00003° (~3 m) closes
# them without making blocks across a street corner neighbours.
NEIGHBOUR_TOLERANCE = 0.00003


class InvalidGeoJSON(ValueError):
    """A file or feature that is not usable GeoJSON; str() says what is wrong."""


@dataclass(frozen=True)
class Feature:
    properties: dict
    geometry: BaseGeometry


def read_features(data: bytes | str | dict) -> list[Feature]:
    """Parse a GeoJSON FeatureCollection and return its polygon features.

    Raise InvalidGeoJSON for anything else: not JSON, no features, a feature that is not a
    valid polygon. Shapes are expected in WGS84 longitude/latitude, as GeoJSON requires.
    """
    if not isinstance(data, dict):
        try:
            data = json.loads(data)
        except (ValueError, UnicodeDecodeError) as error:
            raise InvalidGeoJSON("The file is not JSON.") from error
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise InvalidGeoJSON("The file is not a GeoJSON FeatureCollection.")
    features = []
    for number, raw in enumerate(data.get("features") or [], start=1):
        try:
            geometry = shape(raw["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.ShapelyError):
            raise InvalidGeoJSON(f"Feature {number} has no readable geometry.") from None
        if geometry.geom_type not in ("Polygon", "MultiPolygon") or geometry.is_empty:
            raise InvalidGeoJSON(f"Feature {number} is a {geometry.geom_type}, not a polygon.")
        minx, miny, maxx, maxy = geometry.bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise InvalidGeoJSON(
                f"Feature {number} is not in longitude/latitude (WGS84): reproject it first."
            )
        if not geometry.is_valid:
            geometry = shapely.make_valid(geometry)
        features.append(Feature(properties=dict(raw.get("properties") or {}), geometry=geometry))
    if not features:
        raise InvalidGeoJSON("The file has no features.")
    return features


def property_names(features: Iterable[Feature]) -> list[str]:
    """Return the property names the features share, for choosing which one names them."""
    names: set[str] | None = None
    for feature in features:
        keys = {key for key, value in feature.properties.items() if value not in (None, "")}
        names = keys if names is None else names & keys
    return sorted(names or ())


def _text(feature: Feature, prop: str, number: int) -> str:
    value = feature.properties.get(prop)
    if value in (None, ""):
        raise InvalidGeoJSON(f"Feature {number} has no property {prop!r}.")
    return str(value).strip()


# Properties that name a block the way people do, looked for when the importer names none.
NAME_PROPERTIES = ("name", "NAME", "Name", "label", "LABEL", "Label", "nombre", "NOMBRE")


def guess_name_property(properties: Iterable[str]) -> str:
    """Return, of these property names, the one that seems to name blocks ("name", "LABEL"
    ...), or "" when none does."""
    present = set(properties)
    return next((prop for prop in NAME_PROPERTIES if prop in present), "")


def block_name(feature: Feature, name_property: str | None, code: str) -> str:
    """Return a block's name from its feature: the property's value, or "" when the feature
    has none or the value is only the code again (a name nobody on the block would use)."""
    if not name_property:
        return ""
    value = feature.properties.get(name_property)
    name = " ".join(str(value).split())[:120] if value not in (None, "") else ""
    return "" if name.replace("-", "") == code.replace("-", "") else name


def _geojson(geometry: BaseGeometry) -> str:
    return json.dumps(shapely.geometry.mapping(geometry), separators=(",", ":"))


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0  # features outside every zone (blocks only)


@transaction.atomic
def import_zones(
    features: list[Feature],
    *,
    name_property: str,
    attribution: str = "",
    only: Iterable[str] | None = None,
) -> ImportReport:
    """Create or update a zone per feature, named by `name_property`.

    `only` limits the import to the features with those names. A zone that exists already
    (same name) gets the new shape; its blocks and members stay.
    """
    wanted = {name.strip().casefold() for name in only} if only else None
    report = ImportReport()
    for number, feature in enumerate(features, start=1):
        name = _text(feature, name_property, number)
        if wanted is not None and name.casefold() not in wanted:
            continue
        zone, created = Zone.objects.update_or_create(
            name=name,
            defaults={"geometry": _geojson(feature.geometry), "attribution": attribution},
            create_defaults={
                "slug": _unique_slug(name),
                "geometry": _geojson(feature.geometry),
                "attribution": attribution,
            },
        )
        if created:
            report.created += 1
        else:
            report.updated += 1
    _after_import()
    return report


def _after_import() -> None:
    # This process sees its own writes at once; the others when the transaction commits.
    forget_index()
    transaction.on_commit(shapes_changed)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:110] or "zone"
    slug, number = base, 2
    while Zone.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def import_blocks(
    features: list[Feature],
    *,
    code_property: str,
    name_property: str | None = None,
    zone: Zone | None = None,
    zones: Iterable[Zone] | None = None,
) -> ImportReport:
    """Create or update a block per feature and put each in its zone.

    Each block is named by `name_property` where a feature has it (cross streets or a
    landmark); the others are left without a name for staff to give. With `zone`, every
    feature belongs to it. Otherwise each block goes to the zone (among
    `zones`, or all of them) that holds most of it; features that no zone holds at least
    half of are skipped. Neighbours are then computed again for every block of the zones touched.
    """
    if zone is not None:
        # Every feature belongs to this zone, whatever its shape says.
        candidates = [zone]
    else:
        candidates = list(zones) if zones is not None else list(Zone.objects.all())
    zone_tree = STRtree([shape(json.loads(candidate.geometry)) for candidate in candidates])
    report = ImportReport()
    touched: set[int] = set()
    for number, feature in enumerate(features, start=1):
        code = _text(feature, code_property, number)
        name = block_name(feature, name_property, code)
        owner = zone if zone is not None else _owner(feature.geometry, zone_tree, candidates)
        if owner is None:
            report.skipped += 1
            continue
        inside = feature.geometry.representative_point()
        values = {
            "geometry": _geojson(feature.geometry),
            "latitude": inside.y,
            "longitude": inside.x,
        }
        # A name from the file replaces the old one; a feature without one keeps the name
        # staff gave the block.
        _, created = Block.objects.update_or_create(
            zone=owner,
            code=code,
            defaults={**values, "name": name} if name else values,
            create_defaults={**values, "name": name},
        )
        touched.add(owner.pk)
        if created:
            report.created += 1
        else:
            report.updated += 1
    if touched:
        link_neighbours(Block.objects.filter(zone__in=touched))
    _after_import()
    return report


def _owner(outline: BaseGeometry, zone_tree: STRtree, zones: list[Zone]) -> Zone | None:
    """Return the zone holding most of `outline`, if it holds at least half of it.

    Blocks and neighbourhoods come from different maps whose lines do not quite agree.
    """
    best, best_area = None, 0.0
    for hit in zone_tree.query(outline, predicate="intersects"):
        area = zone_tree.geometries[int(hit)].intersection(outline).area
        if area > best_area:
            best, best_area = zones[int(hit)], area
    return best if best_area >= 0.5 * outline.area else None


def link_neighbours(blocks: Iterable[Block]) -> int:
    """Store, for each of `blocks`, the blocks whose shapes touch it (in any zone).

    Return the number of neighbour pairs written.
    """
    everything = list(Block.objects.only("pk", "geometry"))
    if not everything:
        return 0
    outlines = [shape(json.loads(block.geometry)) for block in everything]
    tree = STRtree(outlines)
    position = {block.pk: number for number, block in enumerate(everything)}
    pairs: set[tuple[int, int]] = set()
    for block in blocks:
        here = position[block.pk]
        grown = outlines[here].buffer(NEIGHBOUR_TOLERANCE)
        for other in tree.query(grown, predicate="intersects"):
            other_pk = everything[int(other)].pk
            if other_pk != block.pk:
                pairs.add((min(block.pk, other_pk), max(block.pk, other_pk)))
    through = Block.neighbours.through
    chosen = [block.pk for block in blocks]
    through.objects.filter(from_block__in=chosen).delete()
    through.objects.filter(to_block__in=chosen).delete()
    rows = [through(from_block_id=a, to_block_id=b) for a, b in pairs]
    rows += [through(from_block_id=b, to_block_id=a) for a, b in pairs]
    through.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(pairs)


def shapes_changed() -> None:
    """Tell every process that its spatial index is out of date."""
    forget_index()
    try:
        cache.incr(SHAPES_VERSION_KEY)
    except ValueError:
        cache.set(SHAPES_VERSION_KEY, 1, timeout=None)


class BlockIndex:
    """The blocks' shapes in an STRtree: which block holds a point."""

    def __init__(
        self,
        blocks: list[tuple[int, int, BaseGeometry]],
        rows: dict[int, Block] | None = None,
        zones: list[Zone] | None = None,
    ) -> None:
        self.block_ids = [block_id for block_id, _, _ in blocks]
        self.zone_ids = [zone_id for _, zone_id, _ in blocks]
        self.outlines = [outline for _, _, outline in blocks]
        self.tree = STRtree(self.outlines)
        # Each block's row with its zone, and each zone's row (shapes left in the database),
        # so that a lookup or the block picker needs no query; `row()` and `zone()` hand out
        # copies, never these.
        self.rows = rows or {}
        self.zones = {zone.slug: zone for zone in zones or []}
        # Each zone's named blocks in the rows' order (Block's: by name, then code).
        self.named = defaultdict(list)
        for block in self.rows.values():
            if block.name:
                self.named[block.zone_id].append((block.pk, block.name))

    @classmethod
    def load(cls) -> BlockIndex:
        rows = Block.objects.values_list("pk", "zone_id", "geometry").order_by("pk")
        blocks = [(pk, zone_id, shape(json.loads(geometry))) for pk, zone_id, geometry in rows]
        for _, _, outline in blocks:
            shapely.prepare(outline)
        kept = Block.objects.select_related("zone").defer("geometry", "zone__geometry")
        zones = list(Zone.objects.defer("geometry"))
        return cls(blocks, {block.pk: block for block in kept}, zones)

    def row(self, block_id: int) -> Block | None:
        """A copy of the block's row (with its zone), as a query would have returned it."""
        block = self.rows.get(block_id)
        return copy.copy(block) if block is not None else None

    def zone(self, slug: str) -> Zone | None:
        """A copy of the zone's row, found by its slug, as a query would have returned it."""
        zone = self.zones.get(slug)
        return copy.copy(zone) if zone is not None else None

    def named_blocks(self, zone_id: int) -> list[tuple[int, str]]:
        """The (id, name) of the zone's blocks that have a name, by name."""
        return list(self.named.get(zone_id, ()))

    def block_at(self, latitude: float, longitude: float) -> int | None:
        """Return the id of the block that holds the point, or None outside every block."""
        if not self.block_ids:
            return None
        hits = self.tree.query(Point(longitude, latitude), predicate="intersects")
        if len(hits) == 0:
            return None
        # A point on the line between two blocks belongs to the one with the lower id.
        return min(self.block_ids[int(hit)] for hit in hits)


_index: BlockIndex | None = None
_index_version: object = None
_index_lock = threading.Lock()


def forget_index() -> None:
    """Drop this process's index; the next lookup builds it again."""
    global _index
    _index = None


# How often a process asks the shared cache whether blocks changed elsewhere: a change made
# in this process drops its index at once (shapes_changed), other processes see it within
# this time, and a lookup costs a few microseconds instead of a cache read each time.
VERSION_CHECK_SECONDS = 1.0
_version_checked = 0.0


def block_index() -> BlockIndex:
    """Return this process's index, rebuilt if blocks changed since (here or elsewhere)."""
    global _index, _index_version, _version_checked
    now = time.monotonic()
    if _index is not None and now - _version_checked < VERSION_CHECK_SECONDS:
        return _index
    version = cache.get(SHAPES_VERSION_KEY, 0)
    if _index is None or version != _index_version:
        with _index_lock:
            if _index is None or version != _index_version:
                _index = BlockIndex.load()
                _index_version = version
    _version_checked = now
    return _index


def _row_changed(sender, **kwargs) -> None:
    # The index keeps block and zone rows: this process drops it now, the others once the
    # change is committed (within VERSION_CHECK_SECONDS).
    forget_index()
    transaction.on_commit(shapes_changed)


for _model in (Block, Zone):
    post_save.connect(_row_changed, sender=_model, dispatch_uid=f"zones-index-{_model.__name__}")
    post_delete.connect(
        _row_changed, sender=_model, dispatch_uid=f"zones-index-del-{_model.__name__}"
    )


def block_at(latitude: float, longitude: float) -> Block | None:
    """Return the block that holds this point, or None when it is in none."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    index = block_index()
    block_id = index.block_at(latitude, longitude)
    if block_id is None:
        return None
    return index.row(block_id)


def rings(block: Block, count: int) -> list[list[int]]:
    """Return the ids of the blocks around `block` by distance in blocks.

    rings(block, 2) is [[block], [its neighbours], [their neighbours not seen yet]]: ring 0 is
    the block itself. Distance is counted in block-to-block steps, which follows streets
    better than a straight line across a park or a highway.
    """
    adjacency: dict[int, list[int]] = {}
    for source, target in Block.neighbours.through.objects.values_list(
        "from_block_id", "to_block_id"
    ):
        adjacency.setdefault(source, []).append(target)
    seen = {block.pk}
    result = [[block.pk]]
    frontier = deque([block.pk])
    for _ in range(count):
        following = []
        while frontier:
            for other in adjacency.get(frontier.popleft(), ()):
                if other not in seen:
                    seen.add(other)
                    following.append(other)
        if not following:
            break
        result.append(sorted(following))
        frontier = deque(following)
    return result


def zone_geojson(zone: Zone, *, properties: dict[int, dict] | None = None) -> dict:
    """Return the zone's blocks as a FeatureCollection for a map.

    `properties` adds values per block id (counts for a coverage map). Every feature carries
    the block's id, code and name.
    """
    features = []
    for block in zone.blocks.order_by("name"):
        props = {"id": block.pk, "code": block.code, "name": block.name}
        props.update((properties or {}).get(block.pk, {}))
        features.append(
            {"type": "Feature", "geometry": json.loads(block.geometry), "properties": props}
        )
    return {"type": "FeatureCollection", "features": features}
