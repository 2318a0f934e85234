"""The shared kernel's tables: the audit log and the legal-hold switch."""

import datetime
import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

GENESIS_HASH = "0" * 64


class AuditEntryImmutable(Exception):
    """Raised on any attempt to change or delete an audit row through the ORM."""


class AuditEntryQuerySet(models.QuerySet):
    # Bulk writes would bypass save() and delete(); the log only grows.
    def update(self, **kwargs):
        raise AuditEntryImmutable("Audit rows cannot be changed.")

    def delete(self):
        raise AuditEntryImmutable("Audit rows cannot be deleted.")


class AuditEntry(models.Model):
    """One consequential action: who, when, what kind of object. Never the person concerned."""

    # Our own gap-free counter, assigned under the chain lock: database sequences skip values
    # when a transaction rolls back, so the primary key cannot reveal a deleted row.
    seq = models.PositiveBigIntegerField(_("number"), unique=True, editable=False)
    created = models.DateTimeField(_("when"), editable=False, db_index=True)
    # A plain number, not a foreign key: removing a staff account must not rewrite the log.
    actor_id = models.PositiveBigIntegerField(_("staff user ID"), null=True, editable=False)
    actor_label = models.CharField(_("who"), max_length=150, editable=False)
    action = models.CharField(_("action"), max_length=100, editable=False, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, editable=False)
    object_id = models.CharField(_("object ID"), max_length=64, blank=True, editable=False)
    detail = models.JSONField(_("detail"), default=dict, blank=True, editable=False)
    prev_hash = models.CharField(_("previous hash"), max_length=64, unique=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, unique=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = pgettext_lazy("audit log", "audit entry")
        verbose_name_plural = pgettext_lazy("audit log", "audit entries")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditEntryImmutable("Audit rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditEntryImmutable("Audit rows cannot be deleted.")

    def canonical(self) -> str:
        """Return the exact text the row's hash covers."""
        created = self.created.astimezone(datetime.UTC).isoformat(timespec="microseconds")
        fields = [
            self.seq,
            created,
            self.actor_id,
            self.actor_label,
            self.action,
            self.object_type,
            self.object_id,
            self.detail,
            self.prev_hash,
        ]
        return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical().encode()).hexdigest()


class LegalHold(models.Model):
    """The one switch that stops every shredder while records must be preserved."""

    enabled = models.BooleanField(_("legal hold is on"), default=False)
    # Typed by an admin ("preservation letter of 3 March"); the form asks not to name people.
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)
    changed_by_id = models.PositiveBigIntegerField(_("changed by (staff user ID)"), null=True)

    class Meta:
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
