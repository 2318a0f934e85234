"""Outgoing and incoming messages, opt-outs and keyword conversations."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vecinos.privacy.blind_index import BlindIndexField
from vecinos.privacy.fields import EncryptedCharField, EncryptedTextField


class Channel(models.TextChoices):
    SMS = "sms", pgettext_lazy("message channel", "SMS")
    EMAIL = "email", pgettext_lazy("message channel", "E-mail")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")


class OutboundMessage(models.Model):
    """One message to one recipient: the outbox row a worker claims, sends and tracks."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("message status", "Queued")
        SENDING = "sending", pgettext_lazy("message status", "Sending")
        SENT = "sent", pgettext_lazy("message status", "Sent")
        DELIVERED = "delivered", pgettext_lazy("message status", "Delivered")
        FAILED = "failed", pgettext_lazy("message status", "Failed")
        EXPIRED = "expired", pgettext_lazy("message status", "Expired")
        CANCELLED = "cancelled", pgettext_lazy("message status", "Cancelled")
        SUPPRESSED = "suppressed", pgettext_lazy("message status", "Suppressed (opted out)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    to_address = EncryptedCharField(
        _("to"), max_length=254
    )  # encrypted; purged 7 days after a final state
    to_index = BlindIndexField()
    subject = EncryptedCharField(
        _("subject"), max_length=200, blank=True
    )  # encrypted; purged with to_address
    body = EncryptedTextField(_("body"))  # encrypted; purged 7 days after a final state
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    purpose = models.CharField(_("purpose"), max_length=30)
    # Callers name the recipient by its own id (e.g. "broadcast:12:member:<uuid>"), so a
    # retried action never sends the same thing to the same person twice.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    batch = models.CharField(max_length=100, blank=True, db_index=True)
    # The number or Messaging Service it goes out from, picked when it is sent (senders.py).
    sender = models.CharField(max_length=50, default="default")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    # Failed tries (errors, timeouts); a provider's "slow down" answer is a deferral instead.
    attempts = models.PositiveIntegerField(default=0)
    deferrals = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    # Set by each claim to a fresh value: a worker writes to a row only while the row still
    # carries its token, so a worker whose lease ran out cannot overwrite the next one's work.
    claim_token = models.CharField(max_length=64, blank=True, db_index=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=100, blank=True, db_index=True)
    error_code = models.CharField(
        max_length=50, blank=True
    )  # a provider's code, never personal data
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="messaging_out_due")]

    def __str__(self) -> str:
        return f"{self.channel} {self.status} {self.id}"


class SendBudget(models.Model):
    """When a channel's sender may send next, shared by every worker (rate_limiter.py)."""

    key = models.CharField(max_length=80, primary_key=True)
    next_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key


class OptOut(models.Model):
    """An address that asked not to be messaged on a channel; the address itself is not kept."""

    channel = models.CharField(max_length=10, choices=Channel.choices)
    # Full-length keyed hash (not a truncated blind index): a collision would silence a stranger.
    address_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "address_key"], name="messaging_optout_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} opt-out {self.created_at:%Y-%m-%d}"


class InboundMessage(models.Model):
    """A text received from a phone, kept so a provider's retry is handled once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.SMS)
    from_address = EncryptedCharField(max_length=254)  # encrypted; purged with the message
    from_index = BlindIndexField()
    body = EncryptedTextField(blank=True)  # encrypted; purged with the message
    provider_id = models.CharField(max_length=100, unique=True)
    received_at = models.DateTimeField(default=timezone.now)
    handled_by = models.CharField(max_length=50, blank=True)

    def __str__(self) -> str:
        return f"{self.channel} in {self.id}"


class Conversation(models.Model):
    """Where a multi-step text exchange with one address stands (a sign-up, a report)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    address = EncryptedCharField(max_length=254)  # encrypted; deleted when the conversation expires
    address_index = BlindIndexField()
    flow = models.CharField(max_length=50)
    state = EncryptedTextField(blank=True)  # encrypted JSON; deleted with the conversation
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.ENGLISH)
    updated_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.flow} {self.id}"
