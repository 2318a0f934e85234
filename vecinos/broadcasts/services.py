"""Writes for broadcasts: compose, ask for approval, approve, send, follow and cancel."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from vecinos.accounts.roles import Role, has_role
from vecinos.accounts.services import (
    TwoFactorLocked,
    clear_failures,
    is_locked,
    normalize_code,
    record_failure,
)
from vecinos.core.audit import log_action
from vecinos.core.durations import humane_duration
from vecinos.messaging import senders
from vecinos.messaging.models import OutboundMessage
from vecinos.messaging.rendering import sms_text
from vecinos.messaging.services import Recipient as OutboxRecipient
from vecinos.messaging.services import cancel_batch, queue_many
from vecinos.messaging.sms_length import SegmentInfo, count_segments

from .audit import AuditCode
from .models import Broadcast
from .segments import Recipient, resolve

__all__ = [
    "ApprovalRequired",
    "BroadcastError",
    "FreshTwoFactorRequired",
    "TwoFactorLocked",
    "approve_broadcast",
    "cancel_broadcast",
    "check_fresh_two_factor",
    "create_broadcast",
    "is_fresh",
    "is_second_approver",
    "preview_broadcast",
    "refresh_progress",
    "request_approval",
    "send_broadcast",
    "update_broadcast",
]

# A code typed this long ago still counts as "fresh" for a large send.
FRESH_TWO_FACTOR_SECONDS = 5 * 60
COMPOSED_FIELDS = (
    "title",
    "channel",
    "subject_en",
    "subject_es",
    "body_en",
    "body_es",
    "segment",
    "segment_params",
    "language",
    "expires_at",
)
PROGRESS_STATUSES = (
    OutboundMessage.Status.QUEUED,
    OutboundMessage.Status.SENDING,
    OutboundMessage.Status.SENT,
    OutboundMessage.Status.DELIVERED,
    OutboundMessage.Status.FAILED,
    OutboundMessage.Status.EXPIRED,
    OutboundMessage.Status.SUPPRESSED,
    OutboundMessage.Status.CANCELLED,
)
PENDING_STATUSES = (OutboundMessage.Status.QUEUED, OutboundMessage.Status.SENDING)


class BroadcastError(Exception):
    """A broadcast cannot move on from where it is; the message is shown to staff."""


class ApprovalRequired(BroadcastError):
    """Raised when a large broadcast is sent before a second staff member approved it."""


class FreshTwoFactorRequired(BroadcastError):
    """Raised when a large broadcast is sent without a code typed in the last five minutes."""


def approval_threshold() -> int:
    """Return the number of recipients above which a send needs approval and a fresh code."""
    return int(getattr(settings, "VECINOS_BROADCAST_APPROVAL_THRESHOLD", 500))


def channel_rate(channel: str) -> float:
    """Return the messages per second the outbox hands to the provider; 0 means no limit."""
    return senders.total_rate("sms" if channel == Broadcast.Channel.SMS else "email")


def is_second_approver(user, requested_by_id: int | None) -> bool:
    """Return whether `user` may approve a large send: an admin or organizer who did not ask."""
    return has_role(user, Role.ADMIN, Role.ORGANIZER) and requested_by_id != user.pk


def can_approve(broadcast: Broadcast, user) -> bool:
    """Return whether `user` may approve: an admin or organizer who did not write it."""
    return (
        is_second_approver(user, broadcast.created_by_id)
        and broadcast.status == Broadcast.Status.AWAITING_APPROVAL
    )


@dataclass(frozen=True)
class LanguageCount:
    language: str
    recipients: int
    segments: SegmentInfo | None

    @property
    def total_segments(self) -> int:
        return self.recipients * (self.segments.segments if self.segments else 0)


@dataclass(frozen=True)
class Preview:
    """What a send would do now: who gets it in which language, and how long it takes."""

    channel: str
    languages: list[LanguageCount]
    rate: float
    threshold: int
    recipients: list[Recipient] = field(repr=False, default_factory=list)

    @property
    def total(self) -> int:
        return sum(count.recipients for count in self.languages)

    @property
    def total_segments(self) -> int:
        return sum(count.total_segments for count in self.languages)

    @property
    def seconds(self) -> int | None:
        """Return how long handing every message over takes, or None without a rate limit."""
        if not self.rate:
            return None
        return math.ceil(self.total / self.rate) if self.total else 0

    @property
    def needs_approval(self) -> bool:
        return self.total > self.threshold

    def duration(self) -> str:
        if self.seconds is None:
            return ""
        # An estimate never reads "0 seconds": a broadcast takes at least a moment.
        return humane_duration(timedelta(seconds=max(self.seconds, 1)))

    def snapshot(self) -> dict:
        """Return the counts to keep on the broadcast: numbers only, never a recipient."""
        return {
            "recipients": self.total,
            "segments": self.total_segments,
            "seconds": self.seconds,
            "languages": {
                count.language: {
                    "recipients": count.recipients,
                    "segments": count.segments.segments if count.segments else 0,
                }
                for count in self.languages
            },
        }


def preview_broadcast(broadcast: Broadcast) -> Preview:
    """Resolve the audience now and count recipients and SMS segments per language.

    Raises segments.UnknownSegment when the audience's app no longer registers it.
    """
    recipients = resolve(
        broadcast.segment,
        broadcast.segment_params,
        channel=broadcast.channel,
        language=broadcast.language,
    )
    languages = []
    for language in broadcast.languages():
        count = sum(1 for recipient in recipients if recipient.language == language)
        info = (
            # Counted as sent: every SMS follows the one rule for accents.
            count_segments(sms_text(broadcast.body_for(language)))
            if broadcast.channel == Broadcast.Channel.SMS
            else None
        )
        languages.append(LanguageCount(language=language, recipients=count, segments=info))
    return Preview(
        channel=broadcast.channel,
        languages=languages,
        rate=channel_rate(broadcast.channel),
        threshold=approval_threshold(),
        recipients=recipients,
    )


def _snapshot_counts(broadcast: Broadcast) -> dict:
    try:
        return preview_broadcast(broadcast).snapshot()
    except LookupError:
        return {}


@transaction.atomic
def create_broadcast(*, actor, **fields) -> Broadcast:
    """Save a new draft written by `actor`, with its audience's counts as they are now."""
    broadcast = Broadcast(created_by=actor, **{name: fields[name] for name in COMPOSED_FIELDS})
    broadcast.counts = _snapshot_counts(broadcast)
    broadcast.save()
    log_action(actor, AuditCode.BROADCAST_CREATED, broadcast, detail={"channel": broadcast.channel})
    return broadcast


