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
from vecinos.privacy import crypto
from vecinos.privacy.blind_index import (
    InvalidPhoneNumber,
    blind_index,
    blind_indexer,
    key_purpose,
)

from . import budget, bulk, optout
from .audit import AuditCode
from .models import Channel, OutboundMessage
from .rendering import render_email, render_sms, sms_text

logger = logging.getLogger(__name__)

# Every SMS follows one rule for accents (rendering.sms_text), whatever sends it.
# A fan-out's first batch is small, so the workers start on it at once; the next ones double
# up to BULK_MAX_BATCH_SIZE, so a large audience costs few statements and commits.
BULK_BATCH_SIZE = 500
BULK_MAX_BATCH_SIZE = 8000
# Ids per delivery task: a large committed batch becomes several tasks, one per worker slot.
DELIVERY_TASK_SIZE = 500
# Provider ids of texts typed on the Test phone page, which lists them with its threads.
TEST_PHONE_PREFIX = "testphone-"


class InvalidAddress(ValueError):
    """A phone number or e-mail address that cannot be messaged."""


# The blind index each channel's address is found by.
INDEX_PURPOSE = {Channel.SMS: "phone", Channel.EMAIL: "email"}


def _index(channel: str, normalized: str) -> int:
    return blind_index(INDEX_PURPOSE[channel], normalized)


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

    if _tasks_in_database():
        # The task rows go in the caller's transaction, beside the messages: a worker sees
        # both at the commit or neither, and the commit is one write instead of two. No
        # savepoint: a failure here is the database's, which undoes the messages too.
        for start in range(0, len(ids), DELIVERY_TASK_SIZE):
            deliver_messages.enqueue(ids[start : start + DELIVERY_TASK_SIZE])
        return

    def enqueue() -> None:
        try:
            # Every task of the batch in one transaction (one commit for the task rows).
            with transaction.atomic():
                for start in range(0, len(ids), DELIVERY_TASK_SIZE):
                    deliver_messages.enqueue(ids[start : start + DELIVERY_TASK_SIZE])
        except Exception:
            # The rows are committed; the sweeper finds messages nobody took within a
            # minute, so a task queue that is down delays them but loses nothing.
            logger.exception("Could not hand %d messages to the task queue", len(ids))

    transaction.on_commit(enqueue)


