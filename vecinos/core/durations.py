"""Durations as people say them: "9 minutes 50 seconds", "1 hour 5 minutes", "9 minutos 50
segundos"; never "0:09:50.188772"."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext, ngettext


def _days(n: int) -> str:
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


def _hours(n: int) -> str:
    return ngettext("%(n)d hour", "%(n)d hours", n) % {"n": n}


def _minutes(n: int) -> str:
    return ngettext("%(n)d minute", "%(n)d minutes", n) % {"n": n}


def _seconds(n: int) -> str:
    return ngettext("%(n)d second", "%(n)d seconds", n) % {"n": n}


def humane_duration(value: timedelta | None) -> str:
    """Return a duration in the active language with its two largest units, rounded to the
    second: "45 seconds", "9 minutes 50 seconds", "2 hours 3 minutes", "1 day 4 hours".
    None gives ""."""
    if value is None:
        return ""
    total = max(round(value.total_seconds()), 0)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [
        (days, _days),
        (hours, _hours),
        (minutes, _minutes),
        (seconds, _seconds),
    ]
    # From the largest unit that is not zero, that unit and the next one (if not zero).
    start = next((i for i, (amount, _f) in enumerate(parts) if amount), len(parts) - 1)
    shown = [say(amount) for amount, say in parts[start : start + 2] if amount or not total]
    if len(shown) == 1:
        return shown[0]
    # Translators: the two parts of a duration, "9 minutes 50 seconds".
    return gettext("%(first)s %(second)s") % {"first": shown[0], "second": shown[1]}
