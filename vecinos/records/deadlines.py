"""Statutory deadlines of a records request, counted from its law's rule.

A law (`TransparencyLaw`) says how many days an agency has to answer, by how much it may extend
that time, and how long the requester has to appeal a denial; each period is counted in business
days (weekdays that are not public holidays of the law's jurisdiction, from the maintained
`holidays` library) or calendar days. The day a period starts from is never counted: a request
filed on a Wednesday with five business days is due on the following Wednesday.

The rules seeded in the first migration, as the statutes write them:

* Pennsylvania Right-to-Know Law (65 P.S. § 67.901-902, 1101): five business days to answer;
  the agency may extend by up to 30 calendar days following those five; silence is a deemed
  denial; an appeal to the Office of Open Records within 15 business days of the denial. A
  calendar period ending on a weekend or holiday runs to the next business day (1 Pa.C.S.
  § 1908).
* Federal FOIA (5 U.S.C. § 552(a)(6)): twenty business days ("excepting Saturdays, Sundays, and
  legal public holidays"); ten more business days in unusual circumstances; an administrative
  appeal within 90 calendar days of the adverse determination (agencies' regulations do not move
  it off a weekend, so neither does this).
* Connecticut FOIA (Conn. Gen. Stat. § 1-206): four business days, after which silence is a
  denial; an appeal to the Freedom of Information Commission within 30 calendar days.

This module is pure: it takes the law, the date filed and the timeline's steps, and returns
dates. It never looks at the clock unless it is given `today`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache

import holidays
from django.utils.translation import gettext_lazy as _

# Steps of the timeline that answer the request, and those that refuse at least part of it.
ANSWERS = frozenset({"partly_granted", "granted", "denied"})
REFUSALS = frozenset({"partly_granted", "denied", "deemed_denied"})
FINISHED = frozenset({"closed"})

KIND_LABELS = {
    "response": _("Agency's answer due"),
    "extended_response": _("Agency's answer due (extended)"),
    "appeal": _("Appeal due"),
}


@cache
def _holidays(country: str, subdivision: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdivision or None, years=year)


def is_business_day(day: datetime.date, country: str = "US", subdivision: str = "") -> bool:
    """Return whether `day` is a weekday and not a public holiday of the jurisdiction."""
    return day.weekday() < 5 and day not in _holidays(country, subdivision, day.year)


def add_business_days(
    start: datetime.date, days: int, country: str = "US", subdivision: str = ""
) -> datetime.date:
    """Return the `days`-th business day after `start` (`start` itself never counts)."""
    day = start
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_business_day(day, country, subdivision):
            counted += 1
    return day


def add_period(start: datetime.date, days: int, *, business: bool, law) -> datetime.date:
    """Add one of the law's periods to `start`."""
    country, subdivision = law.holiday_country, law.holiday_subdivision
    if business:
        return add_business_days(start, days, country, subdivision)
    due = start + datetime.timedelta(days=days)
    if law.calendar_roll_forward:
        while not is_business_day(due, country, subdivision):
            due += datetime.timedelta(days=1)
    return due


@dataclass(frozen=True)
class Step:
    """One step of a request's timeline: a status and the day it happened."""

    status: str
    on: datetime.date


@dataclass(frozen=True)
class Deadline:
    kind: str  # "response", "extended_response" or "appeal"
    due: datetime.date
    # The day the step that meets the deadline happened, None while it has not.
    met_on: datetime.date | None = None

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def met(self) -> bool:
        return self.met_on is not None

    def missed(self, today: datetime.date) -> bool:
        return self.met_on is None and today > self.due

    def open(self, today: datetime.date) -> bool:
        return self.met_on is None and today <= self.due


def _first(steps: list[Step], statuses) -> Step | None:
    return next(
        (step for step in sorted(steps, key=lambda s: s.on) if step.status in statuses), None
    )


def compute_deadlines(
    law, filed: datetime.date, steps: list[Step], today: datetime.date | None = None
) -> list[Deadline]:
    """Return the response deadline and, once the request is refused, the appeal deadline.

    The response is due `response_days` after the day filed; a step "extended" moves it by the
    law's extension counted from the original deadline. Where the law treats silence as a
    denial and no answer came by the deadline, the refusal is dated the deadline itself and the
    appeal is counted from it (once `today` is past the deadline, or a "deemed denied" step is
    recorded).
    """
    if law is None:
        return []
    deadlines: list[Deadline] = []
    response_due = add_period(filed, law.response_days, business=law.response_business, law=law)
    extended = _first(steps, {"extended"})
    kind = "response"
    if extended is not None and law.extension_days:
        response_due = add_period(
            response_due, law.extension_days, business=law.extension_business, law=law
        )
        kind = "extended_response"
    answer = _first(steps, ANSWERS)
    deadlines.append(Deadline(kind, response_due, answer.on if answer else None))

    refusal = _first(steps, REFUSALS)
    refused_on = None
    if refusal is not None:
        refused_on = refusal.on if refusal.status != "deemed_denied" else response_due
    elif answer is None and law.silence_is_denial and today is not None and today > response_due:
        refused_on = response_due
    if refused_on is not None and law.appeal_days:
        appealed = _first(steps, {"appealed"})
        deadlines.append(
            Deadline(
                "appeal",
                add_period(refused_on, law.appeal_days, business=law.appeal_business, law=law),
                appealed.on if appealed else None,
            )
        )
    return deadlines


def effective_status(law, filed, steps: list[Step], today: datetime.date) -> str:
    """The request's status today: its last step, or "deemed denied" when silence became one."""
    # Steps of one day keep the order they were recorded in (a stable sort).
    last = sorted(steps, key=lambda s: s.on)[-1].status if steps else "filed"
    if (
        law is None
        or not law.silence_is_denial
        or last not in {"filed", "acknowledged", "extended"}
    ):
        return last
    response = compute_deadlines(law, filed, steps, today)[0]
    return "deemed_denied" if response.missed(today) else last
