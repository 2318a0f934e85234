"""The audit log: an append-only, hash-chained record of every consequential action.

Each row stores the hash of the row before it and a SHA-256 of its own fields, so editing,
deleting or inserting a row breaks the chain at that point and `manage.py verify_audit_log`
names it. Rows say who acted, when, the dotted action code and the kind and ID of the object;
they never say anything about the person concerned.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.db import connections, router, transaction
from django.db.models import Model
from django.utils import timezone

from .logging import looks_personal
from .models import GENESIS_HASH, AuditEntry

ACTION_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
DETAIL_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
DETAIL_TEXT_MAX = 100
# Any constant will do: it names the advisory lock that serializes writers on PostgreSQL.
POSTGRES_LOCK_ID = 0x76656369  # "veci"


class PersonalDataInAudit(ValueError):
    """Raised when an audit detail looks like it carries personal data."""


def actor_fields(actor: Any) -> tuple[int | None, str]:
    """Return (user id, label) for a staff user, "public", "system" or None (the system)."""
    if actor is None:
        return None, "system"
    if isinstance(actor, str):
        if actor not in {"system", "public"}:
            raise ValueError('An actor given as text must be "system" or "public".')
        return None, actor
    if not getattr(actor, "is_authenticated", False):
        return None, "public"
    return actor.pk, actor.get_username()[:150]


def _validate(action: str, detail: dict) -> None:
    if not ACTION_PATTERN.match(action):
        raise ValueError(f"Audit action {action!r} must be a dotted code like 'export.csv'.")
    for key, value in detail.items():
        if not isinstance(key, str) or not DETAIL_KEY_PATTERN.match(key):
            raise ValueError(f"Audit detail key {key!r} must be a short snake_case name.")
        if value is None or isinstance(value, bool | int):
            continue
        if not isinstance(value, str):
            raise ValueError(f"Audit detail {key!r} must be text, a number, true/false or null.")
        if len(value) > DETAIL_TEXT_MAX:
            raise PersonalDataInAudit(f"Audit detail {key!r} is too long to be a code.")
        if looks_personal(value):
            raise PersonalDataInAudit(f"Audit detail {key!r} looks like personal data.")


def _lock_chain(using: str) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        # An advisory lock rather than SELECT ... FOR UPDATE on the last row: it also covers
        # the empty table, and after waiting, the next read sees the row the other writer added.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [POSTGRES_LOCK_ID])
    # SQLite: the settings open every transaction with BEGIN IMMEDIATE, which takes the
    # database's write lock at once, so a second writer waits here until the first commits.
    # The unique prev_hash column is the last line of defence against a fork on any database.


def log_action(
    actor: Any,
    action: str,
    obj: Model | None = None,
    *,
    object_type: str | None = None,
    object_id: str | int | None = None,
    detail: dict | None = None,
) -> AuditEntry:
    """Append one row to the audit log and return it.

    `actor` is a staff user, "public", "system" or None. `obj` (or `object_type` and
    `object_id`) names what was acted on. `detail` holds only non-personal codes and counts;
    anything that looks like an e-mail address, phone number or IP address is refused.

    Inside a larger transaction the row commits or rolls back with the action it records.
    Call it last there: on PostgreSQL the chain lock is held until that transaction ends.
    """
    detail = dict(detail or {})
    _validate(action, detail)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    actor_id, actor_label = actor_fields(actor)
    using = router.db_for_write(AuditEntry)
    entry = AuditEntry(
        created=timezone.now(),
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        detail=detail,
    )
    # No savepoint inside a caller's transaction: a row that cannot be written must undo the
    # action it records, and two statements fewer per action.
    with transaction.atomic(using=using, savepoint=False):
        _lock_chain(using)
        _append(using, entry)
    return entry


def _append(using: str, entry: AuditEntry) -> None:
    """Link `entry` to the last row and insert it: two plain statements under the chain lock.

    Every public form's post appends a row, so the chain's read and insert skip the ORM's
    query building; the values are prepared by the model's own fields, so they are stored
    exactly as a save() would store them.
    """
    connection = connections[using]
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "seq", "hash" FROM {table} ORDER BY "seq" DESC LIMIT 1')  # noqa: S608
        last = cursor.fetchone()
        entry.seq, entry.prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        entry.hash = entry.compute_hash()
        values = [
            field.get_db_prep_save(getattr(entry, field.attname), connection) for field in _COLUMNS
        ]
        columns = ", ".join(connection.ops.quote_name(field.column) for field in _COLUMNS)
        marks = ", ".join(["%s"] * len(_COLUMNS))
        cursor.execute(
            f'INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING "id"',  # noqa: S608
            values,
        )
        entry.pk = cursor.fetchone()[0]
    entry._state.adding = False
    entry._state.db = using


_COLUMNS = [field for field in AuditEntry._meta.concrete_fields if not field.primary_key]


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a verification: how many rows were checked and the first broken one."""

    checked: int
    head_seq: int | None
    head_hash: str | None
    broken_seq: int | None = None
    broken_id: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify_chain(*, anchor: tuple[int, str] | None = None) -> ChainReport:
    """Recompute every row's hash in order and report the first row that does not fit.

    `anchor` is a (seq, hash) pair recorded earlier outside the database; it proves that the
    newest rows were not cut off, which the chain alone cannot show.
    """
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last: AuditEntry | None = None
    anchor_seen = anchor is None
    rows = AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)
    for row in rows:
        problem = ""
        if row.seq != expected_seq:
            problem = f"the row numbered {expected_seq} is missing"
        elif row.prev_hash != expected_prev:
            problem = "its link to the row before does not match"
        elif row.compute_hash() != row.hash:
            problem = "its contents do not match its hash"
        elif anchor is not None and row.seq == anchor[0]:
            if row.hash != anchor[1]:
                problem = "it does not match the recorded anchor"
            anchor_seen = True
        if problem:
            return ChainReport(
                checked=checked,
                head_seq=last.seq if last else None,
                head_hash=last.hash if last else None,
                broken_seq=row.seq,
                broken_id=row.pk,
                problem=problem,
            )
        checked += 1
        last = row
        expected_prev = row.hash
        expected_seq = row.seq + 1
    head_seq = last.seq if last else None
    head_hash = last.hash if last else None
    if not anchor_seen:
        return ChainReport(
            checked=checked,
            head_seq=head_seq,
            head_hash=head_hash,
            broken_seq=anchor[0],
            problem="the anchored row is gone: the newest rows were removed",
        )
    return ChainReport(checked=checked, head_seq=head_seq, head_hash=head_hash)
