"""Sealing and hashing many values with the keys of one batch (crypto.batch_keys)."""

import random

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vecinos.privacy import crypto
from vecinos.privacy.blind_index import (
    InvalidPhoneNumber,
    blind_index,
    blind_indexer,
    key_purpose,
    normalize_phone,
)

pytestmark = pytest.mark.django_db


def test_batch_seals_open_with_the_ordinary_decrypt_and_stay_bound_to_their_row():
    keys = crypto.batch_keys()
    context = crypto.field_context("demo.thing", "phone", "row-1")
    assert crypto.field_context_prefix("demo.thing", "phone") + b"row-1" == context
    sealed = keys.encrypt_text("+12155550134", context)
    assert crypto.decrypt_text(sealed, context) == "+12155550134"
    assert crypto.key_id_of(crypto.base64.b64decode(sealed)) == crypto.active_key_id()
    # Each value gets its own nonce.
    assert keys.encrypt_text("+12155550134", context) != sealed
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(sealed, crypto.field_context("demo.thing", "phone", "row-2"))


def test_batch_hashes_and_indexes_equal_the_one_at_a_time_ones():
    keys = crypto.batch_keys("optout", key_purpose("phone"))
    assert keys.keyed_hash("optout", b"sms:+12155550134") == crypto.keyed_hash(
        "optout", b"sms:+12155550134"
    )
    index = blind_indexer(keys, "phone")
    for number in ("+12155550134", "+12155550135", "+5215512345678"):
        assert index(number) == blind_index("phone", number)
    with pytest.raises(KeyError):
        keys.keyed_hash("zones/member-token", b"x")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=130), st.binary(max_size=300))
def test_hmac_from_padded_key_states_is_hmac_sha256(key, message):
    inner, outer = crypto._hmac_states(key)
    inner = inner.copy()
    inner.update(message)
    outer.update(inner.digest())
    assert outer.digest() == crypto.hmac.digest(key, message, "sha256")


def test_derived_keys_follow_the_index_root_and_go_with_it(fresh_keyring, settings):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    settings.VECINOS_KEY_CACHE_SECONDS = 30

    def expected():
        root = crypto._index_root()
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"vecinos/optout").derive(
            root
        )

    assert crypto.derive_key("optout") == expected()
    assert crypto.derive_key("optout") == expected()  # from memory the second time
    crypto.forget_data_keys()
    assert crypto._keyring.derived == {}
    assert crypto.derive_key("optout") == expected()
    crypto.lock()
    with pytest.raises(crypto.Locked):
        crypto.derive_key("optout")


def _reference(raw: str) -> str | None:
    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _ours(raw: str) -> str | None:
    try:
        return normalize_phone(raw)
    except InvalidPhoneNumber:
        return None


def test_quick_path_for_e164_numbers_agrees_with_phonenumbers_across_north_america():
    # Every area code (and the Caribbean's, which phonenumbers tells apart by leading
    # digits), with random exchanges and lines: valid and invalid numbers alike.
    draw = random.Random(20261202)
    numbers = [
        f"+1{area}{draw.randrange(10**7):07d}" for area in range(200, 1000) for _ in range(12)
    ]
    numbers += ["+12155550134", "+18005550199", "+19005550100", "+12685551234", "+11234567890"]
    results = [(raw, _ours(raw), _reference(raw)) for raw in numbers]
    assert [r for r in results if r[1] != r[2]] == []
    valid = sum(1 for r in results if r[1])
    assert 0.2 * len(results) < valid < 0.95 * len(results)  # both kinds were tried


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A\+1[0-9]{10}\Z"))
def test_any_plus_one_number_is_read_as_phonenumbers_reads_it(raw):
    assert _ours(raw) == _reference(raw)
