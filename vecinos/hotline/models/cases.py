"""Follow-up cases of the families affected by an incident, and their tasks."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vecinos.privacy.fields import EncryptedCharField, EncryptedTextField

from .incidents import Incident


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Case.Status.OPEN)


class Case(models.Model):
    """The follow-up for one affected family."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("case status", "Open")
        CLOSED = "closed", pgettext_lazy("case status", "Closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(
        Incident, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    # How the team refers to the family ("family at the corner store"); encrypted.
    family = EncryptedCharField(_("family"), max_length=200)  # encrypted; purged after closing
    contact_phone = EncryptedCharField(_("contact phone"), max_length=32, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    notes = EncryptedTextField(_("notes"), blank=True)  # encrypted; purged after closing
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, db_index=True)
    purged_at = models.DateTimeField(_("personal details removed"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"{_('case')} {self.reference}"

    @property
    def reference(self) -> str:
        return str(self.pk)[:8].upper()


class CaseTask(models.Model):
    """One thing to do for a family, with who does it."""

    class Kind(models.TextChoices):
        LEGAL = "legal", pgettext_lazy("case task", "Legal referral")
        BOND = "bond", pgettext_lazy("case task", "Bond fund")
        CHILD_CARE = "child_care", pgettext_lazy("case task", "Child care")
        ACCOMPANIMENT = "accompaniment", pgettext_lazy("case task", "Accompaniment to check-ins")
        OTHER = "other", pgettext_lazy("case task", "Other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True)  # encrypted; purged with the case's details
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    # The day its owner was last reminded of it, so a reminder goes once a day at most.
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("case task")
        verbose_name_plural = _("case tasks")
        ordering = ["due_on", "kind"]

    def __str__(self) -> str:
        return self.get_kind_display()
