"""The outbox: workers claim queued messages with a lease, send them and record the outcome.

Life of a row: queued → sending (claimed, leased) → sent → delivered or failed (provider
callbacks), or expired, suppressed (opted out by send time), cancelled, failed (permanently
refused, or too many failed attempts). A worker that dies mid-send leaves its rows in
"sending"; once their lease runs out the sweeper puts them back in the queue, so every row is
sent by someone. The price is that a message the provider accepted before the worker died,
and whose row still said "sending", goes out twice: a worker writes its accepted sends
together (WRITE_EVERY, WRITE_AFTER_SECONDS), so duplicates are bounded by the sends it had
not written yet, at most a claim's worth, and never exceed the rows it held.

Every write after the claim is fenced by the claim token: it applies only while the row
still carries the token its worker was given, so a worker that was too slow cannot overwrite
what the next worker did with the same row.
"""

from __future__ import annotations

import logging
import math
import os
import random
import socket
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from vecinos.privacy.crypto import Locked

from . import optout, rate_limiter
from .channels.base import PermanentFailure, RetryLater, SendResult, get_channel
from .models import OutboundMessage
from .senders import Sender, sender_for, senders

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
    limit: int,
    *,
    worker: str,
    ids: list | None = None,
    batch: str | None = None,
    now: datetime | None = None,
) -> list[OutboundMessage]:
    """Lease up to `limit` due, queued messages (among `ids`, of `batch`, if given) to this
    worker."""
    now = now or timezone.now()
    token = f"{worker[:31]}/{uuid.uuid4().hex}"
    due = OutboundMessage.objects.filter(status=Status.QUEUED, next_attempt_at__lte=now)
    if ids is not None:
        due = due.filter(id__in=ids)
    if batch is not None:
        due = due.filter(batch=batch)
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
    claims: dict[str, list] = defaultdict(list)
    for message in messages:
        claims[message.claim_token].append(message.id)
    still = set()
    for token, ids in claims.items():
        held = OutboundMessage.objects.filter(id__in=ids, claim_token=token, status=Status.SENDING)
        if held.update(lease_until=timezone.now() + lease_duration()) == len(ids):
            still.update(ids)
        else:
            still.update(held.values_list("id", flat=True))
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


def _mark_sent(message: OutboundMessage, result: SendResult, *, final: bool) -> None:
    """Mirror the provider's acceptance on `message`; `_write_sent` writes it to its row."""
    message.status = Status.SENT
    message.provider_id = result.provider_id[:100]
    message.sent_at = timezone.now()
    message.error_code = ""
    message.lease_until = None
    if final:
        message.finished_at = message.sent_at


def _write_sent(messages: list[OutboundMessage]) -> None:
    """Write sends the provider accepted, each fenced by its claim token, in one transaction.

    Plain SQL, each statement run for every row at once: one ORM update per message took
    about a tenth of a worker's time per message. A status callback (matched by our id in its
    URL) may have moved a row on before the provider's answer reached us: the second
    statement then keeps its status and adds the provider's id.
    """
    if not messages:
        return
    table = connection.ops.quote_name(OutboundMessage._meta.db_table)
    pk = OutboundMessage._meta.pk
    adapt = connection.ops.adapt_datetimefield_value
    rows = []
    for m in messages:
        key = pk.get_db_prep_value(m.id, connection)
        sent_at, finished_at = adapt(m.sent_at), adapt(m.finished_at)
        rows.append((m.provider_id, m.sender, sent_at, finished_at, key, m.claim_token))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET status = '{Status.SENT}', provider_id = %s, sender = %s,"  # noqa: S608
            " sent_at = %s, finished_at = COALESCE(%s, finished_at), error_code = '',"
            " lease_until = NULL WHERE id = %s AND claim_token = %s"
            f" AND status IN ('{Status.SENDING}', '{Status.QUEUED}')",
            rows,
        )
        cursor.executemany(
            f"UPDATE {table} SET provider_id = %s, sender = %s, sent_at = %s,"  # noqa: S608
            " finished_at = COALESCE(finished_at, %s), error_code = ''"
            " WHERE id = %s AND claim_token = %s AND sent_at IS NULL",
            rows,
        )


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


