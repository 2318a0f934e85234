"""Queue messages: the one way any part of vecinos sends a text or an e-mail.

A message is a row in the outbox written in the caller's transaction, so it exists exactly
when the action that caused it does: a rollback leaves nothing to send. Delivery is handed to
the background worker only once that transaction commits.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from vecinos.core.audit import log_action
from vecinos.privacy.blind_index import InvalidPhoneNumber, blind_index

from . import budget, optout
from .audit import AuditCode
from .models import Channel, OutboundMessage
from .rendering import render_email, render_sms, sms_text

logger = logging.getLogger(__name__)

# Every SMS follows one rule for accents (rendering.sms_text). The `plain_ascii` argument of
# queue_message, queue_many and send_test_message is still accepted and changes nothing.
BULK_BATCH_SIZE = 500
# Provider ids of texts typed on the Test phone page, which lists them with its threads.
TEST_PHONE_PREFIX = "testphone-"


class InvalidAddress(ValueError):
    """A phone number or e-mail address that cannot be messaged."""


def _index(channel: str, normalized: str) -> int:
    return blind_index("phone" if channel == Channel.SMS else "email", normalized)


def _normalize(channel: str, to: str) -> str:
    try:
        return optout.normalize_address(channel, to)
    except (InvalidPhoneNumber, ValueError) as exc:
        raise InvalidAddress(str(exc)) from None


def render(
    *,
    channel: str,
    language: str,
    template: str | None,
    context: dict | None,
    body: str | None,
    subject: str,
) -> tuple[str, str]:
    """Return (subject, body) for one recipient, rendered in their language."""
    if template:
        if channel == Channel.SMS:
            return "", render_sms(template, context, language)
        rendered = render_email(template, context, language, subject=subject)
        return rendered.subject, rendered.body
    if not body:
        raise ValueError("Give a template or a body.")
    if channel == Channel.SMS:
        return "", sms_text(body)
    return subject, body


def _enqueue_on_commit(ids: list[str]) -> None:
    from .tasks import deliver_messages

    def enqueue() -> None:
        try:
            deliver_messages.enqueue(ids)
        except Exception:
            # The rows are committed; the sweeper finds messages nobody took within a
            # minute, so a task queue that is down delays them but loses nothing.
            logger.exception("Could not hand %d messages to the task queue", len(ids))

    transaction.on_commit(enqueue)


def queue_message(
    *,
    channel: str,
    to: str,
    language: str,
    template: str | None = None,
    context: dict | None = None,
    body: str | None = None,
    subject: str = "",
    purpose: str,
    dedupe_key: str | None = None,
    batch: str = "",
    sender: str = "default",
    expires_at: datetime | None = None,
    plain_ascii: bool | None = None,
) -> OutboundMessage | None:
    """Write one message to the outbox in the caller's transaction and send it after commit.

    `template` is "app/name" (rendered from app/sms/name.txt or app/email/name.txt in
    `language`) or a full template path; otherwise `body` (and `subject`) are sent as given.
    Return None without writing anything when the address opted out of this channel, when
    a message with the same `dedupe_key` exists, or for a verification text past the
    organization's hourly budget (budget.py). Raise InvalidAddress for an unusable `to`.
    """
    address = _normalize(channel, to)
    if optout.is_opted_out(channel, address):
        return None
    if dedupe_key and OutboundMessage.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    if budget.over_budget(channel, purpose):
        return None
    subject, text = render(
        channel=channel,
        language=language,
        template=template,
        context=context,
        body=body,
        subject=subject,
    )
    message = OutboundMessage(
        channel=channel,
        to_address=address,
        to_index=_index(channel, address),
        subject=subject,
        body=text,
        language=language,
        purpose=purpose,
        dedupe_key=dedupe_key or None,
        batch=batch,
        sender=sender,
        expires_at=expires_at,
        next_attempt_at=timezone.now(),
    )
    try:
        # A savepoint: when a concurrent caller wrote the same dedupe_key first, only this
        # insert is undone, not the caller's whole transaction.
        with transaction.atomic():
            message.save(force_insert=True)
    except IntegrityError:
        if dedupe_key and OutboundMessage.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    _enqueue_on_commit([str(message.id)])
    return message


@dataclass(frozen=True)
class Recipient:
    """One person in a fan-out: where to reach them, in which language, and their id."""

    to: str
    language: str
    dedupe_key: str | None = None
    context: dict | None = None
    channel: str | None = None


@dataclass
class QueueReport:
    """What queue_many did: how many rows were written and why the others were not."""

    queued: int = 0
    opted_out: int = 0
    duplicate: int = 0
    invalid: int = 0
    ids: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "queued": self.queued,
            "opted_out": self.opted_out,
            "duplicate": self.duplicate,
            "invalid": self.invalid,
        }


def queue_many(
    recipients: Iterable[Recipient],
    *,
    channel: str,
    purpose: str,
    template: str | None = None,
    context: dict | None = None,
    body: str | dict[str, str] | None = None,
    subject: str | dict[str, str] = "",
    batch: str = "",
    sender: str = "default",
    expires_at: datetime | None = None,
    plain_ascii: bool | None = None,
    batch_size: int = BULK_BATCH_SIZE,
) -> QueueReport:
    """Write one message per recipient to the outbox in the caller's transaction.

    `body` and `subject` may be given per language ({"en": …, "es": …}); a recipient's own
    `context` is merged over the shared one. Rows are inserted `batch_size` at a time, and
    each batch becomes one delivery task after commit. Opted-out, duplicate (`dedupe_key`
    already used) and unusable addresses are skipped and counted.
    """
    report = QueueReport()
    write = partial(
        _queue_chunk,
        report=report,
        channel=channel,
        purpose=purpose,
        template=template,
        context=context,
        body=body,
        subject=subject,
        batch=batch,
        sender=sender,
        expires_at=expires_at,
    )
    chunk: list[Recipient] = []
    for recipient in recipients:
        chunk.append(recipient)
        if len(chunk) >= batch_size:
            write(chunk)
            chunk = []
    if chunk:
        write(chunk)
    return report


def _for_language(value: str | dict[str, str] | None, language: str):
    if isinstance(value, dict):
        return value.get(language) or value.get("en") or ""
    return value


def _queue_chunk(
    chunk: list[Recipient],
    *,
    report: QueueReport,
    channel: str,
    purpose: str,
    template: str | None,
    context: dict | None,
    body,
    subject,
    batch: str,
    sender: str,
    expires_at: datetime | None,
) -> None:
    prepared = []
    for recipient in chunk:
        kind = recipient.channel or channel
        try:
            address = _normalize(kind, recipient.to)
        except InvalidAddress:
            report.invalid += 1
            continue
        prepared.append((recipient, kind, address, optout.address_key(kind, address)))

    # One query each for opt-outs and used dedupe keys, instead of two per recipient.
    opted_out: set[tuple[str, str]] = set()
    for kind in {kind for _, kind, _, _ in prepared}:
        keys = [key for _, k, _, key in prepared if k == kind]
        opted_out |= {(kind, key) for key in optout.opted_out_keys(kind, keys)}
    wanted_keys = [r.dedupe_key for r, *_ in prepared if r.dedupe_key]
    used = set(
        OutboundMessage.objects.filter(dedupe_key__in=wanted_keys).values_list(
            "dedupe_key", flat=True
        )
    )

    now = timezone.now()
    rows = []
    for recipient, kind, address, key in prepared:
        if (kind, key) in opted_out:
            report.opted_out += 1
            continue
        if recipient.dedupe_key and recipient.dedupe_key in used:
            report.duplicate += 1
            continue
        if recipient.dedupe_key:
            used.add(recipient.dedupe_key)
        subject_text, text = render(
            channel=kind,
            language=recipient.language,
            template=template,
            context={**(context or {}), **(recipient.context or {})},
            body=_for_language(body, recipient.language),
            subject=_for_language(subject, recipient.language) or "",
        )
        rows.append(
            OutboundMessage(
                channel=kind,
                to_address=address,
                to_index=_index(kind, address),
                subject=subject_text,
                body=text,
                language=recipient.language,
                purpose=purpose,
                dedupe_key=recipient.dedupe_key or None,
                batch=batch,
                sender=sender,
                expires_at=expires_at,
                next_attempt_at=now,
                created_at=now,
            )
        )
    if not rows:
        return
    # ignore_conflicts: a concurrent fan-out that wrote one of these dedupe keys after the
    # check above wins, and this batch keeps going. The ids of rows that were not inserted
    # are then handed to the worker too, which finds nothing to claim for them.
    OutboundMessage.objects.bulk_create(rows, ignore_conflicts=True)
    ids = [str(row.id) for row in rows]
    report.queued += len(rows)
    report.ids.extend(ids)
    _enqueue_on_commit(ids)


def cancel_batch(batch: str, *, actor) -> int:
    """Cancel the messages of a batch that have not been sent yet; return how many."""
    if not batch:
        raise ValueError("Name the batch to cancel.")
    with transaction.atomic():
        count = OutboundMessage.objects.filter(
            batch=batch, status=OutboundMessage.Status.QUEUED
        ).update(status=OutboundMessage.Status.CANCELLED, finished_at=timezone.now())
        log_action(actor, AuditCode.BATCH_CANCELLED, detail={"batch": batch[:100], "count": count})
    return count


def send_test_message(
    *,
    actor,
    channel: str,
    to: str,
    language: str,
    template: str = "",
    body: str = "",
    subject: str = "",
    plain_ascii: bool = False,
) -> OutboundMessage | None:
    """Queue a message typed on the Test phone page, and audit that staff sent it."""
    with transaction.atomic():
        message = queue_message(
            channel=channel,
            to=to,
            language=language,
            template=template or None,
            body=body or None,
            subject=subject,
            purpose="test",
        )
        log_action(
            actor,
            AuditCode.MESSAGE_SENT_BY_STAFF,
            message,
            detail={"channel": channel, "language": language, "suppressed": message is None},
        )
    return message


def reply_from_test_phone(*, actor, from_address: str, body: str):
    """Hand a text typed on the Test phone page to inbound handling, as if a phone sent it."""
    from .inbound import handle_inbound_sms

    with transaction.atomic():
        inbound = handle_inbound_sms(from_address, body, f"{TEST_PHONE_PREFIX}{uuid.uuid4().hex}")
        log_action(actor, AuditCode.REPLY_SIMULATED, inbound)
    return inbound
