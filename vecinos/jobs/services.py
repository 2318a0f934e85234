"""Writes for hiring: receiving an application and the staff's work on it."""

from typing import IO, Any

from django.core.files import File
from django.db import transaction

from vecinos.core.audit import log_action
from vecinos.jobs.audit import AuditCode
from vecinos.jobs.documents import sniff_document_type
from vecinos.jobs.models import JobApplication, JobPage
from vecinos.jobs.notices import queue_application_notices


class NotAcceptingApplications(Exception):
    """The posting's closing date has passed."""


def submit_application(
    job: JobPage,
    *,
    name: str,
    email: str,
    phone: str,
    language: str,
    cover_letter: str,
    resume: IO[bytes],
) -> JobApplication:
    """Store an application with its résumé and tell the applicant and the hiring staff.

    The résumé must be a PDF, DOC, DOCX or ODT by content; it is stored encrypted under a
    random name. The confirmation and staff notice are queued in the messaging outbox in the
    same transaction, and go out only once the row is committed.
    """
    if not job.is_open:
        raise NotAcceptingApplications(job.pk)
    kind = sniff_document_type(resume)
    if kind is None:
        raise ValueError("The résumé is not a PDF, DOC, DOCX or ODT document.")

    application = JobApplication(
        job=job,
        job_title=job.title,
        name=name,
        email=email,
        phone=phone,
        language=language,
        cover_letter=cover_letter,
        resume_format=kind,
    )
    try:
        with transaction.atomic():
            application.resume.save("resume", File(resume), save=False)
            application.save(force_insert=True)
            queue_application_notices(application)
            # Last: on PostgreSQL the audit chain stays locked until the transaction ends.
            log_action(
                "public", AuditCode.APPLICATION_SUBMITTED, application, detail={"job": job.pk}
            )
    except BaseException:
        # The file is written before the row; a failed insert must not leave it behind.
        if application.resume.name:
            application.resume.storage.delete(application.resume.name)
        raise
    return application


@transaction.atomic
def update_application(
    application: JobApplication, *, actor: Any, status: str, staff_notes: str
) -> JobApplication:
    """Change an application's status and notes, and record who did it."""
    status_changed = application.status != status
    notes_changed = application.staff_notes != staff_notes
    application.status = status
    application.staff_notes = staff_notes
    application.save(update_fields=["status", "staff_notes"])
    log_action(
        actor,
        AuditCode.APPLICATION_UPDATED,
        application,
        detail={"status": status, "status_changed": status_changed, "notes_changed": notes_changed},
    )
    return application


def delete_application(application: JobApplication, *, actor: Any) -> None:
    """Delete an application and its résumé file, and record who did it."""
    resume_name = application.resume.name
    storage = application.resume.storage
    with transaction.atomic():
        log_action(actor, AuditCode.APPLICATION_DELETED, application)
        application.delete()
        # The file goes only once the row is surely gone; a rolled-back delete keeps both.
        if resume_name:
            transaction.on_commit(lambda: storage.delete(resume_name))