# What a send returns when its slot passed before it could go (rate_limiter.LATE_SECONDS):
# sent then, it would crowd the next ones into one second, so it waits for another slot.
LATE = "late"
# Opt-outs are checked for every message in a worker's hand in one query, and again before a
# send whenever that check is older than this at the send's slot: an opt-out recorded at
# least OPTOUT_CHECK_SECONDS + rate_limiter.LATE_SECONDS before a text leaves stops it.
OPTOUT_CHECK_SECONDS = 1.0
# Accepted sends are written to their rows together: when this many are waiting, when the
# first has waited this long, and when the hand is done. A worker killed in between leaves
# them "sending" and they go again after the lease, as any claimed row does: a crash doubles
# at most the sends of one claim.
WRITE_EVERY = CLAIM_SIZE
WRITE_AFTER_SECONDS = 0.5
# How many claimed messages a worker holds at most when it claims more so that every
# sender of its hand has one to send (see _Hand.wants_more).
HAND_SIZE = 2 * CLAIM_SIZE


class _Hand:
    """Claimed messages on their way out of this worker, grouped by channel and sender.

    Each sender with messages holds one send slot of its own: a worker takes a sender's next
    slot as soon as it sent in the last one, whatever the other senders' slots, so a slow
    sender never holds up a fast one. The hand also keeps one opt-out check for all its
    messages and the sends that are still to be written to their rows.
    """

    def __init__(self, report: DeliveryReport) -> None:
        self.report = report
        self.groups: dict[tuple[str, Sender], deque[OutboundMessage]] = {}
        self.keys: dict[uuid.UUID, tuple[str, str]] = {}  # message → (channel, opt-out key)
        self.opted_out: set[uuid.UUID] = set()
        self.checked_at = -math.inf  # time.time() when the last opt-out check was asked
        self.unwritten: list[OutboundMessage] = []
        self.unwritten_since = 0.0

    def add(self, messages: list[OutboundMessage]) -> None:
        for message in messages:
            sender = sender_for(message)
            message.sender = sender.address
            self.groups.setdefault((message.channel, sender), deque()).append(message)
            if message.purpose == "optout":
                # The answer to a STOP (or erasure), queued just before it: it still goes.
                continue
            # The row's address was normalized when it was queued (services._normalize).
            key = optout.stored_address_key(message.channel, message.to_address)
            self.keys[message.id] = (message.channel, key)
        self.checked_at = -math.inf

    def pending(self) -> list[OutboundMessage]:
        return [message for group in self.groups.values() for message in group]

    def wants_more(self) -> bool:
        """Whether a sender with a rate has nothing left in this hand while another has.

        Claims mix the senders by chance (12 of one and 8 of another); without more, the
        worker would go on with one sender alone until its claim is done, and a sender
        served by fewer workers than usual runs below its rate.
        """
        held = sum(len(group) for group in self.groups.values())
        if not held or held >= HAND_SIZE:
            return False
        channels = {channel for channel, _ in self.groups}
        return any(
            sender.rate > 0 and not self.groups.get((channel, sender))
            for channel in channels
            for sender in senders(channel)
        )

    # -- one message

    def is_opted_out(self, message: OutboundMessage, at: float) -> bool:
        """Whether the recipient opted out, by a check at most OPTOUT_CHECK_SECONDS before `at`."""
        if message.purpose == "optout":
            return False
        if at - self.checked_at > OPTOUT_CHECK_SECONDS:
            # The clock is read before the query: what it finds was recorded by then.
            self.checked_at = time.time()
            asked: dict[str, list[str]] = defaultdict(list)
            for channel, key in self.keys.values():
                asked[channel].append(key)
            found = {(c, k) for c, keys in asked.items() for k in optout.opted_out_keys(c, keys)}
            self.opted_out = {mid for mid, pair in self.keys.items() if pair in found}
        return message.id in self.opted_out

    def deliver(self, message: OutboundMessage, slot: float | None = None) -> str:
        """Send one claimed message, unless it expired or its recipient opted out; with a
        `slot` (rate_limiter.take), at that time.

        Return the status the row ends in, or LATE with nothing done when this process was
        held up past the slot. Never raises for a provider's answer.
        """
        report = self.report
        try:
            # Built on first use, which takes a while: before the slot, not after it.
            channel = get_channel(message.channel)
            at = max(slot or 0.0, time.time())
            # Opt-outs are checked here too, not only when queuing: someone may text STOP
            # between the two, and a STOP is honoured by every sender from that moment.
            if self.is_opted_out(message, at):
                self._finished(message, Status.SUPPRESSED)
                return message.status
            # Checked at the moment of sending, not at claim time: the claim may be seconds
            # old, and an alert about a raid that is over must not arrive late. The margin
            # covers the time the request takes to reach the provider from a busy machine.
            if message.expires_at and message.expires_at <= _moment(at) + EXPIRY_MARGIN:
                self._finished(message, Status.EXPIRED, error_code="expired")
                return message.status
            send = channel.prepare(message)
            if slot is not None:
                if (pause := slot - time.time()) > 0:
                    time.sleep(pause)
                # Last thing before the request: nothing after this can make it later.
                if time.time() - slot > rate_limiter.LATE_SECONDS:
                    return LATE
            result = send()
        except RetryLater as exc:
            _retry(message, exc, report)
        except PermanentFailure as exc:
            if exc.opted_out:
                optout.opt_out(message.channel, message.to_address)
            self._finished(message, Status.FAILED, error_code=exc.code[:50])
        except Locked:
            # The key is not loaded in this process: not the message's fault; try again soon.
            _retry(message, RetryLater(60, code="locked"), report)
        except Exception:
            logger.exception("Sending outbound message %s failed", message.id)
            _retry(message, RetryLater(code="error", backpressure=False), report)
        else:
            _mark_sent(message, result, final=not channel.reports_delivery)
            report.add(Status.SENT)
            if not self.unwritten:
                self.unwritten_since = time.monotonic()
            self.unwritten.append(message)
            if (
                len(self.unwritten) >= WRITE_EVERY
                or time.monotonic() - self.unwritten_since > WRITE_AFTER_SECONDS
            ):
                self.write()
        self.keys.pop(message.id, None)
        return message.status

    def _finished(self, message: OutboundMessage, status: str, *, error_code: str = "") -> None:
        _finish(message, status, error_code=error_code)
        self.report.add(status)

    def write(self) -> None:
        unwritten, self.unwritten = self.unwritten, []
        _write_sent(unwritten)

    # -- the whole hand

    def send_all(self, claim_more: Callable[[], list[OutboundMessage]] | None = None) -> None:
        """Send every message of the hand, each in its sender's slots, claiming more with
        `claim_more` while it finds some: when the hand is empty, and when a sender has
        nothing left in it (wants_more)."""
        max_wait = lease_duration().total_seconds() / 3
        renewed = time.monotonic()
        slots: dict[tuple[str, Sender], float] = {}  # the slot each sender holds
        ask_again: dict[tuple[str, Sender], float] = {}  # no slot until then (time.time())
        while True:
            if claim_more is not None and (not self.pending() or self.wants_more()):
                if more := claim_more():
                    self.add(more)
                elif not self.pending():
                    return
                else:
                    claim_more = None
            if not self.pending():
                return
            if time.monotonic() - renewed > max_wait:
                held = {m.id for m in _renew(self.pending())}
                for group in self.groups.values():
                    kept = [m for m in group if m.id in held]
                    group.clear()
                    group.extend(kept)
                renewed = time.monotonic()
            now = time.time()
            for key, group in self.groups.items():
                channel, sender = key
                if not group or sender.rate <= 0 or key in slots or ask_again.get(key, 0) > now:
                    continue
                slot, wait = rate_limiter.take(f"{channel}:{sender.address}", sender.rate)
                ask_again.pop(key, None)
                if slot is not None:
                    slots[key] = slot
                elif wait > max_wait:
                    _release(list(group), wait, self.report)
                    group.clear()
                else:
                    ask_again[key] = now + wait
            # The earliest slot next; a sender without a rate may go now.
            ready = [(slot, key) for key, slot in slots.items()]
            ready += [(now, key) for key, group in self.groups.items() if group and not key[1].rate]
            if not ready:
                if ask_again:
                    time.sleep(max(0.0, min(ask_again.values()) - time.time()))
                continue
            slot, key = min(ready, key=lambda pair: pair[0])
            message = self.groups[key].popleft()
            # A slot left unused (its message too late for it) is not kept: the rate holds.
            if self.deliver(message, slots.pop(key, None)) == LATE:
                self.groups[key].appendleft(message)


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def deliver(
    message: OutboundMessage, report: DeliveryReport | None = None, *, slot: float | None = None
) -> str:
    """Send one claimed message (see _Hand.deliver); return the status its row ends in."""
    hand = _Hand(report if report is not None else DeliveryReport())
    hand.add([message])
    try:
        return hand.deliver(message, slot)
    finally:
        hand.write()


