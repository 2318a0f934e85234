"""Broadcasts: one bilingual message that staff send to a segment of members."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Broadcast(models.Model):
    """A message to everyone in a segment, written once per language and sent through the outbox.

    The texts address everyone alike, so they are not personal data and are stored in clear;
    who receives them is worked out from the segment at the moment of sending and is kept
    only on the outbox rows.
    """

    class Channel(models.TextChoices):
        SMS = "sms", pgettext_lazy("message channel", "SMS")
        EMAIL = "email", pgettext_lazy("message channel", "E-mail")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("broadcast status", "Draft")
        AWAITING_APPROVAL = (
            "awaiting_approval",
            pgettext_lazy("broadcast status", "Awaiting approval"),
        )
        APPROVED = "approved", pgettext_lazy("broadcast status", "Approved")
        SENDING = "sending", pgettext_lazy("broadcast status", "Sending")
        SENT = "sent", pgettext_lazy("broadcast status", "Sent")
        CANCELLED = "cancelled", pgettext_lazy("broadcast status", "Cancelled")

    class LanguageFilter(models.TextChoices):
        ALL = "", pgettext_lazy("broadcast audience language", "Every language")
        ENGLISH = "en", pgettext_lazy("broadcast audience language", "English speakers only")
        SPANISH = "es", pgettext_lazy("broadcast audience language", "Spanish speakers only")

    title = models.CharField(
        _("title"),
        max_length=120,
        help_text=_("Only staff see it, in this list. For example: Hearing on the 12th."),
    )
    channel = models.CharField(
        pgettext_lazy("broadcast", "channel"),
        max_length=10,
        choices=Channel.choices,
        default=Channel.SMS,
    )
    subject_en = models.CharField(_("subject in English"), max_length=200, blank=True)
    subject_es = models.CharField(_("subject in Spanish"), max_length=200, blank=True)
    body_en = models.TextField(_("text in English"), blank=True)
    body_es = models.TextField(_("text in Spanish"), blank=True)
    segment = models.CharField(_("audience"), max_length=60)
    # Ids of zones, blocks, tags or workshops: the segment registry refuses anything that
    # looks like an address.
    segment_params = models.JSONField(default=dict, blank=True)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=LanguageFilter.choices,
        blank=True,
        default=LanguageFilter.ALL,
    )
    expires_at = models.DateTimeField(
        _("useless after"),
        null=True,
        blank=True,
        help_text=_(
            "Messages still waiting at this time are never sent, for example once the "
            "hearing has started."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Counts only (recipients and segments per language), as they were when last previewed
    # or sent: {"recipients": 3, "languages": {"en": {"recipients": 1, "segments": 1}, ...}}.
    counts = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    approval_requested_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("broadcast")
        verbose_name_plural = _("broadcasts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def batch(self) -> str:
        """Name the outbox batch that holds this broadcast's messages."""
        return f"broadcast:{self.pk}"

    def body_for(self, language: str) -> str:
        return self.body_es if language == "es" else self.body_en

    def subject_for(self, language: str) -> str:
        return self.subject_es if language == "es" else self.subject_en

    def languages(self) -> list[str]:
        """Return the languages this broadcast is written for, given its language filter."""
        return [self.language] if self.language else ["en", "es"]

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_cancellable(self) -> bool:
        return self.status in {
            self.Status.DRAFT,
            self.Status.AWAITING_APPROVAL,
            self.Status.APPROVED,
            self.Status.SENDING,
        }

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())
