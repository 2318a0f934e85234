"""Importing real Philadelphia shapes, finding the block of a point, and block distance."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from shapely.geometry import shape

from vecinos.zones import geo
from vecinos.zones.demo import philadelphia_features
from vecinos.zones.models import Block, Zone

DATA = geo.__file__.rsplit("/", 1)[0] + "/data"
TWO_ZONES = ["Passyunk Square", "Point Breeze"]


def features(name: str) -> list[geo.Feature]:
    return philadelphia_features(f"{name}.geojson")


def import_two_zones():
    geo.import_zones(
        features("neighborhoods"), name_property="MAPNAME", attribution="test", only=TWO_ZONES
    )
    return geo.import_blocks(features("ward-divisions-2019"), code_property="DIVISION_N")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\xff\xfe not json", "not JSON"),
        (b"[1, 2]", "not a GeoJSON FeatureCollection"),
        (b'{"type": "FeatureCollection", "features": []}', "no features"),
        (
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},'
            b' "geometry": {"type": "Point", "coordinates": [-75.1, 39.9]}}]}',
            "Feature 1 is a Point",
        ),
        (
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},'
            b' "geometry": {"type": "Polygon", "coordinates": "nope"}}]}',
            "Feature 1 has no readable geometry",
        ),
        (
            # Pennsylvania State Plane feet, not longitude and latitude.
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},'
            b' "geometry": {"type": "Polygon", "coordinates": [[[2690000, 230000],'
            b" [2691000, 230000], [2691000, 231000], [2690000, 230000]]]}}]}",
            "not in longitude/latitude",
        ),
    ],
)
def test_unusable_files_are_refused_with_the_reason(data, message):
    with pytest.raises(geo.InvalidGeoJSON, match=message):
        geo.read_features(data)


def test_property_names_lists_what_every_feature_has():
    names = geo.property_names(features("ward-divisions-2019"))
    assert {"DIVISION_N", "WARD", "SHORT_DIV_"} <= set(names)


@pytest.mark.django_db
def test_blocks_go_to_the_zone_that_holds_them():
    report = import_two_zones()

    assert set(Zone.objects.values_list("name", flat=True)) == set(TWO_ZONES)
    assert report.created == Block.objects.count() == 38
    assert report.skipped == 1703 - 38
    # Passyunk Square is made of divisions of wards 1 and 2; Point Breeze of ward 36.
    wards = {block.code[:2] for block in Block.objects.filter(zone__name="Passyunk Square")}
    assert wards == {"01", "02"}
    # Divisions do not follow neighbourhood lines exactly: a block belongs to the zone that
    # holds a point inside it, and mostly lies within it.
    for block in Block.objects.all():
        outline = shape(json.loads(block.zone.geometry))
        here = shape(json.loads(block.geometry))
        assert outline.covers(here.representative_point())
        assert outline.intersection(here).area > 0.5 * here.area, block.code


@pytest.mark.django_db
def test_importing_again_updates_instead_of_duplicating():
    import_two_zones()
    report = import_two_zones()

    assert report.created == 0 and report.updated == 38
    assert Zone.objects.count() == 2 and Block.objects.count() == 38


@pytest.mark.django_db
def test_neighbours_are_the_blocks_that_touch_both_ways():
    import_two_zones()
    through = Block.neighbours.through.objects

    pairs = set(through.values_list("from_block_id", "to_block_id"))
    assert pairs and all((b, a) in pairs for a, b in pairs)
    assert all(a != b for a, b in pairs)
    for block in Block.objects.all():
        neighbours = list(block.neighbours.all())
        assert 1 <= len(neighbours) <= 12, block.code
        here = shape(json.loads(block.geometry))
        for other in neighbours:
            assert here.distance(shape(json.loads(other.geometry))) < 0.0001


@pytest.mark.django_db
def test_every_block_is_found_from_a_point_inside_it():
    import_two_zones()

    for block in Block.objects.all():
        inside = shape(json.loads(block.geometry)).representative_point()
        assert geo.block_at(inside.y, inside.x) == block


@pytest.mark.django_db
def test_points_outside_every_block_find_none():
    import_two_zones()

    assert geo.block_at(40.05, -75.05) is None  # the Northeast: not imported
    assert geo.block_at(0, 0) is None
    assert geo.block_at(123, -75.17) is None


@pytest.mark.django_db
def test_the_index_follows_a_new_import_without_a_restart(django_capture_on_commit_callbacks):
    """Another process's import reaches this one through the shared version number."""
    with django_capture_on_commit_callbacks(execute=True):
        geo.import_zones(features("neighborhoods"), name_property="MAPNAME", only=TWO_ZONES[:1])
        geo.import_blocks(features("ward-divisions-2019"), code_property="DIVISION_N")
    passyunk = Block.objects.get(code="0206")
    breeze = next(
        f.geometry for f in features("ward-divisions-2019") if f.properties["DIVISION_N"] == "3609"
    ).representative_point()
    assert geo.block_at(breeze.y, breeze.x) is None

    with django_capture_on_commit_callbacks(execute=True):
        geo.import_zones(features("neighborhoods"), name_property="MAPNAME", only=TWO_ZONES[1:])
        geo.import_blocks(features("ward-divisions-2019"), code_property="DIVISION_N")

    assert geo.block_at(breeze.y, breeze.x).code == "3609"
    assert passyunk.zone.name == "Passyunk Square"