def _release(messages: list[OutboundMessage], after: float, report: DeliveryReport) -> None:
    """Give rows back to the queue for later without counting a try (the rate is used up)."""
    next_at = timezone.now() + timedelta(seconds=after)
    for message in messages:
        if _write(message, status=Status.QUEUED, next_attempt_at=next_at):
            report.add(Status.QUEUED)
            report.retry(message)


def _send(report: DeliveryReport, claim_more: Callable[[], list[OutboundMessage]]) -> None:
    hand = _Hand(report)
    try:
        hand.send_all(claim_more)
    finally:
        # What was sent is recorded even when the worker is being stopped.
        hand.write()


def deliver_ids(ids: list, *, worker: str) -> DeliveryReport:
    """Claim and send the given messages that are queued and due, a bunch at a time; then
    help with the rest of their batch, as many again at most.

    A fan-out's tasks do not end together (the last ones start when the others are half
    done, and each sender's share of a task varies), and without the help its last seconds
    would go at the pace of the one or two workers still busy. The help is bounded so that a
    task still ends and lets its worker take the next one, which may be more urgent.
    """
    report = DeliveryReport()
    remaining = list(ids)
    batches: list[str] = []
    helped = 0

    def claim_more() -> list[OutboundMessage]:
        nonlocal remaining, helped
        # The given ids a claim's worth at a time: a claim among all of them would send
        # every remaining id to the database again each time.
        while remaining:
            part, remaining = remaining[:CLAIM_SIZE], remaining[CLAIM_SIZE:]
            if claimed := claim(CLAIM_SIZE, worker=worker, ids=part):
                batches.extend({m.batch for m in claimed if m.batch} - set(batches))
                return claimed
        while batches and helped < len(ids):
            claimed = claim(min(CLAIM_SIZE, len(ids) - helped), worker=worker, batch=batches[0])
            if claimed:
                helped += len(claimed)
                return claimed
            batches.pop(0)
        return []

    _send(report, claim_more)
    return report


def deliver_due(
    limit: int, *, worker: str | None = None, time_budget: float | None = None
) -> DeliveryReport:
    """Claim and send up to `limit` due messages, whatever their batch; stop after the budget."""
    worker = worker or worker_name()
    report = DeliveryReport()
    started = time.monotonic()
    handled = 0

    def claim_more() -> list[OutboundMessage]:
        nonlocal handled
        if handled >= limit or (
            time_budget is not None and time.monotonic() - started > time_budget
        ):
            return []
        claimed = claim(min(CLAIM_SIZE, limit - handled), worker=worker)
        handled += len(claimed)
        return claimed

    _send(report, claim_more)
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
