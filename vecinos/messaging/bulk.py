"""Write many outbox rows in one statement: what a fan-out spends its time on.

`bulk_create` compiles every row of every statement field by field, in statements of a few
dozen rows (SQLite's limit on parameters); for an alert to 100,000 people that was most of
the time. Here the rows arrive as plain tuples with their values already sealed, and each
batch is one statement: `executemany` of one prepared INSERT on SQLite, one
`INSERT … SELECT FROM unnest(arrays)` on PostgreSQL. Values that are the same for the whole
batch (channel, batch, sender, times) are converted for the database once, not once per row.

Rows that would repeat a used `dedupe_key` are skipped by the database (ON CONFLICT DO
NOTHING), as `bulk_create(ignore_conflicts=True)` did, and `insert` says which rows went in.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from django.db import connection

from .models import OutboundMessage

# The columns that differ from one row to the next, in the order rows give them.
ROW_FIELDS = ("id", "to_address", "to_index", "subject", "body", "language", "dedupe_key")
# Ids per statement when looking rows up by id (SQLite's old limit on parameters is 999).
LOOKUP_CHUNK = 500


_VERSION_4 = bytes((b & 0x0F) | 0x40 for b in range(256))
_RFC_4122 = bytes((b & 0x3F) | 0x80 for b in range(256))


def new_ids(count: int) -> list[tuple[str, str]]:
    """Return `count` random (version 4) UUIDs, each as (canonical text, stored form).

    The stored form is what the database keeps: 32 hex digits on SQLite, the text itself on
    PostgreSQL (cast to uuid by the statement). One read of the system's randomness serves
    all of them.
    """
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = raw[6::16].translate(_VERSION_4)
    raw[8::16] = raw[8::16].translate(_RFC_4122)
    digits = raw.hex()
    native = connection.features.has_native_uuid_field
    ids = []
    for start in range(0, 32 * count, 32):
        h = digits[start : start + 32]
        text = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
        ids.append((text, text if native else h))
    return ids


def insert(rows: Sequence[tuple], constants: dict) -> set[str] | None:
    """Insert rows of ROW_FIELDS values (the id in its stored form) with `constants` for
    every other column (a model default fills any left out).

    Return the stored ids of the rows inserted, or None when every row was.
    """
    if not rows:
        return None
    meta = OutboundMessage._meta
    # The row's own columns first, then the batch's: each row's parameters are then the row
    # followed by one tuple shared by the whole batch.
    fields = [meta.get_field(name) for name in ROW_FIELDS]
    fields += [f for f in meta.concrete_fields if f.name not in ROW_FIELDS]
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    prepared = {}
    for f in fields[len(ROW_FIELDS) :]:
        value = constants[f.name] if f.name in constants else f.get_default()
        prepared[f.name] = f.get_db_prep_save(value, connection)
    if connection.vendor == "postgresql":
        return _insert_postgresql(table, columns, fields, rows, prepared)
    with connection.cursor() as cursor:
        shared = tuple(prepared.values())
        placeholders = ", ".join(["%s"] * len(fields))
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) ON CONFLICT DO NOTHING",  # noqa: S608
            [row + shared for row in rows],
        )
        if cursor.rowcount == len(rows):
            return None
        # Some dedupe keys were used already (a send finished after it was cut short): find
        # which rows went in, so only they are handed to the workers.
        ids = [row[0] for row in rows]
        found: set[str] = set()
        for start in range(0, len(ids), LOOKUP_CHUNK):
            part = ids[start : start + LOOKUP_CHUNK]
            cursor.execute(
                f"SELECT id FROM {table} WHERE id IN ({', '.join(['%s'] * len(part))})",  # noqa: S608
                part,
            )
            found.update(value for (value,) in cursor.fetchall())
        return found


def _insert_postgresql(table, columns, fields, rows, prepared) -> set[str] | None:
    import psycopg

    # One statement whatever the batch's size: each varying column travels as one array,
    # the others as one value each. Sent with server-side binding, so the arrays go as
    # parameters rather than being quoted into the statement's text in Python (Django's
    # cursors bind on the client).
    select, params = [], []
    for f in fields:
        if f.name in ROW_FIELDS:
            select.append(f"u.{connection.ops.quote_name(f.name)}")
        else:
            select.append(f"%s::{f.db_type(connection)}")
            params.append(prepared[f.name])
    meta = OutboundMessage._meta
    unnest = ", ".join(f"%b::{meta.get_field(name).db_type(connection)}[]" for name in ROW_FIELDS)
    aliases = ", ".join(connection.ops.quote_name(name) for name in ROW_FIELDS)
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {', '.join(select)} "  # noqa: S608
            f"FROM unnest({unnest}) AS u({aliases}) ON CONFLICT DO NOTHING RETURNING id",
            [*params, *(list(column) for column in zip(*rows, strict=True))],
        )
        inserted = cursor.fetchall()
    if len(inserted) == len(rows):
        return None
    return {str(value) for (value,) in inserted}
