"""Dispatchers, their shifts, and the pages sent to them about incidents."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vecinos.privacy.fields import EncryptedCharField

from .incidents import Incident


class Dispatcher(models.Model):
    """How to page a staff member who takes hotline shifts."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.CASCADE,
        related_name="dispatcher",
    )
    phone = EncryptedCharField(_("phone for pages"), max_length=32, blank=True)  # encrypted
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )

    class Meta:
        verbose_name = _("dispatcher")
        verbose_name_plural = _("dispatchers")

    def __str__(self) -> str:
        return self.user.get_username()


class ShiftQuerySet(models.QuerySet):
    def at(self, moment):
        return self.filter(starts_at__lte=moment, ends_at__gt=moment)


class Shift(models.Model):
    """A stretch of time when one dispatcher is on call, with a backup."""

    dispatcher = models.ForeignKey(
        Dispatcher, verbose_name=_("dispatcher"), on_delete=models.CASCADE, related_name="shifts"
    )
    backup = models.ForeignKey(
        Dispatcher,
        verbose_name=_("backup"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="backup_shifts",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    objects = ShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.dispatcher} · {self.starts_at:%Y-%m-%d %H:%M}"


class DispatcherPage(models.Model):
    """A page to a dispatcher about an incident, and whether anyone acknowledged it."""

    class Level(models.TextChoices):
        PRIMARY = "primary", pgettext_lazy("page level", "On shift")
        BACKUP = "backup", pgettext_lazy("page level", "Backup")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="pages")
    dispatcher = models.ForeignKey(Dispatcher, on_delete=models.CASCADE, related_name="pages")
    level = models.CharField(max_length=8, choices=Level.choices)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["sent_at"]

    def __str__(self) -> str:
        return f"{self.level} · {self.sent_at:%H:%M}"
