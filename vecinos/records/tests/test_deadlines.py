"""Worked examples of each law's deadlines, across weekends, holidays and extensions.

Every date below was counted by hand on a 2026-2027 calendar; the holidays are those of the
`holidays` library for the law's jurisdiction (US federal, US-PA, US-CT).
"""

import datetime

import pytest

from vecinos.records.deadlines import (
    Step,
    add_business_days,
    compute_deadlines,
    effective_status,
    is_business_day,
)
from vecinos.records.models import TransparencyLaw

D = datetime.date


@pytest.fixture
def laws(db):
    return {law.code: law for law in TransparencyLaw.objects.all()}


def by_kind(deadlines):
    return {deadline.kind: deadline for deadline in deadlines}


def test_the_three_laws_are_seeded(laws):
    assert set(laws) == {"pa-rtkl", "foia", "ct-foia"}
    assert (laws["pa-rtkl"].response_days, laws["pa-rtkl"].extension_days) == (5, 30)
    assert laws["foia"].response_days == 20
    assert laws["ct-foia"].appeal_days == 30


def test_jurisdictions_have_their_own_holidays():
    # The day after Thanksgiving is a Pennsylvania holiday, not a federal one.
    assert not is_business_day(D(2026, 11, 27), "US", "PA")
    assert is_business_day(D(2026, 11, 27), "US", "")
    # Lincoln's Birthday and Good Friday close Connecticut's offices.
    assert not is_business_day(D(2027, 2, 12), "US", "CT")
    assert not is_business_day(D(2026, 4, 3), "US", "CT")
    assert is_business_day(D(2026, 4, 3), "US", "PA")
    # Weekends never count.
    assert not is_business_day(D(2026, 12, 5), "US", "")


def test_the_start_day_never_counts():
    # Filed on a Wednesday: five business days later is the next Wednesday.
    assert add_business_days(D(2026, 12, 2), 5) == D(2026, 12, 9)
    # Filed on a Saturday: Monday is the first business day.
    assert add_business_days(D(2026, 12, 5), 1) == D(2026, 12, 7)


def test_pennsylvania_over_thanksgiving_with_an_extension_and_an_appeal(laws):
    law = laws["pa-rtkl"]
    filed = D(2026, 11, 25)  # Wednesday before Thanksgiving
    # Thu 26 (Thanksgiving) and Fri 27 (day after, a PA holiday) are skipped, then the weekend:
    # Mon 30 (1), Tue Dec 1 (2), Wed 2 (3), Thu 3 (4), Fri 4 (5).
    [response] = compute_deadlines(law, filed, [Step("filed", filed)], D(2026, 11, 30))
    assert (response.kind, response.due) == ("response", D(2026, 12, 4))

    # The agency extends: 30 calendar days after Dec 4 is Sunday, January 3, 2027, which runs to
    # Monday, January 4 (1 Pa.C.S. § 1908).
    steps = [Step("filed", filed), Step("extended", D(2026, 12, 3))]
    [response] = compute_deadlines(law, filed, steps, D(2026, 12, 10))
    assert (response.kind, response.due) == ("extended_response", D(2027, 1, 4))

    # Denied on Friday, December 18: 15 business days skipping Christmas and New Year's Day:
    # Dec 21-24 (4), 28-31 (8), Jan 4-8 (13), Jan 11 (14), Jan 12 (15).
    steps.append(Step("denied", D(2026, 12, 18)))
    deadlines = by_kind(compute_deadlines(law, filed, steps, D(2026, 12, 19)))
    assert deadlines["extended_response"].met_on == D(2026, 12, 18)
    assert deadlines["appeal"].due == D(2027, 1, 12)
    assert not deadlines["appeal"].met

    steps.append(Step("appealed", D(2027, 1, 8)))
    deadlines = by_kind(compute_deadlines(law, filed, steps, D(2027, 1, 9)))
    assert deadlines["appeal"].met_on == D(2027, 1, 8)


