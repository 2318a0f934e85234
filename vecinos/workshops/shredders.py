"""Retention for workshops: registrants' names, phones and e-mails go after the workshop.

The row stays, anonymous (family size, whether they came, the zone), so the figures of
families trained and no-shows survive; what a member was trained in lives on the member's
side (TrainingRecord) and goes with the member.
"""

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from vecinos.privacy.retention import Shredder, register

from .models import Registration

RETENTION_DAYS = 30


class RegistrationShredder(Shredder):
    name = "workshop_registrations"
    description = "Names, phones and e-mails of people registered for a workshop, after it."
    default_period = timedelta(days=RETENTION_DAYS)

    def due(self, now: datetime) -> QuerySet:
        return Registration.objects.filter(
            workshop__ends_at__lte=now - self.period, purged_at__isnull=True
        )

    def shred(self, queryset: QuerySet) -> int:
        from .services import PURGED_VALUES

        return queryset.update(**PURGED_VALUES, purged_at=timezone.now())


workshop_registrations = register(RegistrationShredder())
