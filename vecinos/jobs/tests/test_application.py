import logging
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from vecinos.core.models import AuditEntry
from vecinos.jobs import views
from vecinos.jobs.forms import MAX_RESUME_BYTES
from vecinos.jobs.models import JobApplication
from vecinos.messaging.channels import console, locmem
from vecinos.messaging.models import OutboundMessage

from .conftest import APPLICANT_EMAIL, APPLICANT_NAME, application_data, pdf_bytes


def apply_url(job, language):
    with override(language):
        return reverse("jobs:application-create", args=[job.pk])


def apply(client, job, **overrides):
    """Send an application from the page of the job's own language."""
    return client.post(apply_url(job, job.locale.language_code), application_data(**overrides))


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the after-commit delivery, which the test transaction would otherwise hold back."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def test_submit_application_stores_it_and_thanks_in_spanish(client, jobs, on_commit):
    response = on_commit(lambda: apply(client, jobs["es"]))

    assert response.status_code == 302
    assert response["Location"] == f"/es/empleos/{jobs['es'].pk}/gracias/"
    application = JobApplication.objects.get()
    assert application.job == jobs["es"]
    assert application.job_title == "Organizador(a) comunitario(a)"
    assert application.name == APPLICANT_NAME
    assert application.email == APPLICANT_EMAIL
    assert application.phone == "215 555 0134"
    assert application.language == "es"
    assert application.status == JobApplication.Status.NEW
    assert application.resume.open().read() == pdf_bytes()
    assert application.resume_format == "pdf"

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Gracias, recibimos su solicitud" in thanks.text
    assert APPLICANT_NAME not in thanks.text


def sent_to(address):
    return [m for m in locmem.outbox if m.to == address]


def test_submit_application_sends_confirmation_in_the_applicants_language(client, jobs, on_commit):
    on_commit(lambda: apply(client, jobs["es"]))

    assert len(locmem.outbox) == 2
    [confirmation] = sent_to(APPLICANT_EMAIL)
    assert confirmation.channel == "email"
    assert confirmation.language == "es"
    assert confirmation.subject == "Recibimos su solicitud para Organizador(a) comunitario(a)"
    assert "Gracias por postularse al puesto «Organizador(a) comunitario(a)»" in confirmation.body
    assert "Guardamos su solicitud durante 180 días" in confirmation.body
    for personal in (APPLICANT_NAME, "215 555 0134", "Quiero trabajar"):
        assert personal not in confirmation.subject + confirmation.body
    application = JobApplication.objects.get()
    message = OutboundMessage.objects.get(pk=confirmation.message_id)
    assert message.purpose == "confirmation"
    assert message.dedupe_key == f"job_application:{application.pk}:received"
    assert message.status == OutboundMessage.Status.SENT


def test_english_preference_from_the_spanish_page_gets_english_mail(client, jobs, on_commit):
    on_commit(lambda: apply(client, jobs["es"], language="en"))

    [confirmation] = sent_to(APPLICANT_EMAIL)
    assert confirmation.language == "en"
    assert confirmation.subject == "We received your application for Community Organizer"
    assert "Thank you for applying for the position “Community Organizer”" in confirmation.body


def test_staff_notice_links_to_the_back_office_without_personal_data(client, jobs, on_commit):
    on_commit(lambda: apply(client, jobs["es"]))

    [notice] = sent_to(settings.STAFF_NOTIFY_EMAIL)
    application = JobApplication.objects.get()
    assert notice.language == settings.LANGUAGE_CODE
    assert notice.subject == "New job application: Organizador(a) comunitario(a)"
    assert f"/admin/jobs/applications/inspect/{application.pk}/" in notice.body
    everything = notice.subject + notice.body
    for personal in (APPLICANT_NAME, "Xiomara", APPLICANT_EMAIL, "215 555 0134", "Quiero"):
        assert personal not in everything
    message = OutboundMessage.objects.get(pk=notice.message_id)
    assert message.purpose == "notice"
    assert message.dedupe_key == f"job_application:{application.pk}:staff"