def test_pennsylvania_silence_is_a_deemed_denial_with_its_own_appeal(laws):
    law = laws["pa-rtkl"]
    filed = D(2026, 12, 2)
    steps = [Step("filed", filed)]
    # Due Wednesday, December 9; on that day the request is still waiting.
    assert effective_status(law, filed, steps, D(2026, 12, 9)) == "filed"
    assert len(compute_deadlines(law, filed, steps, D(2026, 12, 9))) == 1
    # The day after, silence is a denial, and the appeal runs 15 business days from Dec 9:
    # Dec 10-11 (2), 14-18 (7), 21-24 (11), 28-31 (15) -> Thursday, December 31.
    assert effective_status(law, filed, steps, D(2026, 12, 10)) == "deemed_denied"
    deadlines = by_kind(compute_deadlines(law, filed, steps, D(2026, 12, 10)))
    assert deadlines["response"].missed(D(2026, 12, 10))
    assert deadlines["appeal"].due == D(2026, 12, 31)


def test_federal_foia_over_the_winter_holidays_with_unusual_circumstances(laws):
    law = laws["foia"]
    filed = D(2026, 12, 18)  # Friday
    # 20 business days: Dec 21-24 (4), Dec 28-31 (8), Jan 4-8 (13), Jan 11-15 (18),
    # Martin Luther King Jr. Day on Monday, January 18, then Jan 19 (19), Jan 20 (20).
    [response] = compute_deadlines(law, filed, [], D(2026, 12, 20))
    assert response.due == D(2027, 1, 20)
    # Unusual circumstances add ten business days: Jan 21-22 (2), 25-29 (7), Feb 1-3 (10).
    steps = [Step("extended", D(2027, 1, 15))]
    [response] = compute_deadlines(law, filed, steps, D(2027, 1, 20))
    assert (response.kind, response.due) == ("extended_response", D(2027, 2, 3))
    # Denied in part on Monday, February 1: 90 calendar days is Sunday, May 2, 2027, and the
    # federal appeal deadline does not move off a weekend.
    steps.append(Step("partly_granted", D(2027, 2, 1)))
    deadlines = by_kind(compute_deadlines(law, filed, steps, D(2027, 2, 2)))
    assert deadlines["appeal"].due == D(2027, 5, 2)


def test_connecticut_over_lincolns_and_washingtons_birthdays(laws):
    law = laws["ct-foia"]
    filed = D(2027, 2, 11)  # Thursday
    # Fri Feb 12 (Lincoln's Birthday), the weekend and Mon Feb 15 (Washington's Birthday) are
    # skipped: Tue 16 (1), Wed 17 (2), Thu 18 (3), Fri 19 (4).
    [response] = compute_deadlines(law, filed, [], D(2027, 2, 12))
    assert response.due == D(2027, 2, 19)
    # Connecticut has no extension: an "extended" step changes nothing.
    [response] = compute_deadlines(law, filed, [Step("extended", D(2027, 2, 16))], D(2027, 2, 12))
    assert (response.kind, response.due) == ("response", D(2027, 2, 19))
    # Silence past Friday the 19th is a denial; 30 calendar days later is Sunday, March 21.
    deadlines = by_kind(compute_deadlines(law, filed, [], D(2027, 2, 22)))
    assert deadlines["appeal"].due == D(2027, 3, 21)


def test_a_law_an_admin_adds_counts_the_same_way(db):
    law = TransparencyLaw.objects.create(
        code="nj-opra",
        name="Open Public Records Act (New Jersey)",
        holiday_subdivision="NJ",
        response_days=7,
        appeal_days=45,
    )
    # Seven business days from Monday, December 21, 2026: Dec 22-24 (3), Dec 28-31 (7).
    [response] = compute_deadlines(law, D(2026, 12, 21), [], D(2026, 12, 22))
    assert response.due == D(2026, 12, 31)


def test_a_request_without_a_law_has_no_deadline():
    assert compute_deadlines(None, D(2026, 12, 2), [], D(2026, 12, 3)) == []
    assert effective_status(None, D(2026, 12, 2), [], D(2027, 3, 3)) == "filed"
