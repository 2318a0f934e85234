"""Zones' public figures: zones, blocks and how many of them have a member."""

from django.db.models import Count
from django.utils.translation import gettext as _

from vecinos.core.charts import Chart, Series
from vecinos.core.disclosure import protect_count
from vecinos.core.publicstats import Headline, Section, register

from .models import Block, Member, Zone


def coverage_by_zone() -> list[tuple[str, int, int]]:
    """Each zone with its number of blocks and of blocks where an active member lives."""
    covered = dict(
        Block.objects.filter(members__status=Member.Status.ACTIVE)
        .values("zone")
        .annotate(count=Count("pk", distinct=True))
        .values_list("zone", "count")
    )
    return [
        (zone.name, zone.block_count, covered.get(zone.pk, 0))
        for zone in Zone.objects.annotate(block_count=Count("blocks")).order_by("name")
    ]


def build() -> list:
    rows = coverage_by_zone()
    blocks = sum(row[1] for row in rows)
    covered = sum(row[2] for row in rows)
    # Blocks are places, not people; the number of members is a count of people.
    members = protect_count(Member.objects.active().count())
    return [
        Headline(_("zones"), f"{len(rows):,}"),
        Headline(
            _("blocks with at least one member"),
            _("%(covered)s of %(blocks)s") % {"covered": f"{covered:,}", "blocks": f"{blocks:,}"},
        ),
        Headline(_("members in the network"), members),
        Chart(
            title=_("Blocks with at least one member, by zone"),
            description=_("For each zone, the number of its blocks where a member lives."),
            labels=[row[0] for row in rows],
            series=[
                Series(_("Blocks with a member"), [row[2] for row in rows]),
                Series(_("Blocks"), [row[1] for row in rows]),
            ],
            kind="bars",
            label_heading=_("Zone"),
        ),
    ]


register(Section("zones", 10, lambda: _("Zones and blocks"), build))
