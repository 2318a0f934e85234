"""Each sender's rate: send slots every worker shares through the database.

Each channel and sender ("sms:+12155550100") has one row holding when its next send may go.
A worker takes a few slots at once in a short transaction that locks that row (SELECT … FOR
UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions lock the whole database), moves the row
past them, and sends each message at its slot (no earlier, and not much later). So however
many workers run, on however many machines, a sender's sends are spaced at least 1/rate
apart: in no one-second window do more go than the rate, not even in the first second (a
fresh row's first slot is now, not a second's worth saved up) nor after an idle spell (slots
not used are not kept). The database is the one thing all workers share in every setup: the
cache is per machine unless Redis is configured, and the outbox already lives in the
database; at a few slots per transaction the row is locked a handful of times a second per
sender, which it bears easily.
"""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime

from django.db import transaction

from .models import SendBudget

# Slots are spaced a little wider than 1/rate: a request reaches the provider some
# milliseconds after its slot, not always the same number of them, and sends spaced exactly
# 1/rate apart would then arrive rate + 1 in some second. 3% absorbs 30 ms of that jitter:
# a send starts at most LATE_SECONDS after its slot (a later one takes another slot), which
# leaves 20 ms for the request's own variation.
SPACING_MARGIN = 0.03
LATE_SECONDS = 0.01
# Slots are handed out at most this far ahead, so a worker never holds many it may not use.
HORIZON_SECONDS = 1.0


def take(
    key: str, wanted: int, rate: float, *, now: float | None = None
) -> tuple[list[float], float]:
    """Take up to `wanted` send slots from sender `key`, which may send `rate` per second.

    Return (slots, wait): the times (time.time()) at which each granted send may go, and when
    nothing was granted, how many seconds until asking again is worth it. A rate of 0 or less
    means no limit: every send may go now.
    """
    if wanted <= 0:
        return [], 0.0
    if rate <= 0:
        return [now or time.time()] * wanted, 0.0
    spacing = (1 + SPACING_MARGIN) / rate
    with transaction.atomic():
        budget, _ = SendBudget.objects.select_for_update().get_or_create(
            key=key, defaults={"next_at": _datetime(now or time.time())}
        )
        # Read the clock once the row is ours: the lock may have been waited for.
        now = now or time.time()
        first = max(budget.next_at.timestamp(), now)
        ahead = first - now
        if ahead > HORIZON_SECONDS:
            return [], ahead - HORIZON_SECONDS
        count = min(wanted, max(1, math.ceil((HORIZON_SECONDS - ahead) / spacing)))
        budget.next_at = _datetime(first + count * spacing)
        budget.save(update_fields=["next_at"])
    return [first + index * spacing for index in range(count)], 0.0


def _datetime(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)