@pytest.mark.django_db
def test_rings_count_blocks_by_steps_through_neighbours():
    import_two_zones()
    block = Block.objects.get(code="0206")

    rings = geo.rings(block, 2)

    assert rings[0] == [block.pk]
    assert set(rings[1]) == set(block.neighbours.values_list("pk", flat=True))
    assert not set(rings[2]) & (set(rings[1]) | {block.pk})
    second = set()
    for pk in rings[1]:
        second |= set(Block.objects.get(pk=pk).neighbours.values_list("pk", flat=True))
    assert set(rings[2]) == second - set(rings[1]) - {block.pk}


@pytest.mark.django_db
def test_zone_geojson_carries_each_block_and_extra_properties():
    import_two_zones()
    zone = Zone.objects.get(name="Passyunk Square")
    first = zone.blocks.order_by("name").first()

    collection = geo.zone_geojson(zone, properties={first.pk: {"members": 3}})

    assert len(collection["features"]) == zone.blocks.count()
    props = collection["features"][0]["properties"]
    assert props == {"id": first.pk, "code": first.code, "name": first.name, "members": 3}


@pytest.mark.django_db
def test_import_command_lists_properties_and_imports():
    out = StringIO()
    call_command(
        "import_shapes", "zones", f"{DATA}/neighborhoods.geojson", "--list-properties", stdout=out
    )
    assert "MAPNAME" in out.getvalue().split()

    call_command(
        "import_shapes",
        "zones",
        f"{DATA}/neighborhoods.geojson",
        "--name-property=MAPNAME",
        "--only",
        "Whitman",
        stdout=out,
    )
    call_command(
        "import_shapes",
        "blocks",
        f"{DATA}/ward-divisions-2019.geojson",
        "--code-property=DIVISION_N",
        stdout=out,
    )
    assert "zones: 1 created" in out.getvalue()
    assert Block.objects.filter(zone__name="Whitman").count() == 9


@pytest.mark.django_db
def test_import_command_explains_a_bad_file(tmp_path):
    broken = tmp_path / "broken.geojson"
    broken.write_text("{")
    with pytest.raises(CommandError, match="not JSON"):
        call_command("import_shapes", "zones", str(broken), "--name-property=NAME")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_shapes", "zones", str(tmp_path / "missing"), "--name-property=X")
    with pytest.raises(CommandError, match="no property 'NOPE'"):
        call_command(
            "import_shapes", "zones", f"{DATA}/neighborhoods.geojson", "--name-property=NOPE"
        )


@pytest.mark.django_db
def test_block_at_answers_from_memory_with_a_copy_that_follows_changes(
    django_assert_num_queries,
):
    from .backoffice_helpers import make_zones

    place = make_zones()
    geo.forget_index()
    inside_a = (39.905, -75.195)
    first = geo.block_at(*inside_a)  # builds the index
    assert (first.pk, first.zone.name) == (place["a"].pk, "Norte")
    with django_assert_num_queries(0):
        again = geo.block_at(*inside_a)
        assert (again.pk, again.name, again.zone.slug) == (place["a"].pk, "Division 0101", "norte")
    # Each lookup gets its own copy: changing one changes nothing for the next caller.
    again.name = "Changed in one request only"
    assert geo.block_at(*inside_a).name == "Division 0101"
    # A saved change (a block renamed, its zone renamed) is seen by the next lookup.
    place["a"].name = "Calle Nueve"
    place["a"].save()
    place["norte"].name = "Norte Grande"
    place["norte"].save()
    renamed = geo.block_at(*inside_a)
    assert (renamed.name, renamed.zone.name) == ("Calle Nueve", "Norte Grande")
    assert geo.block_at(10.0, 10.0) is None
