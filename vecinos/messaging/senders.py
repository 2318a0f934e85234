"""Who texts go out from: one or more numbers, or a Twilio Messaging Service, each at its rate.

VECINOS_SMS_SENDERS lists them, comma-separated, each `ADDRESS:RATE`: a number in E.164 or a
Messaging Service SID (MG…), and the texts per second it may send, e.g.
"+12155550100:1,+12155550101:1" or "MG0123…:50" (the rate may be left out: VECINOS_SMS_RATE).
Without the list there is one sender, TWILIO_MESSAGING_SERVICE_SID or else TWILIO_FROM_NUMBER,
at VECINOS_SMS_RATE. E-mail has one sender at VECINOS_EMAIL_RATE.

Each recipient stays on one sender. Replies and keywords are matched by the number they come
from, whichever of ours they reach, but a person's texts belong in one thread on their phone,
and Twilio applies a STOP to the number it was sent to: the answer to a reminder, or a STOP,
goes back to the number that wrote. The pick is a weighted rendezvous hash of the recipient's
blind index (never the number itself): the same person always gets the same sender, a sender
with twice the rate gets about twice the people, and a sender added later takes over only
its share. A large alert is so spread over every sender in proportion to its rate.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT = "default"  # the row's sender until one is picked, and the one sender without a number
_ADDRESS = re.compile(r"^(\+[1-9][0-9]{6,14}|MG[0-9a-fA-F]{32})$")


@dataclass(frozen=True)
class Sender:
    address: str  # "+12155550100", "MG…", or DEFAULT
    rate: float  # sends per second; 0 means no limit

    @property
    def is_service(self) -> bool:
        return self.address.startswith("MG")


def senders(channel: str) -> tuple[Sender, ...]:
    """Return the configured senders of a channel, in the order configured."""
    if channel != "sms":
        return (Sender(DEFAULT, max(float(getattr(settings, "VECINOS_EMAIL_RATE", 0)), 0.0)),)
    return _parse(
        getattr(settings, "VECINOS_SMS_SENDERS", ""),
        settings.TWILIO_MESSAGING_SERVICE_SID or settings.TWILIO_FROM_NUMBER or DEFAULT,
        max(float(settings.VECINOS_SMS_RATE), 0.0),
    )


@cache
def _parse(listed: str, single: str, rate: float) -> tuple[Sender, ...]:
    if not listed.strip():
        return (Sender(single, rate),)
    found = []
    for entry in listed.split(","):
        address, _, given = entry.strip().partition(":")
        if not _ADDRESS.match(address):
            raise ImproperlyConfigured(
                f"VECINOS_SMS_SENDERS: {address!r} is neither an E.164 number nor an MG… SID"
            )
        try:
            found.append(Sender(address, max(float(given), 0.0) if given else rate))
        except ValueError:
            raise ImproperlyConfigured(f"VECINOS_SMS_SENDERS: bad rate {given!r}") from None
    return tuple(found)


def total_rate(channel: str) -> float:
    """Return what every sender of a channel sends together per second; 0 means no limit."""
    rates = [sender.rate for sender in senders(channel)]
    return 0.0 if 0 in rates else sum(rates)


def sender_for(message) -> Sender:
    """Return the sender of an outbox row: the one it names, or its recipient's own."""
    configured = senders(message.channel)
    for sender in configured:
        if sender.address == message.sender:
            return sender
    if len(configured) == 1:
        return configured[0]
    key = str(message.to_index if message.to_index is not None else message.id)
    return max(configured, key=lambda sender: _score(key, sender))


def _score(key: str, sender: Sender) -> float:
    # Weighted rendezvous hashing: -weight / ln(u), with u uniform in (0, 1) from the hash.
    digest = hashlib.sha256(f"{sender.address}|{key}".encode()).digest()
    u = (int.from_bytes(digest[:8], "big") + 1) / (2**64 + 1)
    return -(sender.rate or 1.0) / math.log(u)
