"""Retention for hiring: applications are deleted, résumé and all, once their time is up."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet

from vecinos.jobs.models import RETENTION_DAYS, JobApplication
from vecinos.privacy.retention import Shredder, register


class JobApplicationShredder(Shredder):
    name = "job_applications"
    description = "Job applications with their résumés and staff notes, counted from sending."
    default_period = timedelta(days=RETENTION_DAYS)

    def due(self, now: datetime) -> QuerySet:
        return JobApplication.objects.submitted_before(now - self.period)

    def shred(self, queryset: QuerySet) -> int:
        storage = JobApplication._meta.get_field("resume").storage
        files = [name for name in queryset.values_list("resume", flat=True) if name]
        count, _ = queryset.delete()
        # Files go once the rows are surely gone; a rolled-back run keeps both.
        transaction.on_commit(lambda: [storage.delete(name) for name in files])
        return count


job_applications = register(JobApplicationShredder())


def retention_days() -> int:
    """Return how many days an application is kept, as configured for this installation."""
    return job_applications.period.days
