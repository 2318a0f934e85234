"""Months and weeks for figures: the periods a chart or a table is counted by."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import date_format


def month_start(day: date, back: int = 0) -> date:
    """The first day of the month `back` months before the month of `day`."""
    year, month = day.year, day.month - back
    while month <= 0:
        month += 12
        year -= 1
    return date(year, month, 1)


def last_months(count: int, today: date | None = None) -> list[date]:
    """The first days of the last `count` months, oldest first, this month included."""
    today = today or timezone.localdate()
    return [month_start(today, back) for back in range(count - 1, -1, -1)]


def week_start(day: date) -> date:
    """The Monday of the week of `day`."""
    return day - timedelta(days=day.weekday())


def last_weeks(count: int, today: date | None = None) -> list[date]:
    today = today or timezone.localdate()
    this = week_start(today)
    return [this - timedelta(weeks=back) for back in range(count - 1, -1, -1)]


def month_label(month: date) -> str:
    return date_format(month, "M Y")


def week_label(week: date) -> str:
    return date_format(week, "M j")