def test_notices_are_queued_with_the_application_and_sent_only_after_commit(
    client, jobs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        apply(client, jobs["es"])
        assert OutboundMessage.objects.filter(status=OutboundMessage.Status.QUEUED).count() == 2
        assert locmem.outbox == []

    assert callbacks
    assert len(locmem.outbox) == 2


def test_confirmation_row_in_the_outbox_stores_no_plaintext(client, jobs):
    apply(client, jobs["es"])

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_address, subject, body FROM messaging_outboundmessage WHERE purpose = %s",
            ["confirmation"],
        )
        [row] = cursor.fetchall()
    stored = " ".join(str(value) for value in row)
    for plain in (APPLICANT_EMAIL, "xiomara", "example.org", "Organizador", "Gracias"):
        assert plain not in stored
    assert all(row)


@pytest.fixture
def every_log_record(caplog):
    """Capture every logger at DEBUG, including those that do not pass records to the root."""
    caplog.set_level(logging.DEBUG)
    separate = [
        (name, logger)
        for name, logger in logging.root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    for name, logger in separate:
        caplog.set_level(logging.DEBUG, logger=name)
        logger.addHandler(caplog.handler)
    yield caplog
    for _, logger in separate:
        logger.removeHandler(caplog.handler)


@override_settings(
    DEBUG=True,
    VECINOS_EMAIL_CHANNEL=f"{console.__name__}.ConsoleChannel",
    EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
)
def test_development_console_channel_logs_no_applicant_data(
    client, jobs, on_commit, every_log_record, capsys
):
    on_commit(lambda: apply(client, jobs["es"]))

    sent = OutboundMessage.objects.filter(status=OutboundMessage.Status.SENT)
    assert sent.count() == 2
    assert all(m.provider_id.startswith(console.PROVIDER_PREFIX) for m in sent)
    assert locmem.outbox == []
    # The console channel names each message it "sent", so the capture did see the delivery.
    logged = "\n".join(
        [record.getMessage() for record in every_log_record.records]
        + [every_log_record.text]
        + list(capsys.readouterr())
    )
    for message in sent:
        assert str(message.id) in logged
    for personal in (APPLICANT_EMAIL, "xiomara", "Xiomara", "Quintanilla", "215 555 0134"):
        assert personal not in logged


def test_submission_is_audited_without_personal_data(client, jobs):
    apply(client, jobs["es"])

    application = JobApplication.objects.get()
    entry = AuditEntry.objects.get(action="jobs.application.submitted")
    assert entry.actor_label == "public"
    assert entry.object_id == str(application.pk)
    assert APPLICANT_NAME not in str(entry.detail)


def test_personal_fields_are_not_plaintext_in_the_database(client, jobs):
    apply(client, jobs["es"])

    with connection.cursor() as cursor:
        cursor.execute("SELECT name, email, phone, cover_letter FROM jobs_jobapplication")
        row = cursor.fetchone()
    stored = " ".join(row)
    for personal in (APPLICANT_NAME, "Xiomara", APPLICANT_EMAIL, "example.org", "0134"):
        assert personal not in stored
    assert all(row)


def test_resume_on_disk_is_encrypted_under_a_random_name(client, jobs):
    apply(client, jobs["es"], resume=SimpleUploadedFile(f"{APPLICANT_NAME}.pdf", pdf_bytes()))

    application = JobApplication.objects.get()
    raw = application.resume.storage.path_on_disk(application.resume.name).read_bytes()
    assert b"%PDF" not in raw
    assert APPLICANT_NAME.encode() not in raw
    assert "Xiomara" not in application.resume.name
    assert application.resume.name.startswith("jobs/resumes/")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"resume": SimpleUploadedFile("cv.pdf", b"MZ\x90\x00not a pdf", "application/pdf")},
            "Solo podemos aceptar un archivo PDF, DOC, DOCX u ODT.",
        ),
        (
            {"resume": SimpleUploadedFile("cv.docx", b"<html>hola</html>", "text/html")},
            "Solo podemos aceptar un archivo PDF, DOC, DOCX u ODT.",
        ),
        (
            {
                "resume": SimpleUploadedFile(
                    "cv.pdf", b"%PDF-1.7\n" + b"0" * MAX_RESUME_BYTES, "application/pdf"
                )
            },
            "Su currículum pesa más de 5 MB.",
        ),
        ({"resume": None}, "Adjunte su currículum."),
        ({"consent": None}, "Marque la casilla para aceptar antes de enviar."),
        ({"email": "not-an-address"}, "Escriba un correo electrónico válido"),
        ({"phone": "call me maybe"}, "Escriba un número de teléfono solo con dígitos"),
        (
            {"cover_letter": "ñ" * 5001},
            "Su carta puede tener hasta 5000 caracteres; ahora tiene 5001.",
        ),
        ({"language": "fr"}, "Elija inglés o español."),
    ],
    ids=[
        "wrong-type",
        "html-named-docx",
        "too-large",
        "missing-file",
        "no-consent",
        "bad-email",
        "bad-phone",
        "letter-too-long",
        "unknown-language",
    ],
)
def test_bad_application_is_refused_in_spanish_with_fields_kept(client, jobs, overrides, message):
    response = apply(client, jobs["es"], **overrides)

    assert response.status_code == 400
    assert message in response.text
    assert "Su solicitud todavía no se envió" in response.text
    assert f'value="{APPLICANT_NAME}"' in response.text
    if "cover_letter" not in overrides:
        assert "Quiero trabajar con mis vecinos.</textarea>" in response.text
    assert "no-store" in response["Cache-Control"]
    assert JobApplication.objects.count() == 0
    assert OutboundMessage.objects.count() == 0
    assert locmem.outbox == []


