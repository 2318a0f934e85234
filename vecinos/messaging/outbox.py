"""The outbox: workers claim queued messages with a lease, send them and record the outcome.

Life of a row: queued → sending (claimed, leased) → sent → delivered or failed (provider
callbacks), or expired, suppressed (opted out by send time), cancelled, failed (permanently
refused, or too many failed attempts). A worker that dies mid-send leaves its rows in
"sending"; once their lease runs out the sweeper puts them back in the queue, so every row is
sent by someone. The price is that a message the provider accepted just before the worker
died goes out twice: duplicates are bounded by the sends in flight at the crash.

Every write after the claim is fenced by the claim token: it applies only while the row
still carries the token its worker was given, so a worker that was too slow cannot overwrite
what the next worker did with the same row.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from vecinos.privacy.crypto import Locked

from . import optout, rate_limiter
from .channels.base import PermanentFailure, RetryLater, SendResult, get_channel
from .models import OutboundMessage
from .senders import Sender, sender_for

logger = logging.getLogger(__name__)

Status = OutboundMessage.Status


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def lease_duration() -> timedelta:
    # The sweeper runs every 30 s, so a killed worker's rows are back in the queue within
    # lease + 30 s. A lease must still outlast one bunch of sends, which is why provider
    # requests time out after 10 s and rate-limit waits are capped at a third of it.
    return timedelta(seconds=_setting("VECINOS_OUTBOX_LEASE_SECONDS", 30))


CLAIM_SIZE = 20
MAX_ATTEMPTS = 8
# Backpressure has no fixed limit on tries: an expiry ends it for alerts, and for everything
# else a slow provider is no reason to give up on a message. This is a safety stop.
MAX_DEFERRALS = 500
BACKOFF_BASE_SECONDS = 5.0
# A message is not sent this close to its expiry: it could reach the provider after it.
EXPIRY_MARGIN = timedelta(seconds=2)
BACKOFF_CAP_SECONDS = 15 * 60.0
BACKPRESSURE_BASE_SECONDS = 1.0
BACKPRESSURE_CAP_SECONDS = 60.0

# Where a provider's status ranks: a callback may only move a row to a higher rank, so
# retried, duplicated or reordered callbacks ("sent" after "delivered") change nothing.
RANK = {
    Status.QUEUED: 0,
    Status.SENDING: 0,
    Status.SENT: 1,
    Status.DELIVERED: 2,
    Status.FAILED: 2,
}
PROVIDER_STATUSES = {
    "sent": Status.SENT,
    "delivered": Status.DELIVERED,
    "read": Status.DELIVERED,
    "undelivered": Status.FAILED,
    "failed": Status.FAILED,
}
FINAL = {
    Status.DELIVERED,
    Status.FAILED,
    Status.EXPIRED,
    Status.CANCELLED,
    Status.SUPPRESSED,
}


def backoff_seconds(tries: int, *, base: float, cap: float) -> float:
    """Return a delay drawn with "full jitter": uniform between 0 and min(cap, base·2^tries).

    The jitter spreads retries of many messages that failed together (a provider outage) so
    they do not all come back at the same instant.
    """
    return random.uniform(0, min(cap, base * 2 ** max(0, tries - 1)))


def worker_name() -> str:
    """Return a name for this process in claim tokens: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


# --- claiming -----------------------------------------------------------------------------


def claim(
    limit: int, *, worker: str, ids: list | None = None, now: datetime | None = None
) -> list[OutboundMessage]:
    """Lease up to `limit` due, queued messages (among `ids`, if given) to this worker."""
    now = now or timezone.now()
    token = f"{worker[:31]}/{uuid.uuid4().hex}"
    due = OutboundMessage.objects.filter(status=Status.QUEUED, next_attempt_at__lte=now)
    if ids is not None:
        due = due.filter(id__in=ids)
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            # PostgreSQL: rows another worker is claiming right now are skipped, not waited
            # for, so many workers claim different rows side by side.
            due = due.select_for_update(skip_locked=True)
        # SQLite has no row locks; its transactions here begin IMMEDIATE (see DATABASES),
        # which takes the database's write lock first, so claims run one after another.
        picked = list(due.order_by("next_attempt_at").values_list("id", flat=True)[:limit])
        if not picked:
            return []
        # `status=QUEUED` again, and the token: should two claims ever pick the same row
        # (a database without either lock), only one update matches and only its worker
        # finds the row below.
        OutboundMessage.objects.filter(id__in=picked, status=Status.QUEUED).update(
            status=Status.SENDING, lease_until=now + lease_duration(), claim_token=token
        )
    return list(OutboundMessage.objects.filter(claim_token=token, status=Status.SENDING))


