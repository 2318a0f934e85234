import logging
import sys

import pytest
from django.conf import settings
from django.views.debug import get_default_exception_reporter_filter, get_exception_reporter_class

from vecinos.core.logging import NoPersonalDataReporterFilter, RedactPersonalData, redact

# Kept far from the lines an error report quotes, so that only a leak can make them appear.
SECRETS = ["Ana Pérez", "ana@example.org", "2155550100", "198.51.100.23", "203.0.113.1"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("request from 203.0.113.9 failed", "request from [ip] failed"),
        ("request from 203.0.113.9:51234", "request from [ip]:51234"),
        ("peer 2001:db8::8a2e:370:7334 left", "peer [ip] left"),
        ("local ::1", "local [ip]"),
        ("sent to rosa.m@example.org today", "sent to [email] today"),
        ("call +1 (215) 555-0134 now", "call [phone] now"),
        ("call 215.555.0134", "call [phone]"),
        ("sms 2155550134", "sms [phone]"),
    ],
)
def test_redact_hides_addresses_e_mails_and_phone_numbers(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Job application 4 saved at 2025-03-01T12:30:45.123456+00:00",
        "task 550e8400-e29b-41d4-a716-446655440000 finished in 12:30:45",
        "GET /en/jobs/organizer/ 200 1234 bytes, version 5.2.1",
    ],
)
def test_redact_leaves_ordinary_log_text_alone(text):
    assert redact(text) == text


def test_filter_scrubs_formatted_message_and_traceback():
    record = logging.LogRecord(
        "vecinos.jobs",
        logging.ERROR,
        __file__,
        1,
        "Could not mail %s from %s",
        ("ana@example.org", "198.51.100.4"),
        None,
    )
    try:
        raise ValueError("bad phone 215-555-0199")
    except ValueError:
        record.exc_info = sys.exc_info()

    assert RedactPersonalData().filter(record) is True
    output = logging.Formatter("%(message)s").format(record)

    assert output.startswith("Could not mail [email] from [ip]")
    assert "ValueError: bad phone [phone]" in output
    assert "ana@example.org" not in output and "215-555-0199" not in output


def test_settings_attach_the_filter_to_every_handler():
    filters = settings.LOGGING["filters"]
    for handler in settings.LOGGING["handlers"].values():
        names = handler.get("filters", [])
        assert any(filters[name]["()"].endswith("RedactPersonalData") for name in names)


def test_console_log_carries_no_personal_data(capsys):
    logging.config.dictConfig(settings.LOGGING)
    logging.getLogger("vecinos.test").warning("member +1 215 555 0101 at 203.0.113.5")
    err = capsys.readouterr().err
    assert "vecinos.test member [phone] at [ip]" in err
    assert "203.0.113.5" not in err


def test_error_reports_hide_form_contents_query_strings_and_client_addresses(rf):
    assert isinstance(get_default_exception_reporter_filter(), NoPersonalDataReporterFilter)
    request = rf.post(
        f"/en/jobs/apply/?email={SECRETS[1]}",
        {"name": SECRETS[0], "email": SECRETS[1], "phone": SECRETS[2]},
        REMOTE_ADDR=SECRETS[3],
        HTTP_X_FORWARDED_FOR=SECRETS[4],
    )
    applicant_name = SECRETS[0]  # a decrypted value held in a local variable
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        reporter = get_exception_reporter_class(request)(request, *sys.exc_info())
    text = reporter.get_traceback_text() + reporter.get_traceback_html()

    assert applicant_name
    for leaked in SECRETS:
        assert leaked not in text
    assert "Request URL: http://testserver/en/jobs/apply/\n" in text


KEY_CANARIES = {
    "VECINOS_KEK": "S2VrQ2FuYXJ5S2VrQ2FuYXJ5S2VrQ2FuYXJ5S2Vr",
    "VECINOS_RECOVERY_SHARE": "share-canary-3f9a1c",
    "VECINOS_BACKUP_PASSPHRASE": "passphrase-canary-77ab",
    "DATABASE_URL": "postgres://vecinos:dbpw-canary-91@db.internal/vecinos",
    "REDIS_URL": "redis://:redispw-canary-42@cache.internal:6379/0",
}


def test_technical_500_page_hides_keys_shares_and_credentials(rf, settings):
    from django.views.debug import technical_500_response

    settings.DEBUG = True
    for name, value in KEY_CANARIES.items():
        setattr(settings, name, value)
    request = rf.get("/en/")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        response = technical_500_response(request, *sys.exc_info())
    page = response.content.decode()
    for name, value in KEY_CANARIES.items():
        assert name in page
        assert value not in page


@pytest.mark.django_db
def test_debug_400_for_too_many_files_hides_the_key(client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DEBUG = True
    for name, value in KEY_CANARIES.items():
        setattr(settings, name, value)
    files = [
        SimpleUploadedFile(f"p{n}.jpg", b"x")
        for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 20)
    ]
    response = client.post("/en/hotline/", {"photos": files})
    assert response.status_code == 400
    page = response.content.decode()
    assert "VECINOS_KEK" in page
    for value in KEY_CANARIES.values():
        assert value not in page


SECRET = "Zq3vN8rT1xYb6LmK0pWd4sHe"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        f"/en/zones/confirm/{SECRET}/",
        f"/es/zonas/confirmar/{SECRET}/",
        f"/en/zones/manage/{SECRET}/",
        f"/en/workshops/t/{SECRET}/cancel/",
    ],
)
def test_a_post_failing_the_csrf_check_logs_no_secret_of_its_path(path, caplog):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING):
        response = client.post(path, {"x": "1"})
    assert response.status_code == 403
    logged = [r for r in caplog.records if r.name == "django.security.csrf"]
    assert logged
    text = "\n".join(r.getMessage() for r in logged)
    assert SECRET not in text
    assert "[secret]" in text


def test_request_log_lines_carry_no_secret_path_segment(caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", f"/en/zones/manage/{SECRET}/"
        )
    assert SECRET not in caplog.text
    assert "Internal Server Error: /en/zones/manage/[secret]/" in caplog.text


@pytest.mark.django_db
def test_a_post_past_the_upload_limits_is_one_warning_without_a_traceback(client):
    """A client posting 150 files gets a 400; Django used to log it at ERROR with a traceback."""
    from vecinos.core.tests.test_hostile_input import CaptureErrors, multipart

    captured = CaptureErrors()
    captured.setLevel(logging.DEBUG)
    logger = logging.getLogger("django.security.TooManyFilesSent")
    logging.getLogger().addHandler(captured)
    try:
        content_type, body = multipart(150, 0)
        response = client.generic("POST", "/en/hotline/", data=body, content_type=content_type)
    finally:
        logging.getLogger().removeHandler(captured)
    assert response.status_code == 400
    lines = [record for record in captured.records if record.name == logger.name]
    assert [record.levelno for record in lines] == [logging.WARNING]
    assert lines[0].exc_info is None and lines[0].exc_text is None


def test_every_client_mistake_logger_has_the_filter():
    from vecinos.core.logging import CLIENT_MISTAKES

    for name in CLIENT_MISTAKES:
        assert "client_mistake" in settings.LOGGING["loggers"][f"django.security.{name}"]["filters"]
