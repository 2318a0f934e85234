"""Retention for the hotline: precise points coarsened, unverified reports and closed cases.

A raid's precise point can lead to a family's door. After 30 days it is not needed to act on
anything, so it is coarsened to its block (the block stays on the incident and its reports).
Reports that were never verified are deleted after 72 hours, so a rumour leaves no trace (their
voice recordings with them; the others' recordings go at 30 days, with the precise points);
closed cases lose the family's details 90 days after closing and keep only dates and tasks.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from vecinos.privacy.retention import Shredder, register

from .models import Case, CaseTask, Incident, IncidentRecord, Photo, Recording, Report
from .services.recordings import delete_recording_files

UNVERIFIED_STATES = (Incident.State.NEW, Incident.State.FALSE_ALARM, Incident.State.UNABLE)


class IncidentLocationShredder(Shredder):
    name = "incident_locations"
    description = "Precise points and cross streets of incidents, coarsened to their block."
    default_period = timedelta(days=30)

    def due(self, now: datetime) -> QuerySet:
        return Incident.objects.filter(created_at__lt=now - self.period, coarsened_at__isnull=True)

    def shred(self, queryset: QuerySet) -> int:
        now = timezone.now()
        count = 0
        for incident in queryset:
            # Row by row: encrypted fields refuse QuerySet.update().
            for report in incident.reports.all():
                report.point = ""
                report.cross_streets = ""
                report.save(update_fields=["point", "cross_streets"])
            for record in IncidentRecord.objects.filter(incident=incident):
                record.location = ""
                record.save(update_fields=["location"])
            incident.point = ""
            incident.coarsened_at = now
            incident.save(update_fields=["point", "coarsened_at"])
            count += 1
        return count


class UnverifiedReportShredder(Shredder):
    name = "hotline_unverified"
    description = (
        "Incidents never confirmed (new, false alarm, unable to verify) and their reports."
    )
    default_period = timedelta(hours=72)

    def due(self, now: datetime) -> QuerySet:
        return Incident.objects.filter(
            Q(state__in=UNVERIFIED_STATES)
            | Q(state=Incident.State.CLOSED, confirmed_at__isnull=True),
            last_report_at__lt=now - self.period,
        )

    def shred(self, queryset: QuerySet) -> int:
        photos = Photo.objects.filter(incident__in=queryset)
        storage = Photo._meta.get_field("image").storage
        files = [name for name in photos.values_list("image", flat=True) if name]
        count = queryset.count()
        reports = Report.objects.filter(incident__in=queryset)
        delete_recording_files(reports)
        reports.delete()
        queryset.delete()
        # Files go once the rows are surely gone; a rolled-back run keeps both.
        transaction.on_commit(lambda: [storage.delete(name) for name in files])
        return count


class RecordingShredder(Shredder):
    """A caller's voice can identify them as surely as a name: once the incident is 30 days
    old, its reports' recordings go with the other precise details of the reports."""

    name = "hotline_recordings"
    description = "Voice recordings of reports, when their incident's precise details go."
    default_period = timedelta(days=30)

    def due(self, now: datetime) -> QuerySet:
        return Recording.objects.filter(report__incident__created_at__lt=now - self.period)

    def shred(self, queryset: QuerySet) -> int:
        reports = Report.objects.filter(pk__in=queryset.values("report_id"))
        return delete_recording_files(reports)


class ClosedCaseShredder(Shredder):
    name = "closed_cases"
    description = "The family's name, number and notes on cases closed long enough ago."
    default_period = timedelta(days=90)

    def due(self, now: datetime) -> QuerySet:
        return Case.objects.filter(
            status=Case.Status.CLOSED,
            closed_at__lt=now - self.period,
            purged_at__isnull=True,
        )

    def shred(self, queryset: QuerySet) -> int:
        now = timezone.now()
        count = 0
        for case in queryset:
            purge_case(case, now=now)
            count += 1
        return count


def purge_case(case: Case, *, now: datetime | None = None) -> Case:
    """Blank the family's details of a case and its tasks' notes; keep dates and kinds."""
    case.family = ""
    case.contact_phone = ""
    case.notes = ""
    case.purged_at = now or timezone.now()
    case.save(update_fields=["family", "contact_phone", "notes", "purged_at"])
    for task in CaseTask.objects.filter(case=case):
        task.note = ""
        task.save(update_fields=["note"])
    return case


incident_locations = register(IncidentLocationShredder())
hotline_unverified = register(UnverifiedReportShredder())
hotline_recordings = register(RecordingShredder())
closed_cases = register(ClosedCaseShredder())
