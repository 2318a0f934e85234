"""Find people by phone number or e-mail without storing either in clear.

A blind index is a keyed hash (HMAC-SHA256) of the normalized value, with a key derived for
its purpose from the index root key (crypto.derive_key), truncated to VECINOS_BLIND_INDEX_BITS
bits (16 by default). Truncation is deliberate: with 16 bits one index value is shared by about
one in 65,536 numbers, so at scale a lookup returns a few candidates and is confirmed by
decrypting them, while the column alone cannot tell whether a given person is in the database.

A model keeps the index next to the encrypted value and fills it in its service:

    phone = EncryptedCharField(max_length=32)   # encrypted; purged with the member
    phone_index = BlindIndexField()

    member.phone = normalize_phone(raw)
    member.phone_index = phone_index(member.phone)

and finds rows with `find_by_phone(Member.objects.all(), "phone", raw)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import phonenumbers
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumbers import PhoneMetadata
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

from . import crypto

DEFAULT_BITS = 16

PHONE_ERROR = _("Enter a phone number with its area code, for example 215-555-0134.")
EMAIL_ERROR = _("Enter an e-mail address, for example name@example.org.")


class InvalidPhoneNumber(ValueError):
    """A phone number that cannot be read; str() is a message for the person who typed it."""

    def __init__(self) -> None:
        super().__init__(str(PHONE_ERROR))
        self.message = PHONE_ERROR


class BlindIndexField(models.PositiveIntegerField):
    """An indexed, non-editable column for a truncated blind index."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)


def index_bits() -> int:
    bits = int(getattr(settings, "VECINOS_BLIND_INDEX_BITS", DEFAULT_BITS))
    if not 8 <= bits <= 31:
        raise ValueError("VECINOS_BLIND_INDEX_BITS must be between 8 and 31")
    return bits


# A North American number already written in E.164: "+1", then ten digits not starting with
# 0 or 1 (so no trunk prefix to strip). Numbers read from our own tables look like this.
_NANP_E164 = re.compile(r"\+1[2-9][0-9]{9}")
# The kinds of number phonenumbers calls valid (every PhoneNumberType but UNKNOWN).
_NUMBER_TYPES = (
    "premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan",
    "voicemail", "fixed_line", "mobile",
)  # fmt: skip


def _desc_pattern(desc, length: int) -> str | None:
    # As phonenumbers' _is_number_matching_desc: listed lengths rule a number out first.
    if desc is None or not desc.national_number_pattern:
        return None
    if desc.possible_length and length not in desc.possible_length:
        return None
    return desc.national_number_pattern


@cache
def _nanp_regions() -> tuple:
    """For each region of country code 1, in phonenumbers' order: its leading digits (or
    None) and one pattern for "a number of some known type" (or None when none can be)."""
    regions = []
    for code in COUNTRY_CODE_TO_REGION_CODE[1]:
        metadata = PhoneMetadata.metadata_for_region(code, None)
        if metadata is None:
            continue
        general = _desc_pattern(metadata.general_desc, 10)
        kinds = [_desc_pattern(getattr(metadata, name), 10) for name in _NUMBER_TYPES]
        kinds = [kind for kind in kinds if kind]
        valid = None
        if general and kinds:
            valid = re.compile(f"(?=(?:{general})$)(?:{'|'.join(f'(?:{k})' for k in kinds)})")
        leading = re.compile(metadata.leading_digits) if metadata.leading_digits else None
        regions.append((leading, valid))
    return tuple(regions)


def _valid_nanp(national: str) -> bool:
    """`phonenumbers.is_valid_number` for +1 and these ten digits, with one regex per region.

    The same decision: the number's region is the first whose leading digits it starts with,
    or (for a region without them) the first it is a valid number of; valid means it matches
    the region's general pattern and one of its number types'.
    """
    for leading, valid in _nanp_regions():
        if leading is not None:
            if leading.match(national):
                return valid is not None and valid.fullmatch(national) is not None
        elif valid is not None and valid.fullmatch(national):
            return True
    return False


def normalize_phone(raw: str, region: str = "US") -> str:
    """Return a phone number in E.164 (+12155550134); raise InvalidPhoneNumber if it is none."""
    if raw and _NANP_E164.fullmatch(raw):
        # Already in its normal form: only its validity is left to check, which phonenumbers'
        # parse-validate-format takes about 18 µs for and this about 2 µs (a fan-out
        # normalizes every recipient's number).
        if _valid_nanp(raw[2:]):
            return raw
        raise InvalidPhoneNumber()
    try:
        number = phonenumbers.parse(raw or "", region)
    except phonenumbers.NumberParseException:
        raise InvalidPhoneNumber() from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_email(raw: str) -> str:
    """Return an e-mail address trimmed and lower-cased; raise ValueError if it is none."""
    value = (raw or "").strip().lower()
    local, at, domain = value.partition("@")
    if not (local and at and domain) or any(ch.isspace() for ch in value):
        raise ValueError(str(EMAIL_ERROR))
    return value


def key_purpose(purpose: str) -> str:
    """Return the name the index key for `purpose` ("phone", "email") is derived under."""
    return "blind-index/" + purpose


def blind_index(purpose: str, normalized: str) -> int:
    """Return the truncated keyed hash of an already normalized value."""
    digest = crypto.keyed_hash(key_purpose(purpose), normalized.encode())
    return int.from_bytes(digest[:4], "big") >> (32 - index_bits())


def blind_indexer(keys: crypto.BatchKeys, purpose: str) -> Callable[[str], int]:
    """Return `blind_index` for one purpose with the keys of a batch (`crypto.batch_keys`,
    given `key_purpose(purpose)`), for indexing many values in a row."""
    shift = 32 - index_bits()
    name = key_purpose(purpose)
    return lambda normalized: (
        int.from_bytes(keys.keyed_hash(name, normalized.encode())[:4], "big") >> shift
    )


def phone_index(raw: str, region: str = "US") -> int:
    """Return the blind index of a phone number in any common format."""
    return blind_index("phone", normalize_phone(raw, region))


def email_index(raw: str) -> int:
    """Return the blind index of an e-mail address."""
    return blind_index("email", normalize_email(raw))


def _find(queryset, field, index_field, index_value, same: Callable[[str], bool]) -> list:
    # The index narrows the search to a handful of candidates; decrypting them tells which
    # (if any) is really the one asked for.
    return [
        obj
        for obj in queryset.filter(**{index_field: index_value})
        if (value := getattr(obj, field)) and same(value)
    ]


def find_by_phone(
    queryset: models.QuerySet,
    field: str,
    raw: str,
    *,
    region: str = "US",
    index_field: str | None = None,
) -> list[models.Model]:
    """Return the rows of `queryset` whose encrypted `field` holds the phone number `raw`.

    The index column defaults to `<field>_index`. Raises InvalidPhoneNumber for bad input.
    """
    wanted = normalize_phone(raw, region)

    def same(value: str) -> bool:
        try:
            return normalize_phone(value, region) == wanted
        except InvalidPhoneNumber:
            return False

    index_value = blind_index("phone", wanted)
    return _find(queryset, field, index_field or f"{field}_index", index_value, same)


def find_by_email(
    queryset: models.QuerySet, field: str, raw: str, *, index_field: str | None = None
) -> list[models.Model]:
    """Return the rows of `queryset` whose encrypted `field` holds the e-mail address `raw`."""
    wanted = normalize_email(raw)
    index_value = blind_index("email", wanted)
    return _find(
        queryset,
        field,
        index_field or f"{field}_index",
        index_value,
        lambda value: value.strip().lower() == wanted,
    )
