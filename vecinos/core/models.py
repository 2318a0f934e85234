"""The shared kernel's tables: the audit log and the organization's own details."""

import copy
import datetime
import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

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


@register_setting(icon="site")
class OrganizationSettings(BaseGenericSetting):
    """The organization's name and contact details: the site's header and footer and every
    message (vecinos.core.organization)."""

    name = models.CharField(_("name"), max_length=120, default="vecinos")
    tagline_en = models.CharField(_("tagline in English"), max_length=200, blank=True)
    tagline_es = models.CharField(_("tagline in Spanish"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_email = models.EmailField(_("public contact e-mail"), blank=True)
    contact_phone = models.CharField(_("public contact phone"), max_length=40, blank=True)

    class Meta:
        # Created by the content app, which held the setting first; the table kept its name.
        db_table = "content_organizationsettings"
        verbose_name = pgettext_lazy("settings", "organization")

    @classmethod
    def _get_or_create(cls):
        # Every public page shows the name and contact; they are read once per process until a
        # change purges the page cache. Each caller gets its own copy to change and save.
        from vecinos.core import pagecache

        return copy.copy(pagecache.remember(cls._meta.label, super()._get_or_create))


class RateLimitCounter(models.Model):
    """One client's count in one window of a rate limit, under a keyed hash, never an address.

    Kept in the database (not the cache, which drops entries when full) so that a flood from
    many addresses cannot erase the counts it should trip. Deleted once expired.
    """

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"rate-limit count until {self.expires_at:%Y-%m-%d %H:%M}"
