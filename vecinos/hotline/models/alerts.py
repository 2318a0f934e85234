"""Alerts to the neighbors, their recipients, and the contacts they are copied to."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vecinos.privacy.fields import EncryptedCharField
from vecinos.zones.models import Member

from .incidents import Incident


class AlertContact(models.Model):
    """Someone outside the zones who may receive alerts: the legal team or a partner group."""

    class Kind(models.TextChoices):
        LEGAL = "legal", pgettext_lazy("alert contact", "Legal team")
        PARTNER = "partner", pgettext_lazy("alert contact", "Partner organization")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = EncryptedCharField(_("name"), max_length=200)  # encrypted
    phone = EncryptedCharField(_("phone"), max_length=32, blank=True)  # encrypted
    email = EncryptedCharField(_("e-mail"), max_length=254, blank=True)  # encrypted
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("alert contact")
        verbose_name_plural = _("alert contacts")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {str(self.pk)[:8]}"


class Alert(models.Model):
    """A message to the neighbors of a confirmed incident, or its correction or all-clear."""

    class Kind(models.TextChoices):
        ALERT = "alert", pgettext_lazy("alert kind", "Alert")
        CORRECTION = "correction", pgettext_lazy("alert kind", "Correction")
        ALL_CLEAR = "all_clear", pgettext_lazy("alert kind", "All clear")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("alert status", "Draft")
        SENDING = "sending", pgettext_lazy("alert status", "Sending")
        SENT = "sent", pgettext_lazy("alert status", "Sent")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ALERT)
    # A correction or all-clear goes to exactly the people of this alert.
    follows = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="follow_ups"
    )
    # Texts address everyone alike and never name anyone (the templates see to that).
    text_en = models.TextField()
    text_es = models.TextField()
    include_neighbours = models.BooleanField(default=True)
    include_zone = models.BooleanField(default=False)
    include_legal = models.BooleanField(default=False)
    include_partners = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    recipients_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.incident.reference}"

    @property
    def batch(self) -> str:
        return f"rapidresponse-alert-{self.pk}"

    def text_for(self, language: str) -> str:
        return self.text_es if language == "es" else self.text_en


class AlertRecipient(models.Model):
    """Who an alert went to, by row id only, so a correction reaches exactly them."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="recipients")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, null=True, blank=True)
    contact = models.ForeignKey(AlertContact, on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        verbose_name = _("alert recipient")
        verbose_name_plural = _("alert recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "member"], name="rapidresponse_alert_member_once"
            ),
            models.UniqueConstraint(
                fields=["alert", "contact"], name="rapidresponse_alert_contact_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alert_id} · {self.member_id or self.contact_id}"

    @property
    def key(self) -> str:
        """The outbox dedupe key: one message per alert per person, named by row id."""
        if self.member_id:
            return f"hotline:alert:{self.alert_id}:member:{self.member_id}"
        return f"hotline:alert:{self.alert_id}:contact:{self.contact_id}"
