"""Rate-limit counts live where nothing evicts them, and no backup holds their key."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory

from vecinos.core import periodic, ratelimit
from vecinos.core.models import RateLimitCounter
from vecinos.core.ratelimit import rate_limited

LIMIT = 3


def request_from(address):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def use_file_cache(settings, folder):
    """The cache of a default install: files, culled by a third past 300 entries."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(folder),
        }
    }


def flood(addresses: int, scope="hotline.report"):
    """One post from each of many addresses: one count each, past the old 300-entry limit."""
    for n in range(addresses):
        rate_limited(
            request_from(f"10.{n // 65536}.{n // 256 % 256}.{n % 256}"),
            scope,
            limit=LIMIT,
            period=600,
        )


def trips(address, scope="hotline.report"):
    return [
        rate_limited(request_from(address), scope, limit=LIMIT, period=600)
        for _ in range(LIMIT + 1)
    ]


def test_the_embedded_default_keeps_rate_limits_in_the_database(settings):
    del settings.VECINOS_RATELIMIT_STORE
    settings.REDIS_URL = ""
    assert ratelimit._store() == "database"
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert ratelimit._store() == "redis"


@pytest.mark.django_db
def test_a_flood_from_many_addresses_does_not_erase_the_counts_it_should_trip(settings, tmp_path):
    settings.VECINOS_RATELIMIT_STORE = "database"
    # The file cache of a default install, the old home of the counts, is still there and
    # culls itself; the rate limits no longer depend on it.
    use_file_cache(settings, tmp_path)
    # Five addresses are over their limit; then 1,000 other addresses post once each.
    flooders = [f"203.0.113.{n}" for n in range(5)]
    for address in flooders:
        assert trips(address)[-1] is True
    digest = ratelimit.client_digest(request_from(flooders[0]), "hotline.report")
    flood(1000)
    assert RateLimitCounter.objects.count() == 1005
    assert ratelimit.client_digest(request_from(flooders[0]), "hotline.report") == digest
    # Each of the five is still over its limit, and each of the 1,000 trips at its own.
    for address in flooders:
        assert rate_limited(request_from(address), "hotline.report", limit=LIMIT, period=600)
    assert trips("10.0.1.7") == [False, False, True, True]


@pytest.mark.django_db
def test_the_cache_store_would_lose_the_counts(settings, tmp_path):
    """What the database store fixes: the file cache drops counts past 300 entries."""
    settings.VECINOS_RATELIMIT_STORE = "cache"
    use_file_cache(settings, tmp_path)
    flood(400)
    assert len(list(tmp_path.glob("*.djcache"))) < 400


@pytest.mark.django_db
def test_expired_counts_are_deleted_every_hour(settings, monkeypatch):
    settings.VECINOS_RATELIMIT_STORE = "database"
    flood(5)
    assert RateLimitCounter.objects.count() == 5
    later = ratelimit._now() + timedelta(days=2)
    monkeypatch.setattr(ratelimit, "_now", lambda: later)
    assert periodic.get("core.ratelimit_expiry").run() == {"counts": 5}
    assert not RateLimitCounter.objects.exists()


@pytest.mark.django_db
def test_the_database_holds_no_key_of_the_hashes_it_counts_under(settings):
    # A copy of the database (a backup) must not hold what tests an address against a count.
    settings.VECINOS_RATELIMIT_STORE = "database"
    flood(3)
    day = ratelimit._now().strftime("%Y-%m-%d")
    key = ratelimit._daily_secret(day).decode()
    dump = "\n".join(str(row) for row in RateLimitCounter.objects.values_list())
    assert key not in dump
    tables = connection.introspection.table_names()
    assert [name for name in tables if "ratelimit" in name] == ["core_ratelimitcounter"]
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert ratelimit._daily_secret(day).decode() != key


def test_redis_keeps_the_counts_too(settings):
    import redis

    from conftest import require_service

    url = "redis://127.0.0.1:6379/13"
    try:
        redis.Redis.from_url(url).ping()
        reachable = True
    except redis.exceptions.ConnectionError:
        reachable = False
    require_service(reachable, "Redis is not running on 127.0.0.1:6379")
    settings.VECINOS_RATELIMIT_STORE = "redis"
    settings.REDIS_URL = url
    redis.Redis.from_url(url).flushdb()
    try:
        flood(350, scope="redis.test")
        assert trips("10.0.1.9", scope="redis.test") == [False, False, True, True]
        assert (
            redis.Redis.from_url(url).ttl(
                next(iter(redis.Redis.from_url(url).scan_iter("*:redis.test:*")))
            )
            > 0
        )
    finally:
        redis.Redis.from_url(url).flushdb()
