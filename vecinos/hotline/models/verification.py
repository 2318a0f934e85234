"""Asking a trained responder nearby to go and see an incident."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vecinos.privacy.fields import EncryptedTextField
from vecinos.zones.models import Member

from .incidents import Incident


class VerificationRequest(models.Model):
    """One responder asked to go and look, and what they answered."""

    class Status(models.TextChoices):
        ASKED = "asked", pgettext_lazy("verification status", "Asked")
        GOING = "going", pgettext_lazy("verification status", "Going")
        DECLINED = "declined", pgettext_lazy("verification status", "Can't go")
        ON_SCENE = "on_scene", pgettext_lazy("verification status", "On scene")
        LEFT = "left", pgettext_lazy("verification status", "Left the scene")
        REPORTED = "reported", pgettext_lazy("verification status", "Reported back")
        EXPIRED = "expired", pgettext_lazy("verification status", "No answer")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="verifications")
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="verification_requests"
    )
    # Distance in blocks from the incident's block (0 = the same block).
    ring = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ASKED)
    asked_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    eta_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    # What the responder saw, as they texted it; encrypted.
    finding = EncryptedTextField(blank=True)  # encrypted
    reported_at = models.DateTimeField(null=True, blank=True)
    # When the responder texted that they got there (3) and that they left (4).
    arrived_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("verification request")
        verbose_name_plural = _("verification requests")
        ordering = ["asked_at"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "member"], name="rapidresponse_verify_once")
        ]

    def __str__(self) -> str:
        return f"{self.status} · {str(self.pk)[:8]}"
