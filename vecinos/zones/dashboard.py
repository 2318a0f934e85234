"""Zones' panel on the back office home: the network's size and coverage over time.

For organizers and researchers; counts only, no member is named.
"""

from __future__ import annotations

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from vecinos.accounts.roles import Role, has_role
from vecinos.core.charts import Chart, Series
from vecinos.core.dashboard import Link, add_panel
from vecinos.core.periods import week_label
from vecinos.core.publicstats import Headline

from .models import Block, CoverageSnapshot, Member
from .statistics import coverage_by_zone

WEEKS = 26


def coverage_over_time(points: int = WEEKS) -> list:
    """The whole network's recorded counts, one point a week (the last day recorded in each)."""
    days = list(CoverageSnapshot.objects.values_list("day", flat=True).distinct().order_by("day"))
    chosen: dict = {}
    for day in days:
        chosen[day.isocalendar()[:2]] = day
    picked = sorted(chosen.values())[-points:]
    totals = {
        row["day"]: row
        for row in CoverageSnapshot.objects.filter(day__in=picked)
        .values("day")
        .annotate(
            members=Sum("members"),
            responders=Sum("responders"),
            covered=Sum("blocks_covered"),
            captains=Sum("blocks_with_captain"),
        )
    }
    return [(day, totals[day]) for day in picked]


def blocks() -> list:
    active = Member.objects.active()
    captains = active.filter(role=Member.Role.CAPTAIN).count()
    rows = coverage_by_zone()
    total_blocks = sum(row[1] for row in rows)
    covered = sum(row[2] for row in rows)
    history = coverage_over_time()
    content = [
        Headline(_("active members"), f"{active.count():,}"),
        Headline(_("responders"), f"{Member.objects.responders().count():,}"),
        Headline(_("block captains"), f"{captains:,}"),
        Headline(
            _("blocks with nobody"),
            f"{total_blocks - covered:,}",
            note=_("of %(blocks)s blocks") % {"blocks": f"{Block.objects.count():,}"},
        ),
        Chart(
            title=_("Members, responders and coverage over time"),
            description=_("The network's counts as recorded each week."),
            labels=[week_label(day) for day, _row in history],
            series=[
                Series(_("Active members"), [row["members"] for _day, row in history]),
                Series(_("Responders"), [row["responders"] for _day, row in history]),
                Series(_("Blocks with a member"), [row["covered"] for _day, row in history]),
                Series(_("Blocks with a captain"), [row["captains"] for _day, row in history]),
            ],
            kind="lines",
            label_heading=_("Week of"),
        ),
        Chart(
            title=_("Blocks with nobody, by zone"),
            description=_("For each zone, its blocks where no active member lives."),
            labels=[row[0] for row in rows],
            series=[
                Series(_("Blocks with nobody"), [row[1] - row[2] for row in rows]),
                Series(_("Blocks"), [row[1] for row in rows]),
            ],
            kind="bars",
            label_heading=_("Zone"),
        ),
    ]
    return content


def add_panels(request, panels) -> None:
    add_panel(
        panels,
        visible=has_role(request.user, Role.ADMIN, Role.ORGANIZER, Role.RESEARCHER),
        name="zones",
        heading=_("Members and coverage"),
        order=120,
        build=blocks,
        links=lambda: [
            Link(_("Coverage by zone"), reverse("zones_admin:index")),
            Link(_("Coverage as CSV"), reverse("zones_admin:zones-csv")),
        ],
    )