def test_honeypot_refuses_the_application_in_spanish(client, jobs):
    from vecinos.jobs.forms import JobApplicationForm

    trap = JobApplicationForm.honeypot_field
    response = apply(client, jobs["es"], **{trap: "http://spam.example"})

    assert response.status_code == 400
    assert "No se pudo enviar el formulario." in response.text
    assert "Su solicitud todavía no se envió" in response.text
    assert f'value="{APPLICANT_NAME}"' in response.text
    assert JobApplication.objects.count() == 0


def test_unicode_junk_is_cleaned_not_refused(client, jobs):
    response = apply(
        client,
        jobs["es"],
        name="\u202eJosé Ñandú \U0001f335\x07",
        cover_letter="Línea uno\r\nLínea dos\x1b[31m \u2066rojo\u2069 \U0001f9d1\u200d\U0001f33e",
    )

    assert response.status_code == 302
    application = JobApplication.objects.get()
    assert application.name == "José Ñandú \U0001f335"
    assert application.cover_letter == "Línea uno\nLínea dos[31m rojo \U0001f9d1\u200d\U0001f33e"


def test_name_made_only_of_invisible_characters_is_refused(client, jobs):
    response = apply(client, jobs["es"], name="\u202e\u2066 \x07")

    assert response.status_code == 400
    assert "Escriba su nombre." in response.text


def test_oversized_request_is_refused_unread_with_a_spanish_message(client, jobs):
    response = client.post(
        apply_url(jobs["es"], "es"),
        application_data(),
        CONTENT_LENGTH=str(views.MAX_REQUEST_BYTES + 1),
    )

    assert response.status_code == 413
    assert "Su solicitud es demasiado grande para enviarla." in response.text
    assert JobApplication.objects.count() == 0


def test_too_many_applications_are_refused_with_fields_kept(client, jobs, monkeypatch):
    monkeypatch.setattr(views, "RATE_LIMIT", 1)
    assert apply(client, jobs["es"]).status_code == 302

    response = apply(client, jobs["es"], name="Otra Persona")

    assert response.status_code == 429
    assert "Se enviaron demasiadas solicitudes desde aquí hace poco." in response.text
    assert 'value="Otra Persona"' in response.text
    assert JobApplication.objects.count() == 1


def test_application_needs_a_csrf_token(jobs):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        apply_url(jobs["es"], "es"), application_data()
    )

    assert response.status_code == 403
    assert JobApplication.objects.count() == 0


def test_closed_job_refuses_an_application(client, jobs):
    jobs["es"].closing_date = timezone.localdate() - timedelta(days=1)
    jobs["es"].save()

    response = apply(client, jobs["es"])

    assert response.status_code == 405
    assert "La convocatoria para este empleo está cerrada." in response.text
    assert 'name="resume"' not in response.text
    assert JobApplication.objects.count() == 0


def test_application_to_a_page_of_the_other_language_is_not_found(client, jobs):
    response = client.post(apply_url(jobs["es"], "en"), application_data())

    assert response.status_code == 404


def test_application_url_does_not_answer_get(client, jobs):
    assert client.get(apply_url(jobs["es"], "es")).status_code == 405


def test_huge_typed_text_gets_a_spanish_message_not_an_error(client, jobs):
    response = apply(client, jobs["es"], cover_letter="ñ" * 3_000_000)

    assert response.status_code == 400
    assert "Su solicitud es demasiado grande para enviarla." in response.text
    assert JobApplication.objects.count() == 0
