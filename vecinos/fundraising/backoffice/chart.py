"""Gifts per week, drawn by the one chart module (vecinos/core/charts.py) with its table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from vecinos.core.charts import Chart, Series


@dataclass(frozen=True)
class Week:
    start: date
    gifts: int
    cents: int

    @property
    def dollars(self) -> str:
        return f"${self.cents / 100:,.2f}"


def weekly(gifts: QuerySet, weeks: int = 12, today: date | None = None) -> list[Week]:
    """Return the last `weeks` weeks (Monday first) with the count and net sum of gifts."""
    today = today or timezone.localdate()
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    buckets = {first + timedelta(weeks=n): [0, 0] for n in range(weeks)}
    for given_at, amount, refunded in gifts.filter(given_at__date__gte=first).values_list(
        "given_at", "amount_cents", "refunded_cents"
    ):
        day = timezone.localdate(given_at)
        start = day - timedelta(days=day.weekday())
        if start in buckets:
            buckets[start][0] += 1
            buckets[start][1] += max(0, amount - refunded)
    return [Week(start, count, cents) for start, (count, cents) in sorted(buckets.items())]


def weekly_chart(weeks: list[Week]) -> Chart:
    """The weeks as columns of dollars given, with the count of gifts in the table."""
    return Chart(
        title=gettext("Amount given per week, after refunds"),
        description=gettext("Each week's gifts to this campaign, Monday to Sunday."),
        labels=[date_format(week.start, "M j") for week in weeks],
        series=[
            Series(gettext("Amount"), [week.cents / 100 for week in weeks], formatter=dollar_label),
            Series(gettext("Gifts"), [week.gifts for week in weeks]),
        ],
        kind="columns",
        label_heading=gettext("Week of"),
        chart_id="weekly",
    )


def dollar_label(value) -> str:
    return f"${value:,.2f}" if value % 1 else f"${value:,.0f}"
