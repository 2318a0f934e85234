"""Background work for hiring: the e-mails that follow an application."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task
from wagtail.models import Locale

from vecinos.content.models import OrganizationSettings
from vecinos.jobs.models import JobApplication
from vecinos.jobs.shredders import retention_days


@task()
def send_application_notices(application_id: str) -> None:
    """Send the applicant a confirmation and the hiring staff a notice for one application."""
    application = JobApplication.objects.select_related("job").filter(pk=application_id).first()
    if application is None:
        # Deleted by staff or the shredder before the worker got to it.
        return
    send_applicant_confirmation(application)
    send_staff_notice(application)


def job_title_in(application: JobApplication, language: str) -> str:
    """Name the job as its page in `language` does, if there is one."""
    job = application.job
    if job is not None and job.locale.language_code != language:
        locale = Locale.objects.filter(language_code=language).first()
        translated = job.get_translation_or_none(locale) if locale else None
        if translated is not None:
            return translated.title
    return application.job_title


def send_applicant_confirmation(application: JobApplication) -> None:
    """Confirm receipt in the applicant's language, repeating nothing they sent but the job."""
    language = application.language
    with translation.override(language):
        context = {
            "job_title": job_title_in(application, language),
            "organization": OrganizationSettings.load().name,
            "days": retention_days(),
            "language": language,
        }
        subject = render_to_string("jobs/email/application_received_subject.txt", context)
        context["subject"] = subject = " ".join(subject.split())
        send_mail(
            subject,
            render_to_string("jobs/email/application_received.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [application.email],
            html_message=render_to_string("jobs/email/application_received.html", context),
        )


def send_staff_notice(application: JobApplication) -> None:
    """Tell the hiring staff an application arrived, with a link and no personal data."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "job_title": application.job_title,
            "link": settings.WAGTAILADMIN_BASE_URL
            + reverse("job_applications:inspect", args=[application.pk]),
        }
        subject = render_to_string("jobs/email/staff_new_application_subject.txt", context)
        send_mail(
            " ".join(subject.split()),
            render_to_string("jobs/email/staff_new_application.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [settings.STAFF_NOTIFY_EMAIL],
        )
