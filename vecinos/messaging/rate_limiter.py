"""Each sender's rate: send slots every worker shares through the database.

Each channel and sender ("sms:+12155550100") has one row holding when its next send may go.
A worker takes a slot in a short transaction that locks that row (SELECT … FOR UPDATE on
PostgreSQL; SQLite's IMMEDIATE transactions lock the whole database), moves the row past it,
and sends the message at its slot (no earlier, and not much later). So however
many workers run, on however many machines, a sender's sends are spaced at least 1/rate
apart: in no one-second window do more go than the rate, not even in the first second (a
fresh row's first slot is now, not a second's worth saved up) nor after an idle spell (slots
not used are not kept). The database is the one thing all workers share in every setup: the
cache is per machine unless Redis is configured, and the outbox already lives in the
database; a sender's row is locked once per send, at the sender's rate (tens a second),
which either database bears easily.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from django.db import transaction

from .models import SendBudget

# Slots are spaced (1 + SPACING_MARGIN) / rate apart, so any rate + 1 slots of a sender span
# at least 1 + SPACING_MARGIN seconds. A request leaves no earlier than its slot and at most
# LATE_SECONDS after it (the outbox checks this last before the request; a later one takes
# another slot), so any rate + 1 requests leave at least 1 + SPACING_MARGIN - LATE_SECONDS
# = 1.02 s apart: in no window of one second do more than the rate leave, and the requests
# may take up to 20 ms more or less to reach the provider's clock without its seeing more.
# The margin caps a sender's sustained rate at 1 / 1.03 = 97.1% of its setting.
SPACING_MARGIN = 0.03
LATE_SECONDS = 0.01
# A slot is handed out at most this far ahead, so a worker never waits long holding one.
HORIZON_SECONDS = 1.0


def take(key: str, rate: float, *, now: float | None = None) -> tuple[float | None, float]:
    """Take the next send slot of sender `key`, which may send `rate` per second.

    Return (slot, wait): the time (time.time()) at which the send may go, or None and how
    many seconds until asking again is worth it. A rate of 0 or less means no limit: the send
    may go now. One slot at a time, though a row lock per send is dearer than one per bunch:
    a worker handed several slots in a row must keep pace with the sender's full rate to use
    them on time, and one that cannot (a busy machine, slots of several senders at once)
    would leave them unused, so the senders would run below their rate.
    """
    if rate <= 0:
        return now or time.time(), 0.0
    with transaction.atomic():
        # The clock is read once the row is ours: the lock may have been waited for.
        budget, _ = SendBudget.objects.select_for_update().get_or_create(
            key=key, defaults={"next_at": _datetime(now or time.time())}
        )
        now = now or time.time()
        slot = max(budget.next_at.timestamp(), now)
        if slot - now > HORIZON_SECONDS:
            return None, slot - now - HORIZON_SECONDS
        budget.next_at = _datetime(slot + (1 + SPACING_MARGIN) / rate)
        budget.save(update_fields=["next_at"])
    return slot, 0.0


def _datetime(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)
