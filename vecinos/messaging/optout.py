"""Who asked not to be messaged, kept without keeping their address.

An opt-out row holds a full-length keyed hash (HMAC-SHA256 under a key derived for "optout")
of the normalized address. It is deliberately not a truncated blind index: a truncated hash
is shared by many numbers, and a shared value here would silence strangers who never texted
STOP. Without the key, the hash says nothing about which numbers opted out.
"""

from __future__ import annotations

from django.db import connection

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


# The purpose the opt-out key is derived under (crypto.derive_key).
KEY_PURPOSE = "optout"


def address_key(channel: str, address: str) -> str:
    """Return the 64-character keyed hash that stands for an address in opt-out rows."""
    return stored_address_key(channel, normalize_address(channel, address))


def stored_address_key(channel: str, normalized: str) -> str:
    """`address_key` of an address already normalized, as every outbox row's is."""
    return crypto.keyed_hash(KEY_PURPOSE, f"{channel}:{normalized}".encode()).hex()


def normalized_key(keys: crypto.BatchKeys, channel: str, normalized: str) -> str:
    """`address_key` of an address already normalized, with the keys of a batch."""
    return keys.keyed_hash(KEY_PURPOSE, f"{channel}:{normalized}".encode()).hex()


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


# Keys per query (SQLite's old limit on parameters is 999).
KEYS_PER_QUERY = 900


def opted_out_keys(channel: str, keys: list[str]) -> set[str]:
    """Return which of the given address keys have opted out.

    Plain SQL: a fan-out asks this for every recipient, and building the IN lists through
    the ORM cost about as much as the database's own work. When the channel has fewer
    opt-outs than keys asked about, reading them all is one short query instead.
    """
    table = connection.ops.quote_name(OptOut._meta.db_table)
    found: set[str] = set()
    with connection.cursor() as cursor:
        if len(keys) > KEYS_PER_QUERY:
            cursor.execute(
                f"SELECT address_key FROM {table} WHERE channel = %s LIMIT %s",  # noqa: S608
                [channel, len(keys)],
            )
            every = cursor.fetchall()
            if len(every) < len(keys):
                return {key for (key,) in every} & set(keys)
        for start in range(0, len(keys), KEYS_PER_QUERY):
            part = keys[start : start + KEYS_PER_QUERY]
            cursor.execute(
                f"SELECT address_key FROM {table} WHERE channel = %s"  # noqa: S608
                f" AND address_key IN ({', '.join(['%s'] * len(part))})",
                [channel, *part],
            )
            found.update(key for (key,) in cursor.fetchall())
    return found
