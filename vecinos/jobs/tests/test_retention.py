from datetime import timedelta

from django.utils import timezone

from vecinos.jobs.models import JobApplication
from vecinos.jobs.services import submit_application
from vecinos.privacy.retention import registered, run_shredders

from .conftest import APPLICANT_EMAIL, resume_upload


def make_application(job, *, days_ago):
    application = submit_application(
        job,
        name="Rosa",
        email=APPLICANT_EMAIL,
        phone="",
        language="es",
        cover_letter="Hola.",
        resume=resume_upload(),
    )
    JobApplication.objects.filter(pk=application.pk).update(
        submitted_at=timezone.now() - timedelta(days=days_ago)
    )
    return application


def test_job_application_shredder_is_registered_for_180_days():
    shredder = next(s for s in registered() if s.name == "job_applications")

    assert shredder.period == timedelta(days=180)


def test_retention_deletes_old_applications_and_their_resumes(
    jobs, django_capture_on_commit_callbacks
):
    old = make_application(jobs["es"], days_ago=181)
    recent = make_application(jobs["es"], days_ago=179)
    old_file = old.resume.storage.path_on_disk(old.resume.name)

    with django_capture_on_commit_callbacks(execute=True):
        report = run_shredders()

    assert report.counts["job_applications"] == 1
    assert list(JobApplication.objects.all()) == [recent]
    assert not old_file.exists()
    assert recent.resume.storage.exists(recent.resume.name)


def test_configured_period_is_what_the_applicant_is_told(client, jobs, settings):
    settings.VECINOS_RETENTION = {"job_applications": 90}

    response = client.get(jobs["es"].url)

    assert "Guardamos su solicitud durante 90 días" in response.text