def _renew(messages: list[OutboundMessage]) -> list[OutboundMessage]:
    """Extend the leases of claimed messages; return those this worker still holds."""
    if not messages:
        return []
    token = messages[0].claim_token
    ids = [m.id for m in messages]
    held = OutboundMessage.objects.filter(id__in=ids, claim_token=token, status=Status.SENDING)
    if held.update(lease_until=timezone.now() + lease_duration()) == len(ids):
        return messages
    still = set(held.values_list("id", flat=True))
    return [m for m in messages if m.id in still]


# --- sending ------------------------------------------------------------------------------


@dataclass
class DeliveryReport:
    """What a delivery pass did: counts by resulting status, and when to come back."""

    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    retry_ids: list[str] = field(default_factory=list)
    retry_at: datetime | None = None

    def add(self, status: str) -> None:
        self.counts[status] += 1

    def retry(self, message: OutboundMessage) -> None:
        self.retry_ids.append(str(message.id))
        if self.retry_at is None or message.next_attempt_at > self.retry_at:
            self.retry_at = message.next_attempt_at

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict:
        return {"counts": dict(self.counts), "retries": len(self.retry_ids)}


def _write(message: OutboundMessage, **fields) -> bool:
    """Update a claimed row if this worker's claim still stands; mirror it on `message`.

    A row the sweeper put back in the queue still carries our token until someone else
    claims it, so our outcome is still taken: a message that did go is then not sent again.
    """
    fields.setdefault("lease_until", None)
    updated = OutboundMessage.objects.filter(
        id=message.id,
        claim_token=message.claim_token,
        status__in=[Status.SENDING, Status.QUEUED],
    ).update(**fields)
    for name, value in fields.items():
        setattr(message, name, value)
    return bool(updated)


def _finish(message: OutboundMessage, status: str, *, error_code: str = "") -> bool:
    return _write(message, status=status, error_code=error_code, finished_at=timezone.now())


def _sent(message: OutboundMessage, result: SendResult, *, final: bool) -> None:
    now = timezone.now()
    done = {"finished_at": now} if final else {}
    fields = {
        "provider_id": result.provider_id[:100],
        "sender": message.sender,
        "sent_at": now,
        "error_code": "",
    }
    if not _write(message, status=Status.SENT, **fields, **done):
        # A status callback (matched by our id in its URL) got here before the provider's
        # answer did and already moved the row on: keep its status, add the provider's id.
        OutboundMessage.objects.filter(
            id=message.id, claim_token=message.claim_token, sent_at__isnull=True
        ).update(**fields)


def _retry(message: OutboundMessage, exc: RetryLater, report: DeliveryReport) -> None:
    now = timezone.now()
    attempts, deferrals = message.attempts, message.deferrals
    if exc.backpressure:
        deferrals += 1
        delay = backoff_seconds(
            deferrals, base=BACKPRESSURE_BASE_SECONDS, cap=BACKPRESSURE_CAP_SECONDS
        )
        delay = max(delay, exc.after_seconds or 0)
    else:
        attempts += 1
        delay = backoff_seconds(attempts, base=BACKOFF_BASE_SECONDS, cap=BACKOFF_CAP_SECONDS)
    next_at = now + timedelta(seconds=delay)
    code = exc.code[:50]
    # A message with an expiry keeps trying until then (an alert is worth every chance while
    # it is still true); one without gives up after MAX_ATTEMPTS failed tries.
    gave_up = attempts >= MAX_ATTEMPTS and message.expires_at is None
    if gave_up or deferrals >= MAX_DEFERRALS:
        _write(message, status=Status.FAILED, attempts=attempts, deferrals=deferrals,
               error_code=code, finished_at=now)  # fmt: skip
        report.add(Status.FAILED)
    elif message.expires_at and next_at + EXPIRY_MARGIN >= message.expires_at:
        # The next try would already be too late: it will never be sent, so say so now.
        _write(message, status=Status.EXPIRED, attempts=attempts, deferrals=deferrals,
               error_code=code, finished_at=now)  # fmt: skip
        report.add(Status.EXPIRED)
    else:
        _write(message, status=Status.QUEUED, attempts=attempts, deferrals=deferrals,
               error_code=code, next_attempt_at=next_at)  # fmt: skip
        report.add(Status.QUEUED)
        report.retry(message)


