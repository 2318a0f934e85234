"""The flood mechanism itself, on the stores production uses: the count for everyone, the
signed seed, the leading-zero check and single use."""

import hashlib
import itertools

import pytest
from django.core import signing

from vecinos.core.ratelimit import count_everyone
from vecinos.privacy import floods

pytestmark = pytest.mark.django_db


def _solve(seed, bits):
    for nonce in itertools.count():
        digest = hashlib.sha256(f"{seed}{nonce}".encode()).digest()
        if floods.leading_zero_bits(digest) >= bits:
            return str(nonce)


def test_leading_zero_bits():
    assert floods.leading_zero_bits(bytes([0, 0, 0x80])) == 16
    assert floods.leading_zero_bits(bytes([0, 0x01])) == 15
    assert floods.leading_zero_bits(bytes([0xFF])) == 0
    assert floods.leading_zero_bits(bytes(4)) == 32


@pytest.mark.parametrize("store", ["database", "cache"])
def test_the_flood_switches_on_past_the_threshold_and_seeds_work_once(settings, store):
    settings.VECINOS_RATELIMIT_STORE = store
    settings.VECINOS_FLOOD_POSTS_PER_MINUTE = 3
    settings.VECINOS_FLOOD_BITS = 10
    for _ in range(3):
        count_everyone("flood.test.form", period=floods.PERIOD)
    assert not floods.flood_on("test.form")
    count_everyone("flood.test.form", period=floods.PERIOD)
    assert floods.flood_on("test.form")
    assert not floods.flood_on("other.form")

    challenge = floods.make_challenge("test.form")
    nonce = _solve(challenge["seed"], challenge["bits"])
    assert not floods.solution_valid("other.form", challenge["token"], nonce)
    assert floods.solution_valid("test.form", challenge["token"], nonce)
    assert not floods.solution_valid("test.form", challenge["token"], nonce)


def test_a_zero_threshold_never_floods(settings):
    settings.VECINOS_FLOOD_POSTS_PER_MINUTE = 0
    for _ in range(50):
        count_everyone("flood.test.form", period=floods.PERIOD)
    assert not floods.flood_on("test.form")


def test_an_expired_challenge_is_refused(settings, monkeypatch):
    settings.VECINOS_FLOOD_BITS = 4
    challenge = floods.make_challenge("test.form")
    nonce = _solve(challenge["seed"], 4)
    monkeypatch.setattr(floods, "CHALLENGE_MAX_AGE", -1)
    assert not floods.solution_valid("test.form", challenge["token"], nonce)


def test_a_token_signed_with_another_salt_is_refused():
    token = signing.dumps({"s": "ab", "b": 0, "f": "test.form"}, salt="elsewhere")
    assert not floods.solution_valid("test.form", token, "0")
