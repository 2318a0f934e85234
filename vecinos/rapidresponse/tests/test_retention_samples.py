"""The samples offered to the privacy core's retention tests keep its contract."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings

from vecinos.privacy.retention import registered, run_shredders, set_legal_hold
from vecinos.rapidresponse import testing

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SAMPLES = {
    "incident_locations": (testing.make_located_incident, testing.has_precise_location),
    "hotline_unverified": (testing.make_unverified_incident, testing.incident_exists),
    "closed_cases": (testing.make_closed_case, testing.case_names_family),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_kind_is_purged_at_its_period_and_not_before(db, name):
    shredder = next(s for s in registered() if s.name == name)
    make, exists = SAMPLES[name]
    row = make(NOW)
    run_shredders(now=NOW + shredder.period - timedelta(minutes=1))
    assert exists(row)
    report = run_shredders(now=NOW + shredder.period + timedelta(minutes=1))
    assert not exists(row)
    assert report.counts[name] == 1


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_period_comes_from_the_setting(db, name):
    make, exists = SAMPLES[name]
    row = make(NOW)
    with override_settings(VECINOS_RETENTION={name: 2}):
        run_shredders(now=NOW + timedelta(days=1))
        assert exists(row)
        run_shredders(now=NOW + timedelta(days=2, minutes=1))
        assert not exists(row)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_nothing_is_purged_under_a_legal_hold(db, name):
    make, exists = SAMPLES[name]
    row = make(NOW)
    set_legal_hold(True, actor="system", reason="Preservation letter")
    run_shredders(now=NOW + timedelta(days=3650))
    assert exists(row)
