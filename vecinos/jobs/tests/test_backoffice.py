import pytest
from django.urls import reverse

from vecinos.core.models import AuditEntry
from vecinos.jobs.models import JobApplication
from vecinos.jobs.services import submit_application
from vecinos.messaging.channels import locmem

from .conftest import APPLICANT_EMAIL, APPLICANT_NAME, make_staff, pdf_bytes, resume_upload, sign_in


@pytest.fixture
def application(jobs):
    return submit_application(
        jobs["es"],
        name=APPLICANT_NAME,
        email=APPLICANT_EMAIL,
        phone="",
        language="es",
        cover_letter="Conozco el barrio.",
        resume=resume_upload(),
    )


def url(name, application):
    return reverse(f"job_applications:{name}", args=[application.pk])


def test_hiring_admin_reads_an_application_and_it_is_audited(client, hiring_admin, application):
    sign_in(client, hiring_admin)

    response = client.get(url("inspect", application))

    assert response.status_code == 200
    assert APPLICANT_NAME in response.text
    assert "Conozco el barrio." in response.text
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(action="jobs.application.viewed")
    assert entry.actor_id == hiring_admin.pk
    assert entry.object_id == str(application.pk)


def test_application_list_shows_names_to_hiring_staff_and_is_audited(
    client, hiring_admin, application
):
    sign_in(client, hiring_admin)

    response = client.get(reverse("job_applications:index"))

    assert response.status_code == 200
    assert APPLICANT_NAME in response.text
    assert AuditEntry.objects.get(action="jobs.applications.listed").detail == {"count": 1}


def test_list_filters_by_status(client, hiring_admin, application):
    sign_in(client, hiring_admin)

    hired = client.get(reverse("job_applications:index"), {"status": "hired"})
    new = client.get(reverse("job_applications:index"), {"status": "new"})

    assert APPLICANT_NAME not in hired.text
    assert APPLICANT_NAME in new.text


@pytest.mark.parametrize("role", ["editor", "organizer", "dispatcher", "researcher"])
@pytest.mark.parametrize("screen", ["index", "inspect", "edit", "delete", "resume"])
def test_other_staff_get_not_found(client, application, role, screen):
    sign_in(client, make_staff(f"someone-{role}", role))

    target = reverse("job_applications:index") if screen == "index" else url(screen, application)
    # Django's LocaleMiddleware sends a 404 outside the language prefixes to the same path
    # under /en/, where nothing answers either.
    response = client.get(target, follow=True)

    assert response.status_code == 404
    assert APPLICANT_NAME not in response.text
    assert not AuditEntry.objects.filter(action__startswith="jobs.application.v").exists()


def test_resume_download_is_an_audited_attachment_for_hiring_staff(
    client, hiring_admin, application
):
    sign_in(client, hiring_admin)

    response = client.get(url("resume", application))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert APPLICANT_NAME not in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert AuditEntry.objects.filter(action="jobs.resume.downloaded").count() == 1


def test_resume_download_requires_signing_in(client, application):
    response = client.get(url("resume", application))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_superuser_counts_as_hiring_staff(client, application):
    sign_in(client, make_staff("root", superuser=True))

    assert client.get(url("inspect", application)).status_code == 200


def test_status_and_notes_change_is_audited(client, hiring_admin, application):
    sign_in(client, hiring_admin)
    form = client.get(url("edit", application))
    assert form.status_code == 200
    assert AuditEntry.objects.get(action="jobs.application.viewed").detail == {"screen": "edit"}

    response = client.post(
        url("edit", application), {"status": "interview", "staff_notes": "Llamar el lunes."}
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == JobApplication.Status.INTERVIEW
    assert application.staff_notes == "Llamar el lunes."
    entry = AuditEntry.objects.get(action="jobs.application.updated")
    assert entry.detail == {"status": "interview", "status_changed": True, "notes_changed": True}


def test_delete_removes_row_and_file_and_is_audited(
    client, hiring_admin, application, django_capture_on_commit_callbacks
):
    sign_in(client, hiring_admin)
    resume_path = application.resume.storage.path_on_disk(application.resume.name)
    assert resume_path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("delete", application))

    assert response.status_code == 302
    assert not JobApplication.objects.exists()
    assert not resume_path.exists()
    assert AuditEntry.objects.filter(action="jobs.application.deleted").count() == 1


def test_nobody_adds_applications_by_hand(client, hiring_admin):
    sign_in(client, hiring_admin)

    assert client.get(reverse("job_applications:add"), follow=True).status_code == 404
    assert locmem.outbox == []