@transaction.atomic
def update_broadcast(broadcast: Broadcast, *, actor, **fields) -> Broadcast:
    """Change a draft's texts or audience; anything past a draft stays as it was approved."""
    broadcast = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
    if not broadcast.is_editable:
        raise BroadcastError(gettext("Only a draft can be changed."))
    for name in COMPOSED_FIELDS:
        setattr(broadcast, name, fields[name])
    broadcast.counts = _snapshot_counts(broadcast)
    broadcast.save()
    log_action(actor, AuditCode.BROADCAST_CHANGED, broadcast)
    return broadcast


def check_fresh_two_factor(user, *, code: str) -> datetime | None:
    """Check a code from the user's authenticator app; return when it was checked, or None.

    Only the app counts, not a backup code: a large send is confirmed by someone holding the
    phone now. Wrong codes count towards the same lock-out as at sign-in.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if is_locked(user):
        raise TwoFactorLocked
    code = normalize_code(code)
    if code.isdigit() and len(code) == 6:
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(code):
                clear_failures(user)
                return timezone.now()
    record_failure(user)
    return None


def is_fresh(checked_at: datetime | None, now: datetime | None = None) -> bool:
    """Return whether a code checked at `checked_at` still counts for a large send."""
    if checked_at is None:
        return False
    age = (now or timezone.now()) - checked_at
    return timedelta(0) <= age <= timedelta(seconds=FRESH_TWO_FACTOR_SECONDS)


@transaction.atomic
def request_approval(broadcast: Broadcast, *, actor) -> Broadcast:
    """Put a draft in front of the other staff for approval, with its current counts."""
    broadcast = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
    if broadcast.status != Broadcast.Status.DRAFT:
        raise BroadcastError(gettext("Only a draft can be put up for approval."))
    broadcast.counts = preview_broadcast(broadcast).snapshot()
    broadcast.status = Broadcast.Status.AWAITING_APPROVAL
    broadcast.approval_requested_at = timezone.now()
    broadcast.save(update_fields=["counts", "status", "approval_requested_at"])
    log_action(
        actor,
        AuditCode.BROADCAST_APPROVAL_REQUESTED,
        broadcast,
        detail={"recipients": broadcast.counts["recipients"]},
    )
    return broadcast


@transaction.atomic
def approve_broadcast(broadcast: Broadcast, *, actor) -> Broadcast:
    """Record a second staff member's approval; the one who wrote it cannot approve it."""
    broadcast = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
    if broadcast.created_by_id == actor.pk:
        raise BroadcastError(gettext("Someone other than its author must approve a broadcast."))
    if not can_approve(broadcast, actor):
        raise BroadcastError(gettext("This broadcast is not waiting for approval."))
    broadcast.status = Broadcast.Status.APPROVED
    broadcast.approved_by = actor
    broadcast.approved_at = timezone.now()
    broadcast.save(update_fields=["status", "approved_by", "approved_at"])
    log_action(
        actor,
        AuditCode.BROADCAST_APPROVED,
        broadcast,
        detail={"recipients": broadcast.counts.get("recipients", 0)},
    )
    return broadcast


