"""The per-sender sending rate: a token bucket every worker shares through the database.

Each channel and sender ("sms:default") has one row holding how many sends are available
now. A worker takes tokens in a short transaction that locks that row (SELECT … FOR UPDATE on
PostgreSQL; SQLite's IMMEDIATE transactions lock the whole database), so however many workers
run, on however many machines, together they stay under the rate. The database is the one
thing all of them share in every setup: the cache is per machine unless Redis is configured,
and the outbox already lives in the database. Tokens are taken in bunches (up to a claim's
worth), so the row is locked once per bunch, not once per message.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import SendBudget


def take(key: str, wanted: int, rate: float) -> tuple[int, float]:
    """Take up to `wanted` sends from the bucket `key` refilled at `rate` per second.

    Return (granted, wait): how many may go now, and when nothing was granted, how many
    seconds until the next one may. A rate of 0 or less means no limit.
    """
    if rate <= 0 or wanted <= 0:
        return wanted, 0.0
    # The bucket holds one second's worth: a short burst, never more than the rate over time.
    capacity = max(1.0, rate)
    now = timezone.now()
    with transaction.atomic():
        bucket, _ = SendBudget.objects.select_for_update().get_or_create(
            key=key, defaults={"tokens": capacity, "updated_at": now}
        )
        # Clocks of different machines disagree a little; never refill backwards.
        elapsed = max(0.0, (now - bucket.updated_at).total_seconds())
        tokens = min(capacity, bucket.tokens + elapsed * rate)
        granted = min(wanted, int(tokens))
        bucket.tokens = tokens - granted
        bucket.updated_at = max(now, bucket.updated_at)
        bucket.save(update_fields=["tokens", "updated_at"])
    wait = 0.0 if granted else (1.0 - bucket.tokens) / rate
    return granted, wait


def rate_for(channel: str) -> float:
    """Return the configured sends per second for a channel (0: no limit)."""
    if channel == "sms":
        return float(settings.VECINOS_SMS_RATE)
    return float(getattr(settings, "VECINOS_EMAIL_RATE", 0))
