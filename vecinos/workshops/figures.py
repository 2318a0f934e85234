"""Workshop figures for the organizers' dashboard: counts only, never a person.

Families trained are registrations checked in; people trained add up their family sizes.
They are read from the anonymous rows that remain after the retention schedule blanks the
names, so the counts hold for years. Charts are SVG drawn here, with presentation attributes
only (no style attributes, no script), so the admin needs nothing from another origin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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


def bar_chart(rows: list[Row], *, title: str, chart_id: str, vertical: bool = False) -> str:
    """Return an SVG bar chart of families and people per row, with a text equivalent."""
    if vertical:
        return _columns(rows, title, chart_id)
    # Each row: its label on a line of its own (long topic names stay whole), then the bars.
    bar_height, gap, label_height, chart_width = 16, 12, 16, 420
    height = max(len(rows), 1) * (label_height + 2 * bar_height + gap) + 10
    top = max([row.people for row in rows] + [1])
    parts = [
        f'<svg class="trainings-chart" role="img" aria-labelledby="{chart_id}-t" '
        f'viewBox="0 0 {chart_width + 60} {height}" width="100%">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
    ]
    y = 4
    for row in rows:
        people = row.people / top * chart_width
        families = row.families / top * chart_width
        parts.append(
            f'<text x="0" y="{y + 12}" font-size="12" fill="currentColor">'
            f"{escape(row.label[:70])}</text>"
        )
        y += label_height
        parts.append(
            f'<rect x="0" y="{y}" width="{families:.1f}" height="{bar_height - 2}" fill="#2e6f95"/>'
        )
        parts.append(
            f'<text x="{families + 4:.1f}" y="{y + 12}" font-size="11" '
            f'fill="currentColor">{row.families}</text>'
        )
        parts.append(
            f'<rect x="0" y="{y + bar_height}" width="{people:.1f}" '
            f'height="{bar_height - 2}" fill="#e3a33b"/>'
        )
        parts.append(
            f'<text x="{people + 4:.1f}" y="{y + bar_height + 12}" '
            f'font-size="11" fill="currentColor">{row.people}</text>'
        )
        y += 2 * bar_height + gap
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or a number


def _columns(rows: list[Row], title: str, chart_id: str) -> str:
    column, gap, chart_height, base = 14, 10, 160, 190
    width = max(len(rows), 1) * (2 * column + gap) + 20
    top = max([row.people for row in rows] + [1])
    parts = [
        f'<svg class="trainings-chart" role="img" aria-labelledby="{chart_id}-t" '
        f'viewBox="0 0 {width} {base + 30}" width="100%">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#888" stroke-width="1"/>',
    ]
    x = 10
    for row in rows:
        families = row.families / top * chart_height
        people = row.people / top * chart_height
        parts.append(
            f'<rect x="{x}" y="{base - families:.1f}" width="{column - 1}" '
            f'height="{families:.1f}" fill="#2e6f95"/>'
        )
        parts.append(
            f'<rect x="{x + column}" y="{base - people:.1f}" width="{column - 1}" '
            f'height="{people:.1f}" fill="#e3a33b"/>'
        )
        if row.people:
            parts.append(
                f'<text x="{x + column}" y="{base - people - 4:.1f}" text-anchor="middle" '
                f'font-size="10" fill="currentColor">{row.people}</text>'
            )
        parts.append(
            f'<text x="{x + column}" y="{base + 16}" text-anchor="middle" font-size="10" '
            f'fill="currentColor">{escape(row.label)}</text>'
        )
        x += 2 * column + gap
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or a number
