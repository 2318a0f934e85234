"""Coverage: how many neighbours each block has, counted, never listed.

Everything here returns numbers per block or per zone, which researchers may see too; no
function returns a member. A block "has a captain" when an active member of it holds the
captain role or a captain's staff account is linked to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from vecinos.core.charts import Chart, Series

from .models import Block, CoverageSnapshot, Member, Zone

# Colour levels of the map, from nobody to a block with a captain.
NOBODY, MEMBERS, RESPONDERS, CAPTAIN = "nobody", "members", "responders", "captain"


@dataclass(frozen=True)
class BlockCoverage:
    block_id: int
    code: str
    name: str
    members: int
    responders: int
    captain: bool

    @property
    def level(self) -> str:
        if self.captain:
            return CAPTAIN
        if self.responders:
            return RESPONDERS
        if self.members:
            return MEMBERS
        return NOBODY

    @property
    def covered(self) -> bool:
        return self.members > 0 or self.captain


@dataclass(frozen=True)
class ZoneCoverage:
    """A zone's totals, the same figures a daily CoverageSnapshot keeps."""

    blocks: int
    blocks_covered: int
    blocks_with_responder: int
    blocks_with_captain: int
    members: int
    responders: int

    @property
    def blocks_uncovered(self) -> int:
        return self.blocks - self.blocks_covered


RESPONDER_ROLES = [Member.Role.RESPONDER, Member.Role.CAPTAIN]


def _member_counts(members) -> list[tuple[int | None, int | None, int, int, int]]:
    """Return (zone id, block id, active members, responders, captains) for `members`, one
    query, joining nothing: counting through a join of members with captains' accounts
    multiplied the rows it had to count."""
    return list(
        members.active()
        .values_list("zone_id", "block_id")
        .annotate(
            members=Count("pk"),
            responders=Count("pk", filter=Q(role__in=RESPONDER_ROLES)),
            captains=Count("pk", filter=Q(role=Member.Role.CAPTAIN)),
        )
        .order_by()
    )


def _by_block(rows, counts, captained: set[int]) -> list[tuple[int, BlockCoverage]]:
    """Return (zone id, counts) for each of `rows` (id, zone id, code, name), in their order."""
    per_block: dict[int, list[int]] = {}
    for _zone_id, block_id, *numbers in counts:
        if block_id is not None:
            sums = per_block.setdefault(block_id, [0, 0, 0])
            for i, number in enumerate(numbers):
                sums[i] += number
    result = []
    for pk, zone_id, code, name in rows:
        members, responders, captains = per_block.get(pk, (0, 0, 0))
        coverage = BlockCoverage(
            block_id=pk,
            code=code,
            name=name,
            members=members,
            responders=responders,
            captain=bool(captains) or pk in captained,
        )
        result.append((zone_id, coverage))
    return result


def _captained(blocks) -> set[int]:
    """The ids of the blocks in `blocks` linked to a captain's staff account."""
    links = Block.captain_accounts.through.objects.filter(block__in=blocks)
    return set(links.values_list("block_id", flat=True))


def block_coverage(blocks) -> list[BlockCoverage]:
    """Return the counts of each block in `blocks` (a queryset), in its order: three queries."""
    rows = blocks.values_list("pk", "zone_id", "code", "name")
    counts = _member_counts(Member.objects.filter(block__in=blocks))
    return [coverage for _, coverage in _by_block(rows, counts, _captained(blocks))]


def zone_blocks(zone: Zone) -> list[BlockCoverage]:
    """Return the counts of every block of the zone, by name."""
    return block_coverage(Block.objects.filter(zone=zone).order_by("name", "code"))


def _totals(blocks: list[BlockCoverage], members: int, responders: int) -> ZoneCoverage:
    return ZoneCoverage(
        blocks=len(blocks),
        blocks_covered=sum(1 for block in blocks if block.covered),
        blocks_with_responder=sum(1 for block in blocks if block.responders),
        blocks_with_captain=sum(1 for block in blocks if block.captain),
        members=members,
        responders=responders,
    )


def summarize(zone: Zone, blocks: list[BlockCoverage] | None = None) -> ZoneCoverage:
    """Return the zone's totals; members without a block yet count for the zone."""
    blocks = zone_blocks(zone) if blocks is None else blocks
    counts = (
        Member.objects.active()
        .filter(zone=zone)
        .aggregate(members=Count("pk"), responders=Count("pk", filter=Q(role__in=RESPONDER_ROLES)))
    )
    return _totals(blocks, counts["members"], counts["responders"])


def zone_totals() -> list[tuple[Zone, ZoneCoverage]]:
    """Return every zone with its totals, for the list of zones: four queries in all."""
    zones = list(Zone.objects.defer("geometry").order_by("name"))
    counts = _member_counts(Member.objects.all())
    blocks: dict[int, list[BlockCoverage]] = {zone.pk: [] for zone in zones}
    rows = Block.objects.order_by("name", "code").values_list("pk", "zone_id", "code", "name")
    for zone_id, coverage in _by_block(rows, counts, _captained(Block.objects.all())):
        blocks.setdefault(zone_id, []).append(coverage)
    # A zone's members include those without a block yet, as in summarize().
    members: dict[int, list[int]] = {}
    for zone_id, _block_id, active, responders, _captains in counts:
        sums = members.setdefault(zone_id, [0, 0])
        sums[0] += active
        sums[1] += responders
    return [(zone, _totals(blocks[zone.pk], *members.get(zone.pk, (0, 0)))) for zone in zones]


@transaction.atomic
def record_snapshot(zone: Zone, day: date | None = None) -> CoverageSnapshot:
    """Write (or rewrite) the zone's counts for `day`, today by default, and return the row."""
    totals = summarize(zone)
    snapshot, _ = CoverageSnapshot.objects.update_or_create(
        zone=zone,
        day=day or timezone.localdate(),
        defaults={
            "blocks": totals.blocks,
            "blocks_covered": totals.blocks_covered,
            "blocks_with_responder": totals.blocks_with_responder,
            "blocks_with_captain": totals.blocks_with_captain,
            "members": totals.members,
            "responders": totals.responders,
        },
    )
    return snapshot


def record_all_snapshots(day: date | None = None) -> int:
    """Write today's counts for every zone; return how many zones were counted."""
    count = 0
    for zone in Zone.objects.all():
        record_snapshot(zone, day)
        count += 1
    return count


# The progress chart, drawn by the one chart module (vecinos/core/charts.py).
SERIES = ("members", "responders", "blocks_covered")


def progress_chart(snapshots: list[CoverageSnapshot]) -> Chart | None:
    """Members, responders and covered blocks over the recorded days; None without two days."""
    if len(snapshots) < 2:
        return None
    names = {
        "members": gettext("Active members"),
        "responders": gettext("Responders"),
        "blocks_covered": gettext("Blocks with a member"),
    }
    return Chart(
        title=gettext("Members, responders and blocks with a member, by day"),
        description=gettext("The zone's counts as recorded each night."),
        labels=[date_format(s.day, "SHORT_DATE_FORMAT") for s in snapshots],
        series=[Series(names[name], [getattr(s, name) for s in snapshots]) for name in SERIES],
        kind="lines",
        label_heading=gettext("Day"),
    )
