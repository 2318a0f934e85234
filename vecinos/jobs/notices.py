"""The e-mails that follow an application, written to the messaging outbox.

They are queued in the transaction that stores the application, so they exist exactly when
it does, are stored encrypted like every other message, and are delivered after commit by
whichever channel is configured (in development, the admin's Test phone page; nothing about
the applicant is written to a log).
"""

from django.conf import settings
from django.urls import reverse
from wagtail.models import Locale

from vecinos.jobs.models import JobApplication
from vecinos.jobs.shredders import retention_days
from vecinos.messaging.models import Channel
from vecinos.messaging.services import queue_message


def job_title_in(application: JobApplication, language: str) -> str:
    """Name the job as its page in `language` does, if there is one."""
    job = application.job
    if job is not None and job.locale.language_code != language:
        locale = Locale.objects.filter(language_code=language).first()
        translated = job.get_translation_or_none(locale) if locale else None
        if translated is not None:
            return translated.title
    return application.job_title


def queue_application_notices(application: JobApplication) -> None:
    """Queue the applicant's confirmation and the hiring staff's notice for one application.

    Call inside the transaction that saved `application`. The confirmation repeats nothing
    the applicant sent but the job; the staff notice carries only the job and a back-office
    link, because e-mail is not the place for an applicant's details.
    """
    language = application.language
    queue_message(
        channel=Channel.EMAIL,
        to=application.email,
        language=language,
        template="jobs/application_received",
        context={
            "job_title": job_title_in(application, language),
            "days": retention_days(),
        },
        purpose="confirmation",
        dedupe_key=f"job_application:{application.pk}:received",
    )
    queue_message(
        channel=Channel.EMAIL,
        to=settings.STAFF_NOTIFY_EMAIL,
        language=settings.LANGUAGE_CODE,
        template="jobs/staff_new_application",
        context={
            "job_title": application.job_title,
            "link": settings.WAGTAILADMIN_BASE_URL
            + reverse("job_applications:inspect", args=[application.pk]),
        },
        purpose="notice",
        dedupe_key=f"job_application:{application.pk}:staff",
    )