# What `deliver` returns when the message's send slot passed before it could go.
LATE = "late"


def deliver(
    message: OutboundMessage, report: DeliveryReport | None = None, *, slot: float | None = None
) -> str:
    """Send one claimed message, unless it expired or its recipient opted out; with a `slot`
    (rate_limiter.take), at that time.

    Return the status the row ends in, or LATE with nothing done when this process was held up
    past the slot: sent then, the message would crowd the next ones into one second, so it
    waits for another. Never raises for a provider's answer.
    """
    report = report if report is not None else DeliveryReport()
    try:
        # Built on first use, which takes a while: before the slot, not between it and the send.
        channel = get_channel(message.channel)
        if slot is not None:
            # Waited for before the checks below, so they see the moment of sending.
            if (pause := slot - time.time()) < -rate_limiter.LATE_SECONDS:
                return LATE
            time.sleep(max(0.0, pause))
        # Opt-outs are checked here too, not only when queuing: someone may text STOP
        # between the two, and a STOP is honoured by every sender from that moment. The one
        # exception is the answer to the STOP (or erasure) itself, queued just before it.
        if message.purpose != "optout" and optout.is_opted_out(message.channel, message.to_address):
            _finish(message, Status.SUPPRESSED)
            report.add(Status.SUPPRESSED)
            return message.status
        # Checked last before sending, not at claim time: the claim may be seconds old, and
        # an alert about a raid that is over must not arrive late. The margin covers the
        # time the request takes to reach the provider from a busy machine.
        if message.expires_at and message.expires_at <= timezone.now() + EXPIRY_MARGIN:
            _finish(message, Status.EXPIRED, error_code="expired")
            report.add(Status.EXPIRED)
            return message.status
        result = channel.send(message)
    except RetryLater as exc:
        _retry(message, exc, report)
    except PermanentFailure as exc:
        if exc.opted_out:
            optout.opt_out(message.channel, message.to_address)
        _finish(message, Status.FAILED, error_code=exc.code[:50])
        report.add(Status.FAILED)
    except Locked:
        # The key is not loaded in this process: not the message's fault; try again soon.
        _retry(message, RetryLater(60, code="locked"), report)
    except Exception:
        logger.exception("Sending outbound message %s failed", message.id)
        _retry(message, RetryLater(code="error", backpressure=False), report)
    else:
        _sent(message, result, final=not channel.reports_delivery)
        report.add(Status.SENT)
    return message.status


def _release(messages: list[OutboundMessage], after: float, report: DeliveryReport) -> None:
    """Give rows back to the queue for later without counting a try (the rate is used up)."""
    next_at = timezone.now() + timedelta(seconds=after)
    for message in messages:
        if _write(message, status=Status.QUEUED, next_attempt_at=next_at):
            report.add(Status.QUEUED)
            report.retry(message)


def deliver_claimed(messages: list[OutboundMessage], report: DeliveryReport) -> None:
    """Send claimed messages, each from its sender, in that sender's send slots.

    Each round takes one slot of every sender with messages left and sends them in slot
    order, so a worker waiting for one sender's next slot sends another's in the meantime.
    """
    groups: dict[tuple[str, Sender], list[OutboundMessage]] = defaultdict(list)
    for message in messages:
        sender = sender_for(message)
        message.sender = sender.address
        groups[(message.channel, sender)].append(message)
    max_wait = lease_duration().total_seconds() / 3
    renewed = time.monotonic()
    while any(groups.values()):
        if time.monotonic() - renewed > max_wait:
            held = {m.id for m in _renew([m for pending in groups.values() for m in pending])}
            groups = {key: [m for m in pending if m.id in held] for key, pending in groups.items()}
            renewed = time.monotonic()
        timeline: list[tuple[float | None, OutboundMessage]] = []
        waits = []
        for (channel, sender), pending in groups.items():
            if not pending:
                continue
            if sender.rate <= 0:
                timeline += [(None, message) for message in pending]
                pending.clear()
                continue
            slot, wait = rate_limiter.take(f"{channel}:{sender.address}", sender.rate)
            if slot is not None:
                timeline.append((slot, pending.pop(0)))
            elif wait > max_wait:
                _release(pending, wait, report)
                pending.clear()
            else:
                waits.append(wait)
        if not timeline and waits:
            time.sleep(min(waits))
        # A slot left unused (its message too late for it) is not kept: the rate holds.
        for slot, message in sorted(timeline, key=lambda pair: pair[0] or 0.0):
            if deliver(message, report, slot=slot) == LATE:
                groups[(message.channel, sender_for(message))].append(message)