def _tasks_in_database() -> bool:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


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
        # insert is undone, not the caller's whole transaction. Without a key nothing can
        # collide, and the insert needs none.
        with transaction.atomic(savepoint=bool(dedupe_key)):
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
    batch_size: int = BULK_BATCH_SIZE,
    max_batch_size: int = BULK_MAX_BATCH_SIZE,
) -> QueueReport:
    """Write one message per recipient to the outbox in the caller's transaction.

    `body` and `subject` may be given per language ({"en": …, "es": …}); a recipient's own
    `context` is merged over the shared one. Rows are written a batch at a time, each in
    one statement: the first `batch_size` rows, then twice as many each time up to
    `max_batch_size`. Each batch is handed to the workers once it commits: called outside a
    transaction, each batch commits on its own, so delivery starts with the first one.
    Opted-out, duplicate (`dedupe_key` already used) and unusable addresses are skipped and
    counted; a send cut short and run again queues only those it had not reached.
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
    size = batch_size
    for recipient in recipients:
        chunk.append(recipient)
        if len(chunk) >= size:
            _store_batch(write(chunk), report)
            chunk = []
            size = min(max(size, max_batch_size), size * 2)
    if chunk:
        _store_batch(write(chunk), report)
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
) -> _PreparedBatch | None:
    """Normalize, check and seal one batch; return its rows, or None if none is left."""
    # The keys for the whole batch at once: the data key fetched once, the opt-out and index
    # keys derived once, instead of each of them for every value.
    keys = crypto.batch_keys(
        optout.KEY_PURPOSE,
        key_purpose(INDEX_PURPOSE[Channel.SMS]),
        key_purpose(INDEX_PURPOSE[Channel.EMAIL]),
    )
    indexers = {kind: blind_indexer(keys, name) for kind, name in INDEX_PURPOSE.items()}
    prepared = []
    for recipient in chunk:
        kind = recipient.channel or channel
        try:
            # Each number is normalized once; the opt-out key and the index use that form.
            address = _normalize(kind, recipient.to)
        except InvalidAddress:
            report.invalid += 1
            continue
        prepared.append((recipient, kind, address, optout.normalized_key(keys, kind, address)))

    # One query per channel for the batch's opt-outs, instead of one per recipient.
    opted_out: set[tuple[str, str]] = set()
    for kind in {kind for _, kind, _, _ in prepared}:
        wanted = [key for _, k, _, key in prepared if k == kind]
        opted_out |= {(kind, key) for key in optout.opted_out_keys(kind, wanted)}

    kept = []
    seen: set[str] = set()
    for recipient, kind, address, key in prepared:
        if (kind, key) in opted_out:
            report.opted_out += 1
        elif recipient.dedupe_key and recipient.dedupe_key in seen:
            # Twice in one call: the first wins. Keys used by earlier calls are refused by
            # the database when the batch is written (counted below).
            report.duplicate += 1
        else:
            if recipient.dedupe_key:
                seen.add(recipient.dedupe_key)
            kept.append((recipient, kind, address))
    if not kept:
        return None

    # Texts without a recipient's own context are the same for everyone of a language and
    # channel: rendered once each.
    rendered: dict[tuple[str, str], tuple[str, str]] = {}

    def text_for(recipient: Recipient, kind: str) -> tuple[str, str]:
        shared = not recipient.context
        if shared and (kind, recipient.language) in rendered:
            return rendered[(kind, recipient.language)]
        result = render(
            channel=kind,
            language=recipient.language,
            template=template,
            context={**(context or {}), **(recipient.context or {})},
            body=_for_language(body, recipient.language),
            subject=_for_language(subject, recipient.language) or "",
        )
        if shared:
            rendered[(kind, recipient.language)] = result
        return result

    label = OutboundMessage._meta.label_lower
    to_context = crypto.field_context_prefix(label, "to_address")
    subject_context = crypto.field_context_prefix(label, "subject")
    body_context = crypto.field_context_prefix(label, "body")
    seal = keys.encrypt_text
    rows_by_kind: dict[str, list[tuple]] = {}
    ids_by_kind: dict[str, list[str]] = {}
    for (pk, stored), (recipient, kind, address) in zip(bulk.new_ids(len(kept)), kept, strict=True):
        subject_text, text = text_for(recipient, kind)
        # Each sealed value is bound to its row and column, as EncryptedFieldMixin binds it.
        pk_bytes = pk.encode()
        rows_by_kind.setdefault(kind, []).append(
            (
                stored,
                seal(address, to_context + pk_bytes),
                indexers[kind](address),
                seal(subject_text, subject_context + pk_bytes) if subject_text else "",
                seal(text, body_context + pk_bytes),
                recipient.language,
                recipient.dedupe_key or None,
            )
        )
        ids_by_kind.setdefault(kind, []).append(pk)

    return _PreparedBatch(
        rows_by_kind,
        ids_by_kind,
        {"purpose": purpose, "batch": batch, "sender": sender, "expires_at": expires_at},
    )


@dataclass
class _PreparedBatch:
    rows_by_kind: dict[str, list[tuple]]
    ids_by_kind: dict[str, list[str]]
    constants: dict


def _store_batch(prepared: _PreparedBatch | None, report: QueueReport) -> None:
    """Write a prepared batch, one statement per channel, and hand it over once committed."""
    if prepared is None:
        return
    now = timezone.now()
    ids: list[str] = []
    # One transaction: outside the caller's own, the batch is committed and handed over at
    # once; inside it, when the caller commits.
    with transaction.atomic(savepoint=False):
        for kind, rows in prepared.rows_by_kind.items():
            inserted = bulk.insert(
                rows,
                {
                    **prepared.constants,
                    "channel": kind,
                    "status": OutboundMessage.Status.QUEUED,
                    "next_attempt_at": now,
                    "created_at": now,
                },
            )
            kind_ids = prepared.ids_by_kind[kind]
            if inserted is None:
                ids += kind_ids
            else:
                # The dedupe keys of the others were used already, by an earlier run of the
                # same send (one cut short) or a concurrent one: each person gets it once.
                went = [pk for pk, row in zip(kind_ids, rows, strict=True) if row[0] in inserted]
                report.duplicate += len(rows) - len(went)
                ids += went
        report.queued += len(ids)
        report.ids.extend(ids)
        if ids:
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