@transaction.atomic
def send_broadcast(
    broadcast: Broadcast, *, actor, two_factor_checked_at: datetime | None = None
) -> Broadcast:
    """Write one outbox message per recipient, in their language, and mark it sending.

    Above the approval threshold the broadcast must have been approved by someone else, and
    `actor` must have typed an authenticator code within the last five minutes
    (`two_factor_checked_at`). The outbox rows are written in this transaction, so an error
    here sends nothing; their dedupe keys name the broadcast and the recipient, so sending
    again never reaches anyone twice.
    """
    broadcast = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
    if broadcast.status not in {Broadcast.Status.DRAFT, Broadcast.Status.APPROVED}:
        raise BroadcastError(gettext("This broadcast has already been sent or cancelled."))
    now = timezone.now()
    if broadcast.is_expired(now):
        raise BroadcastError(gettext("This broadcast is past its “useless after” time."))
    preview = preview_broadcast(broadcast)
    if not preview.total:
        raise BroadcastError(gettext("Nobody in this audience can be reached on this channel."))
    if preview.needs_approval:
        if broadcast.status != Broadcast.Status.APPROVED or broadcast.approved_by_id is None:
            raise ApprovalRequired(
                gettext("A broadcast to more than %(count)s people needs a second approval.")
                % {"count": preview.threshold}
            )
        if not is_fresh(two_factor_checked_at, now):
            raise FreshTwoFactorRequired(
                gettext("Type a code from your authenticator app to send to this many people.")
            )
    report = queue_many(
        (
            OutboxRecipient(
                to=recipient.address,
                language=recipient.language,
                dedupe_key=f"{broadcast.batch}:{recipient.key}",
                channel=recipient.channel,
            )
            for recipient in preview.recipients
        ),
        channel=broadcast.channel,
        purpose="broadcast",
        body={language: broadcast.body_for(language) for language in broadcast.languages()},
        subject={language: broadcast.subject_for(language) for language in broadcast.languages()},
        batch=broadcast.batch,
        expires_at=broadcast.expires_at,
    )
    broadcast.status = Broadcast.Status.SENDING
    broadcast.counts = {**preview.snapshot(), "queue": report.as_dict()}
    broadcast.sent_by = actor
    broadcast.sent_at = now
    broadcast.save(update_fields=["status", "counts", "sent_by", "sent_at"])
    log_action(
        actor,
        AuditCode.BROADCAST_SENT,
        broadcast,
        detail={
            "recipients": preview.total,
            **report.as_dict(),
            "approved": broadcast.approved_by_id is not None,
        },
    )
    return broadcast


@dataclass(frozen=True)
class Progress:
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def pending(self) -> int:
        return sum(self.counts[status] for status in PENDING_STATUSES)

    @property
    def done(self) -> int:
        return self.total - self.pending

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    def rows(self) -> list[tuple[str, str, int]]:
        """Return (status, label, count) for every status, in the order messages pass them."""
        labels = dict(OutboundMessage.Status.choices)
        return [(status, labels[status], self.counts[status]) for status in PROGRESS_STATUSES]


def count_progress(broadcast: Broadcast) -> Progress:
    """Count the broadcast's outbox messages by status."""
    counts = dict.fromkeys(PROGRESS_STATUSES, 0)
    rows = (
        OutboundMessage.objects.filter(batch=broadcast.batch)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for status, number in rows:
        counts[status] = number
    return Progress(counts={str(status): number for status, number in counts.items()})


@transaction.atomic
def refresh_progress(broadcast: Broadcast) -> tuple[Broadcast, Progress]:
    """Count the messages and, once none is waiting or being sent, mark the broadcast sent.

    No worker knows that it sent a batch's last message, so whoever looks at the progress
    first after that (the progress screen) records the end; the update is conditional, so two
    looks at once record it once.
    """
    progress = count_progress(broadcast)
    if broadcast.status == Broadcast.Status.SENDING and progress.pending == 0:
        updated = Broadcast.objects.filter(pk=broadcast.pk, status=Broadcast.Status.SENDING).update(
            status=Broadcast.Status.SENT, finished_at=timezone.now()
        )
        if updated:
            broadcast.refresh_from_db(fields=["status", "finished_at"])
    return broadcast, progress


@transaction.atomic
def cancel_broadcast(broadcast: Broadcast, *, actor) -> int:
    """Stop a broadcast: messages still waiting are cancelled; return how many were."""
    broadcast = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
    if not broadcast.is_cancellable:
        raise BroadcastError(gettext("This broadcast has already finished."))
    # A worker may have claimed some rows a moment ago: only rows still queued are stopped,
    # and the ones already being sent go out and are counted as such.
    cancelled = cancel_batch(broadcast.batch, actor=actor) if broadcast.sent_at else 0
    broadcast.status = Broadcast.Status.CANCELLED
    broadcast.cancelled_at = timezone.now()
    broadcast.save(update_fields=["status", "cancelled_at"])
    log_action(actor, AuditCode.BROADCAST_CANCELLED, broadcast, detail={"messages": cancelled})
    return cancelled