def deliver_ids(ids: list, *, worker: str) -> DeliveryReport:
    """Claim and send the given messages that are queued and due, a bunch at a time."""
    report = DeliveryReport()
    remaining = list(ids)
    while remaining:
        claimed = claim(CLAIM_SIZE, worker=worker, ids=remaining)
        if not claimed:
            break
        done = {m.id for m in claimed}
        remaining = [pk for pk in remaining if _as_uuid(pk) not in done]
        deliver_claimed(claimed, report)
    return report


def deliver_due(
    limit: int, *, worker: str | None = None, time_budget: float | None = None
) -> DeliveryReport:
    """Claim and send up to `limit` due messages, whatever their batch; stop after the budget."""
    worker = worker or worker_name()
    report = DeliveryReport()
    started = time.monotonic()
    handled = 0
    while handled < limit:
        if time_budget is not None and time.monotonic() - started > time_budget:
            break
        claimed = claim(min(CLAIM_SIZE, limit - handled), worker=worker)
        if not claimed:
            break
        handled += len(claimed)
        deliver_claimed(claimed, report)
    return report


def _as_uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


# --- sweeping and callbacks ------------------------------------------------------------------


def sweep_expired_leases(now: datetime | None = None) -> int:
    """Put rows whose worker's lease ran out back in the queue; return how many."""
    now = now or timezone.now()
    # The claim token stays: if that worker was only slow, its outcome still lands (see
    # _write) until another worker claims the row.
    return OutboundMessage.objects.filter(status=Status.SENDING, lease_until__lt=now).update(
        status=Status.QUEUED, next_attempt_at=now, lease_until=None
    )


def expire_overdue(now: datetime | None = None) -> int:
    """Mark queued messages whose expiry passed as expired; return how many."""
    now = now or timezone.now()
    return OutboundMessage.objects.filter(status=Status.QUEUED, expires_at__lte=now).update(
        status=Status.EXPIRED, error_code="expired", finished_at=now
    )


def overdue_count(grace: timedelta, now: datetime | None = None) -> int:
    """Count queued messages due for longer than `grace`, which no worker seems to hold."""
    now = now or timezone.now()
    return OutboundMessage.objects.filter(
        status=Status.QUEUED, next_attempt_at__lte=now - grace
    ).count()


def record_status(
    provider_id: str, status: str, *, error_code: str = "", message_id: str | None = None
) -> bool:
    """Record a provider's status callback; return whether the row changed.

    `status` is the provider's word ("sent", "delivered", "undelivered", "failed", …); others
    ("queued", "sending") change nothing. Idempotent and monotonic: one conditional UPDATE
    moves the row only forwards, so retried, duplicated and reordered callbacks are harmless
    even when two arrive at once. `message_id` (our id, carried in the callback URL) finds the
    row even before the provider's id was recorded.
    """
    new = PROVIDER_STATUSES.get((status or "").strip().lower())
    if new is None or not (provider_id or message_id):
        return False
    rows = OutboundMessage.objects.all()
    if message_id:
        try:
            rows = rows.filter(id=_as_uuid(message_id))
        except ValueError:
            return False
        if provider_id:
            rows = rows.filter(Q(provider_id=provider_id) | Q(provider_id=""))
    else:
        rows = rows.filter(provider_id=provider_id)
    earlier = [old for old, rank in RANK.items() if rank < RANK[new]]
    fields: dict = {"status": new}
    if provider_id:
        fields["provider_id"] = provider_id[:100]
    if new in FINAL:
        fields.update(finished_at=timezone.now(), lease_until=None)
    if error_code:
        fields["error_code"] = str(error_code)[:50]
    return bool(rows.filter(status__in=earlier).update(**fields))
