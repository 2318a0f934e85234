"""The wrapped data keys; the key that wraps them is never stored here."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .fields import EncryptedTextField


class DataKeyQuerySet(models.QuerySet):
    def active(self) -> "DataKeyQuerySet":
        """Return the data key new values are sealed with first: the newest one not retired."""
        return self.filter(purpose=DataKey.Purpose.DATA, retired=False).order_by("-pk")


class DataKey(models.Model):
    """A random key, stored only wrapped (AES-GCM) by the key-encryption key."""

    class Purpose(models.TextChoices):
        DATA = "data", pgettext_lazy("key purpose", "Data")
        INDEX = "index", pgettext_lazy("key purpose", "Blind index")

    # The id travels in the header of every sealed value (two bytes).
    id = models.SmallAutoField(primary_key=True)
    purpose = models.CharField(_("purpose"), max_length=8, choices=Purpose.choices)
    wrapped = models.BinaryField(_("wrapped key"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # A retired key seals nothing new; it is deleted once no value is sealed with it.
    retired = models.BooleanField(_("retired"), default=False)

    objects = DataKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("data key")
        verbose_name_plural = _("data keys")
        constraints = [
            models.UniqueConstraint(
                fields=["purpose"],
                condition=models.Q(purpose="index"),
                name="privacy_one_index_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.pk}"

    def __repr__(self) -> str:
        return f"<DataKey {self.pk} {self.purpose}{' retired' if self.retired else ''}>"


class LegalHold(models.Model):
    """The one switch that stops every shredder while records must be preserved."""

    enabled = models.BooleanField(_("legal hold is on"), default=False)
    # Typed by an admin ("preservation letter of 3 March"); the form asks not to name people.
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)
    changed_by_id = models.PositiveBigIntegerField(_("changed by (staff user ID)"), null=True)

    class Meta:
        # Created by the core app, which held the switch first; the table kept its name.
        db_table = "core_legalhold"
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal hold")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="legal_hold_is_a_singleton")
        ]

    def __str__(self) -> str:
        return str(_("Legal hold on") if self.enabled else _("Legal hold off"))

    @classmethod
    def current(cls) -> "LegalHold":
        hold, _created = cls.objects.get_or_create(pk=1)
        return hold

    @classmethod
    def is_on(cls) -> bool:
        return cls.objects.filter(pk=1, enabled=True).exists()


class HeldPost(models.Model):
    """A post to a public form, held during a flood because it came without a proof of work.

    Only its text fields, encrypted; nothing about the sender (no address, no browser). Staff
    accept it (sent again through the form's own view) or discard it with a reason; either
    way its data is blanked then, and the row is purged a few days after it arrived
    (`held_posts` shredder)."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("held post", "Waiting for review")
        ACCEPTED = "accepted", pgettext_lazy("held post", "Accepted")
        DISCARDED = "discarded", pgettext_lazy("held post", "Discarded")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    form_key = models.CharField(_("form"), max_length=60)
    language = models.CharField(_("language"), max_length=10)
    # The URL's arguments of the form's page (a workshop's number), to send it there again.
    view_kwargs = models.JSONField(_("page arguments"), default=dict, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    data = EncryptedTextField(_("what was sent"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by_id = models.PositiveBigIntegerField(_("decided by (staff user ID)"), null=True)
    reason = EncryptedTextField(_("reason for discarding"), blank=True)

    class Meta:
        ordering = ["received_at"]
        verbose_name = _("held post")
        verbose_name_plural = _("held posts")

    def __str__(self) -> str:
        return f"{self.form_key} {self.received_at:%Y-%m-%d %H:%M}"
