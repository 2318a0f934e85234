"""Who asked not to be messaged, kept without keeping their address.

An opt-out row holds a full-length keyed hash (HMAC-SHA256 under a key derived for "optout")
of the normalized address. It is deliberately not a truncated blind index: a truncated hash
is shared by many numbers, and a shared value here would silence strangers who never texted
STOP. Without the key, the hash says nothing about which numbers opted out.
"""

from __future__ import annotations

from vecinos.privacy import crypto
from vecinos.privacy.blind_index import normalize_email, normalize_phone

from .models import Channel, OptOut


def normalize_address(channel: str, address: str) -> str:
    """Return the address in the form it is hashed and sent to: E.164 or lower-case e-mail.

    Raises InvalidPhoneNumber or ValueError for an address that cannot be read.
    """
    if channel == Channel.SMS:
        return normalize_phone(address)
    if channel == Channel.EMAIL:
        return normalize_email(address)
    raise ValueError(f"Unknown channel {channel!r}")


def address_key(channel: str, address: str) -> str:
    """Return the 64-character keyed hash that stands for an address in opt-out rows."""
    normalized = normalize_address(channel, address)
    return crypto.keyed_hash("optout", f"{channel}:{normalized}".encode()).hex()


def opt_out(channel: str, address: str) -> bool:
    """Stop every message to `address` on `channel`; return whether it was not opted out yet."""
    _row, created = OptOut.objects.get_or_create(
        channel=channel, address_key=address_key(channel, address)
    )
    return created


def opt_in(channel: str, address: str) -> bool:
    """Allow messages to `address` again; return whether it had opted out."""
    deleted, _ = OptOut.objects.filter(
        channel=channel, address_key=address_key(channel, address)
    ).delete()
    return bool(deleted)


def is_opted_out(channel: str, address: str) -> bool:
    """Return whether `address` asked not to be messaged on `channel`."""
    return OptOut.objects.filter(
        channel=channel, address_key=address_key(channel, address)
    ).exists()


def opted_out_keys(channel: str, keys: list[str]) -> set[str]:
    """Return which of the given address keys have opted out, in one query."""
    return set(
        OptOut.objects.filter(channel=channel, address_key__in=keys).values_list(
            "address_key", flat=True
        )
    )
