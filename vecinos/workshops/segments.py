"""Broadcast audiences from workshops: who registered, who came, who was trained in a topic."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vecinos.broadcasts.segments import Recipient, register_segment

from .models import Registration, Topic, TrainingRecord, Workshop

# Workshops offered as options: the coming ones and those of the last few months.
RECENT = timedelta(days=120)


def _workshop_options():
    since = timezone.now() - RECENT
    for workshop in Workshop.objects.filter(starts_at__gte=since).select_related("topic"):
        yield workshop.pk, str(workshop)


def _topic_options():
    return [(topic.pk, topic.name()) for topic in Topic.objects.all()]


def _registration_recipients(queryset):
    for registration in queryset:
        key = f"registration:{registration.pk}"
        if registration.phone:
            yield Recipient(key, "sms", registration.phone, registration.language)
        if registration.email:
            yield Recipient(key, "email", registration.email, registration.language)


def registrants(params):
    """Families registered for a workshop, seated or on its waitlist."""
    queryset = Registration.objects.filter(workshop_id=params.get("option")).exclude(
        status=Registration.Status.CANCELLED
    )
    return _registration_recipients(queryset)


def attendees(params):
    """Families who were checked in at a workshop."""
    queryset = Registration.objects.filter(
        workshop_id=params.get("option"), attended_at__isnull=False
    )
    return _registration_recipients(queryset)


def trained_in_topic(params):
    """Active zone members whose training in a topic still holds."""
    now = timezone.now()
    records = (
        TrainingRecord.objects.filter(topic_id=params.get("option"), member__status="active")
        .exclude(expires_at__lte=now)
        .select_related("member")
    )
    seen = set()
    for record in records:
        member = record.member
        if member.pk in seen:
            continue
        seen.add(member.pk)
        key = f"member:{member.pk}"
        if member.phone:
            yield Recipient(key, "sms", member.phone, member.language)
        if member.email:
            yield Recipient(key, "email", member.email, member.language)


register_segment(
    "workshop_registrants",
    _("Registered for a workshop"),
    registrants,
    options=_workshop_options,
)
register_segment(
    "workshop_attendees", _("Attended a workshop"), attendees, options=_workshop_options
)
register_segment(
    "trained_in_topic",
    _("Members trained in a topic"),
    trained_in_topic,
    options=_topic_options,
)
