"""Workshop figures for the organizers' dashboard: counts only, never a person.

Families trained are registrations checked in; people trained add up their family sizes.
They are read from the anonymous rows that remain after the retention schedule blanks the
names, so the counts hold for years. Charts are drawn by vecinos/core/charts.py, like every chart of
the platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vecinos.core.charts import Chart, Series

from .models import Registration, Topic, Workshop

MONTHS = 12


@dataclass
class Row:
    label: str
    families: int
    people: int


def _rows(queryset, key: str, labels: dict) -> list[Row]:
    totals = (
        queryset.values(key)
        .annotate(families=Count("pk"), people=Sum("family_size"))
        .order_by("-people")
    )
    return [
        Row(
            label=str(labels.get(row[key], _("No zone") if row[key] is None else row[key])),
            families=row["families"],
            people=row["people"] or 0,
        )
        for row in totals
    ]


def attended():
    return Registration.objects.filter(attended_at__isnull=False)


def by_zone() -> list[Row]:
    from vecinos.zones.models import Zone

    return _rows(attended(), "zone", dict(Zone.objects.values_list("pk", "name")))


def by_topic() -> list[Row]:
    labels = {topic.pk: topic.name() for topic in Topic.objects.all()}
    return _rows(attended(), "workshop__topic", labels)


def _month_start(day: date, back: int) -> date:
    year, month = day.year, day.month - back
    while month <= 0:
        month += 12
        year -= 1
    return date(year, month, 1)


def by_month(months: int = MONTHS) -> list[Row]:
    """Return the last `months` months, oldest first, including months with nobody."""
    today = timezone.localdate()
    first = _month_start(today, months - 1)
    totals = {
        row["month"].date() if hasattr(row["month"], "date") else row["month"]: row
        for row in attended()
        .filter(attended_at__date__gte=first)
        .annotate(month=TruncMonth("attended_at"))
        .values("month")
        .annotate(families=Count("pk"), people=Sum("family_size"))
    }
    rows = []
    for back in range(months - 1, -1, -1):
        month = _month_start(today, back)
        row = totals.get(month, {})
        rows.append(
            Row(
                label=date_format(month, "M Y"),
                families=row.get("families", 0),
                people=row.get("people") or 0,
            )
        )
    return rows


def families_by_zone_month(months: int = MONTHS):
    """Families trained per zone per month: the months, the zones' names and a count grid.

    Rows are zones by name ("No zone" last, when some families have none), columns the last
    `months` months oldest first, including months with nobody.
    """
    from vecinos.core.periods import last_months
    from vecinos.zones.models import Zone

    periods = last_months(months)
    names = dict(Zone.objects.values_list("pk", "name"))
    grid: dict = {}
    rows = (
        attended()
        .filter(attended_at__date__gte=periods[0])
        .annotate(month=TruncMonth("attended_at"))
        .values("zone", "month")
        .annotate(families=Count("pk"))
    )
    for row in rows:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        grid.setdefault(row["zone"], {})[month] = row["families"]
    zone_ids = sorted((pk for pk in names if pk in grid), key=lambda pk: names[pk])
    labels = [names[pk] for pk in zone_ids]
    if None in grid:
        zone_ids.append(None)
        labels.append(_("No zone"))
    counts = [[grid.get(pk, {}).get(month, 0) for month in periods] for pk in zone_ids]
    return periods, labels, counts


@dataclass
class NoShows:
    expected: int
    came: int

    @property
    def missed(self) -> int:
        return self.expected - self.came

    @property
    def rate(self) -> float | None:
        return self.missed / self.expected if self.expected else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


def no_shows() -> NoShows:
    """Registered families with a seat at past workshops, and how many of them came.

    Walk-ins are left out: they never had a chance not to come.
    """
    past = Workshop.objects.past().exclude(status=Workshop.Status.CANCELLED)
    seated = Registration.objects.filter(
        workshop__in=past, status=Registration.Status.CONFIRMED
    ).exclude(source=Registration.Source.WALK_IN)
    counts = seated.aggregate(
        expected=Count("pk"), came=Count("pk", filter=Q(attended_at__isnull=False))
    )
    return NoShows(expected=counts["expected"], came=counts["came"])


def no_show_by_workshop(limit: int = 10) -> list[tuple[Workshop, NoShows]]:
    past = (
        Workshop.objects.past()
        .exclude(status=Workshop.Status.CANCELLED)
        .select_related("topic")
        .order_by("-starts_at")[:limit]
    )
    result = []
    for workshop in past:
        seated = workshop.registrations.filter(status=Registration.Status.CONFIRMED).exclude(
            source=Registration.Source.WALK_IN
        )
        came = seated.filter(attended_at__isnull=False).count()
        result.append((workshop, NoShows(expected=seated.count(), came=came)))
    return result


def bar_chart(
    rows: list[Row], *, title: str, chart_id: str, vertical: bool = False, label_heading: str = ""
) -> Chart:
    """Families (drawn) and people (in the table) per row, by the one chart module."""
    return Chart(
        title=title,
        description=_("Families checked in at a workshop, and the people in those families."),
        labels=[row.label for row in rows],
        series=[
            Series(_("Families"), [row.families for row in rows]),
            Series(_("People"), [row.people for row in rows]),
        ],
        kind="columns" if vertical else "bars",
        chart_id=chart_id,
        label_heading=label_heading,
    )
