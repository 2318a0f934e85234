import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from vecinos.core.models import AuditEntry
from vecinos.jobs.models import JobApplication
from vecinos.privacy.erasure import erase_person, export_person, find_person

from .test_retention import make_job_application

pytestmark = pytest.mark.django_db

AT = datetime(2025, 5, 4, 10, 0, tzinfo=UTC)


@pytest.fixture
def marisol():
    return make_job_application(AT)  # marisol@example.org, +12155550188


@pytest.fixture
def someone_else():
    other = JobApplication(
        job_title="Office manager",
        name="Teodoro Ruiz",
        email="teo@example.org",
        phone="",
        language="en",
        cover_letter="Hello.",
        resume_format="pdf",
        submitted_at=AT,
    )
    other.save(force_insert=True)
    return other


def test_find_person_by_e_mail_in_any_case_or_by_phone_in_any_format(marisol, someone_else):
    assert [r.pk for r in find_person(email=" Marisol@Example.ORG ")["job_applications"]] == [
        marisol.pk
    ]
    assert [r.pk for r in find_person(phone="(215) 555-0188")["job_applications"]] == [marisol.pk]
    assert find_person(email="nobody@example.org") == {}


def test_find_person_needs_a_readable_e_mail_or_phone():
    with pytest.raises(ValueError):
        find_person()
    with pytest.raises(ValueError):
        find_person(phone="12")


def test_export_gives_the_decrypted_record_and_audits_without_personal_data(marisol, someone_else):
    data = export_person(email="marisol@example.org")

    assert data["records"] == {
        "job_applications": [
            {
                "job_title": "Community organizer",
                "name": "Marisol Ocampo",
                "email": "marisol@example.org",
                "phone": "+12155550188",
                "language": "es",
                "cover_letter": "Vivo en el barrio.",
                "resume_format": "pdf",
                "submitted_at": "2025-05-04T10:00:00+00:00",
                "status": "new",
                "staff_notes": "",
            }
        ]
    }
    entry = AuditEntry.objects.get(action="privacy.person.exported")
    assert entry.detail == {"records": 1, "sources": 1}
    assert (entry.object_type, entry.object_id) == ("", "")
    assert "marisol" not in entry.canonical().lower()


def test_erase_removes_the_person_only_and_audits_counts(
    marisol, someone_else, django_capture_on_commit_callbacks
):
    resume = marisol.resume.name
    storage = marisol.resume.storage
    with django_capture_on_commit_callbacks(execute=True):
        counts = erase_person(phone="215-555-0188")

    assert counts == {"job_applications": 1}
    assert list(JobApplication.objects.values_list("pk", flat=True)) == [someone_else.pk]
    assert not storage.exists(resume)
    entry = AuditEntry.objects.get(action="privacy.person.erased")
    assert entry.detail == {"job_applications": 1}
    assert "0188" not in entry.canonical()


def test_export_command_writes_a_private_json_file(marisol, tmp_path):
    out = tmp_path / "export.json"
    call_command(
        "export_person", "--email", "marisol@example.org", "--out", str(out), stderr=StringIO()
    )
    assert json.loads(out.read_text())["records"]["job_applications"][0]["name"] == (
        "Marisol Ocampo"
    )
    assert out.stat().st_mode & 0o777 == 0o600


def test_erase_command_asks_before_erasing(marisol, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError):
        call_command("erase_person", "--email", "marisol@example.org", stdout=StringIO())
    assert JobApplication.objects.count() == 1

    out = StringIO()
    call_command("erase_person", "--email", "marisol@example.org", "--no-input", stdout=out)
    assert out.getvalue().splitlines() == ["job_applications: 1", "Erased 1 records."]
    assert JobApplication.objects.count() == 0


def test_erase_command_refuses_bad_input():
    with pytest.raises(CommandError):
        call_command("erase_person", "--phone", "not a phone", stdout=StringIO())
