"""Workshops' panel on the back office home: coming sessions and their seats, families trained
per zone per month. For organizers and researchers; counts only.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vecinos.accounts.roles import Role, has_role
from vecinos.core.charts import Chart, Series
from vecinos.core.dashboard import Items, Link, add_panel
from vecinos.core.disclosure import Cell, ProtectedTable
from vecinos.core.periods import month_label
from vecinos.core.publicstats import Headline, Table

from . import figures
from .models import Workshop

MONTHS = 6


def _plain_table(rows, columns, counts) -> ProtectedTable:
    """Staff see the counts as they are: the same table, nothing hidden."""
    return ProtectedTable(
        rows,
        columns,
        [[Cell(value) for value in row] for row in counts],
        [Cell(sum(row)) for row in counts],
        [Cell(sum(column)) for column in zip(*counts, strict=True)] if counts else [],
        Cell(sum(map(sum, counts))),
    )


def blocks() -> list:
    upcoming = Workshop.objects.upcoming().select_related("topic")[:5]
    lines = [
        _("%(workshop)s, %(when)s: %(taken)s of %(capacity)s seats taken")
        % {
            "workshop": workshop.title(),
            "when": date_format(timezone.localtime(workshop.starts_at), "DATETIME_FORMAT"),
            "taken": workshop.seats_taken(),
            "capacity": workshop.capacity,
        }
        for workshop in upcoming
    ]
    months, zones, counts = figures.families_by_zone_month(MONTHS)
    labels = [month_label(month) for month in months]
    by_month = (
        [sum(column) for column in zip(*counts, strict=True)] if counts else [0] * len(months)
    )
    no_shows = figures.no_shows()
    content = [
        Headline(_("families trained in six months"), f"{sum(by_month):,}"),
        Headline(
            _("no-shows"),
            f"{no_shows.percent}%" if no_shows.percent is not None else "–",
            note=_("%(missed)s of %(expected)s registered families")
            % {"missed": no_shows.missed, "expected": no_shows.expected},
        ),
        Items(_("Coming workshops"), lines, empty=_("No workshop is planned right now.")),
        Chart(
            title=_("Families trained, by month"),
            description=_("Families that attended a Know Your Rights workshop each month."),
            labels=labels,
            series=[Series(_("Families"), by_month)],
            kind="columns",
            label_heading=_("Month"),
        ),
    ]
    if zones:
        content.append(
            Table(
                title=_("Families trained, by zone and month"),
                description="",
                table=_plain_table(zones, labels, counts),
                label_heading=_("Zone"),
                total_heading=_("Total"),
            )
        )
    return content


def add_panels(request, panels) -> None:
    add_panel(
        panels,
        visible=has_role(request.user, Role.ADMIN, Role.ORGANIZER, Role.RESEARCHER),
        name="workshops",
        heading=_("Workshops"),
        order=130,
        build=blocks,
        links=lambda: [
            Link(_("All the workshop figures"), reverse("workshops_admin:figures")),
            Link(_("Families trained as CSV"), reverse("workshops_admin:attendance-csv")),
        ],
    )
