"""What every sign-up that people confirm and are reminded of shares, whatever the app.

A workshop registration, a signature on a letter or a petition and an RSVP to an event are
all a row with a UUID that a person reaches from a message: a signed link to confirm it or
see it, a short code to type or read out at the door, a reminder some hours before a start,
answered by text with a yes or a no. Those parts live here, once, and each app keeps only
what is its own (seats and waitlists, verification of organizations, capacity of an event).

Links and codes are keyed hashes of the row's id, so nothing is stored for them and nobody
can make one for another row without the key; each use names its own `purpose`, which
keeps a workshop ticket from opening a signature.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from vecinos.privacy import crypto

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAC_BYTES = 12

# Answers to "are you coming?" by text, after the text is lowered and stripped of accents.
YES = "yes"
NO = "no"
MAYBE = "maybe"
ANSWER_WORDS = {
    YES: {"1", "uno", "one", "si", "yes", "y", "voy"},
    NO: {"2", "dos", "two", "no", "n"},
    MAYBE: {"3", "tres", "three", "maybe", "quizas", "talvez", "tal"},
}
NO_PHRASES = {"no puedo", "no puedo ir", "cant", "cant come", "no voy"}


class InvalidLink(ValueError):
    """A signed link or code that belongs to no row of this purpose."""


# Signed links ------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(purpose: str, raw: bytes) -> bytes:
    return crypto.keyed_hash(purpose, raw)[:MAC_BYTES]


def signed_token(purpose: str, pk: uuid.UUID) -> str:
    """Return "<id>.<keyed hash of id>", both base64: short enough for a text message."""
    raw = pk.bytes
    return f"{_b64(raw)}.{_b64(_mac(purpose, raw))}"


def token_pk(purpose: str, token: str) -> uuid.UUID:
    """Return the id a signed token of `purpose` names; raise InvalidLink."""
    try:
        head, _dot, mac = (token or "").strip().partition(".")
        raw, given = _unb64(head), _unb64(mac)
    except (ValueError, TypeError, binascii.Error):
        raise InvalidLink from None
    if len(raw) != 16 or not hmac.compare_digest(given, _mac(purpose, raw)):
        raise InvalidLink
    return uuid.UUID(bytes=raw)


def short_code(purpose: str, pk: uuid.UUID, length: int = CODE_LENGTH) -> str:
    """Return a code of unambiguous letters and digits derived from the row's id.

    It means nothing outside the few rows it is matched against (a workshop's registrations,
    one signature), so it can be short.
    """
    digest = crypto.keyed_hash(purpose, str(pk).encode())
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(length):
        number, rest = divmod(number, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[rest])
    return "".join(chars)


def clean_code(code: str) -> str:
    """Return a typed code upper-cased, without spaces or dashes."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_matches(purpose: str, pk: uuid.UUID, typed: str, length: int = CODE_LENGTH) -> bool:
    return hmac.compare_digest(short_code(purpose, pk, length), clean_code(typed))


# Times as people say them ------------------------------------------------------------------


# Reminders ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueReminder:
    """The reminder to send now (`hours` before the start) and every hour mark now passed."""

    hours: int
    passed: frozenset[int]

    def record(self, already: Iterable[int]) -> str:
        """Return what the row keeps of its reminders after this one: "24,2"."""
        return ",".join(str(h) for h in sorted(set(already) | self.passed, reverse=True))


def parse_reminded(text: str) -> set[int]:
    return {int(hours) for hours in (text or "").split(",") if hours.strip().isdigit()}


def due_reminder(
    starts_at: datetime, hours_list: Iterable[int], already: Iterable[int], now: datetime
) -> DueReminder | None:
    """Return the reminder due now for a start, or None.

    A reminder is due `hours` before the start and until the start, so one missed while the
    worker was down still goes, late. Only the nearest is sent: earlier ones that were missed
    are moot, and are recorded as passed with it so they never go.
    """
    if starts_at <= now:
        return None
    already = set(already)
    passed = {h for h in hours_list if starts_at - timedelta(hours=h) <= now}
    missing = passed - already
    if not missing:
        return None
    return DueReminder(hours=min(missing), passed=frozenset(passed))


def reminder_horizon(hours_list: Iterable[int], now: datetime) -> datetime | None:
    """Return the latest start that can have a reminder due now (for the query), or None."""
    hours_list = list(hours_list)
    return now + timedelta(hours=max(hours_list)) if hours_list else None


# Answers by text ---------------------------------------------------------------------------


def answer_of(words: Iterable[str]) -> str | None:
    """Return YES, NO or MAYBE for a reply's words (already lowered, accents dropped)."""
    words = list(words)
    if not words:
        return None
    if " ".join(words) in NO_PHRASES:
        return NO
    first = words[0]
    for answer, accepted in ANSWER_WORDS.items():
        if first in accepted:
            return answer
    return None
