import re
from datetime import UTC, datetime, timedelta

import pytest
from django import forms
from django.core.cache import cache
from django.test import RequestFactory

from vecinos.core import ratelimit
from vecinos.core.ratelimit import HoneypotMixin, client_address, rate_limited

ADDRESS = "203.0.113.77"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    moment = {"now": datetime(2025, 3, 1, 12, 0, 5, tzinfo=UTC)}
    monkeypatch.setattr(ratelimit, "_now", lambda: moment["now"])
    return moment


def request_from(address=ADDRESS, **meta):
    return RequestFactory().post("/", REMOTE_ADDR=address, **meta)


def test_limit_is_reached_after_the_allowed_number_of_requests(clock):
    results = [rate_limited(request_from(), "jobs.apply", limit=3, period=60) for _ in range(5)]
    assert results == [False, False, False, True, True]


def test_each_client_has_its_own_count(clock):
    for _ in range(3):
        rate_limited(request_from(), "jobs.apply", limit=3, period=60)
    assert rate_limited(request_from(), "jobs.apply", limit=3, period=60)
    assert not rate_limited(request_from("198.51.100.1"), "jobs.apply", limit=3, period=60)


def test_scopes_are_counted_apart(clock):
    for _ in range(4):
        rate_limited(request_from(), "jobs.apply", limit=3, period=60)
    assert not rate_limited(request_from(), "zones.join", limit=3, period=60)


def test_count_starts_again_in_the_next_window(clock):
    for _ in range(4):
        rate_limited(request_from(), "jobs.apply", limit=3, period=60)
    clock["now"] += timedelta(seconds=60)
    assert not rate_limited(request_from(), "jobs.apply", limit=3, period=60)


def test_the_key_changes_every_day(clock):
    today = ratelimit.client_digest(request_from(), "jobs.apply")
    assert ratelimit.client_digest(request_from(), "jobs.apply") == today
    clock["now"] += timedelta(days=1)
    tomorrow = ratelimit.client_digest(request_from(), "jobs.apply")
    assert tomorrow != today
    assert cache.get("vecinos:ratelimit:secret:2025-03-01") != cache.get(
        "vecinos:ratelimit:secret:2025-03-02"
    )


def test_processes_sharing_the_cache_share_the_daily_key(clock):
    first = ratelimit.client_digest(request_from(), "jobs.apply")
    # Another process has no memory of its own: all it shares with this one is the cache.
    secret = cache.get("vecinos:ratelimit:secret:2025-03-01")
    cache.clear()
    cache.set("vecinos:ratelimit:secret:2025-03-01", secret)
    assert ratelimit.client_digest(request_from(), "jobs.apply") == first


def test_no_address_reaches_the_cache(clock):
    for address in [ADDRESS, "2001:db8::7"]:
        for _ in range(3):
            rate_limited(request_from(address), "jobs.apply", limit=1, period=60)
    stored = dict(cache._cache)  # the raw keys and pickled values of the in-memory cache
    assert len(stored) == 3  # the day's secret and one counter per client
    for key, value in stored.items():
        for leaked in (ADDRESS, "2001:db8::7"):
            assert leaked not in key
            assert leaked.encode() not in value


def test_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.VECINOS_TRUSTED_PROXY_COUNT = 0
    request = request_from("10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert client_address(request) == "10.0.0.2"


def test_forwarded_for_is_read_behind_trusted_proxies(settings):
    settings.VECINOS_TRUSTED_PROXY_COUNT = 1
    request = request_from("10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9")
    assert client_address(request) == "198.51.100.9"
    settings.VECINOS_TRUSTED_PROXY_COUNT = 2
    assert client_address(request) == "6.6.6.6"
    settings.VECINOS_TRUSTED_PROXY_COUNT = 3
    assert client_address(request) == "10.0.0.2"


class SignUpForm(HoneypotMixin, forms.Form):
    name = forms.CharField()


def test_honeypot_left_empty_lets_the_form_through():
    form = SignUpForm(data={"name": "Rosa", "website": ""})
    assert form.is_valid()


def test_honeypot_filled_makes_the_form_invalid_with_a_vague_error():
    form = SignUpForm(data={"name": "Rosa", "website": "http://spam.example"})
    assert not form.is_valid()
    assert form.non_field_errors() == ["The form could not be sent. Please try again."]


def test_honeypot_is_labelled_and_hidden_with_its_label():
    html = str(SignUpForm().as_div())
    assert '<div class="hp"><label for="id_website">Leave this field empty:</label>' in html
    honeypot_input = re.search(r'<input[^>]*name="website"[^>]*>', html).group(0)
    assert 'class="hp"' in honeypot_input
