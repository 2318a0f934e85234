import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, models

from vecinos.core.audit import PersonalDataInAudit, log_action, verify_chain
from vecinos.core.models import GENESIS_HASH, AuditEntry, AuditEntryImmutable

REPO = Path(__file__).resolve().parents[3]


def write_rows(count=5):
    return [log_action("system", "test.happened", detail={"n": i}) for i in range(count)]


def table():
    return connection.ops.quote_name(AuditEntry._meta.db_table)


def verify_command():
    """Run verify_audit_log and return (exit status, stdout, stderr)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit_log", stdout=out, stderr=err)
        status = 0
    except SystemExit as exit:
        status = exit.code
    return status, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_log_action_records_who_what_and_links_to_the_row_before():
    user = get_user_model().objects.create_user("ana", password="x" * 12)
    first = log_action(user, "legal_hold.enabled")
    second = log_action("public", "job_application.received", first, detail={"language": "es"})

    assert (first.seq, first.actor_id, first.actor_label) == (1, user.pk, "ana")
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert (second.object_type, second.object_id) == ("core.auditentry", str(first.pk))
    assert second.actor_label == "public"
    assert second.hash == AuditEntry.objects.get(pk=second.pk).compute_hash()


@pytest.mark.django_db
def test_log_action_with_no_actor_is_the_system():
    entry = log_action(None, "retention.run", object_type="jobs.jobapplication", object_id=7)
    assert (entry.actor_id, entry.actor_label, entry.object_id) == (None, "system", "7")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "detail",
    [
        {"to": "ana@example.org"},
        {"phone": "+1 215 555 0100"},
        {"phone": "2155550100"},
        {"client": "203.0.113.9"},
        {"client": "2001:db8::1"},
        {"note": "x" * 101},
        {"nested": {"a": 1}},
        {"Bad Key": "x"},
    ],
)
def test_log_action_refuses_personal_or_free_form_detail(detail):
    with pytest.raises(ValueError):
        log_action("system", "export.csv", detail=detail)
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_log_action_accepts_codes_counts_and_dates():
    entry = log_action(
        "system",
        "export.csv",
        detail={"rows": 1234567, "format": "csv", "until": "2025-03-01", "dry_run": False},
    )
    assert entry.detail["rows"] == 1234567


@pytest.mark.django_db
def test_log_action_refuses_an_action_that_is_not_a_dotted_code():
    with pytest.raises(ValueError):
        log_action("system", "Viewed an application")


def test_personal_data_error_is_a_value_error():
    assert issubclass(PersonalDataInAudit, ValueError)


@pytest.mark.django_db
def test_orm_refuses_to_change_or_delete_audit_rows():
    entry = write_rows(1)[0]
    entry.action = "test.changed"
    with pytest.raises(AuditEntryImmutable):
        entry.save()
    with pytest.raises(AuditEntryImmutable):
        entry.delete()
    with pytest.raises(AuditEntryImmutable):
        AuditEntry.objects.filter(pk=entry.pk).update(action="test.changed")
    with pytest.raises(AuditEntryImmutable):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.happened"


@pytest.mark.django_db
def test_verify_passes_an_untouched_log_and_prints_the_head():
    rows = write_rows(5)
    status, out, _err = verify_command()
    assert status == 0
    assert out.strip() == f"Audit log intact: 5 rows. Head 5:{rows[-1].hash}"


@pytest.mark.django_db
def test_verify_detects_a_field_edited_with_raw_sql():
    rows = write_rows(5)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table()} SET action = %s WHERE id = %s", ["test.other", rows[2].pk]
        )
    report = verify_chain()
    assert (report.ok, report.broken_seq, report.checked) == (False, 3, 2)
    assert report.problem == "its contents do not match its hash"
    status, _out, err = verify_command()
    assert status == 1
    assert err.startswith(f"Audit log BROKEN at row 3 (id {rows[2].pk})")


@pytest.mark.django_db
def test_verify_detects_an_edit_through_a_plain_queryset_update():
    rows = write_rows(4)
    models.QuerySet(AuditEntry).filter(pk=rows[1].pk).update(actor_label="someone")
    assert verify_chain().broken_seq == 2


@pytest.mark.django_db
def test_verify_detects_an_edit_that_also_recomputes_the_rows_own_hash():
    rows = write_rows(4)
    forged = AuditEntry.objects.get(pk=rows[1].pk)
    forged.detail = {"n": 99}
    models.QuerySet(AuditEntry).filter(pk=forged.pk).update(
        detail=forged.detail, hash=forged.compute_hash()
    )
    report = verify_chain()
    assert (report.broken_seq, report.problem) == (3, "its link to the row before does not match")


@pytest.mark.django_db
@pytest.mark.parametrize("deleted, broken", [(0, 2), (2, 4)])
def test_verify_detects_a_row_deleted_with_raw_sql(deleted, broken):
    rows = write_rows(5)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table()} WHERE id = %s", [rows[deleted].pk])
    report = verify_chain()
    assert report.broken_seq == broken
    assert report.problem == f"the row numbered {deleted + 1} is missing"
    assert verify_command()[0] == 1


@pytest.mark.django_db
def test_verify_detects_an_inserted_row():
    rows = write_rows(3)
    intruder = AuditEntry(
        seq=4,
        created=rows[-1].created,
        actor_label="system",
        action="test.inserted",
        prev_hash=rows[-1].hash,
        hash="f" * 64,
    )
    intruder.save(force_insert=True)
    log_action("system", "test.after")
    report = verify_chain()
    assert (report.broken_seq, report.broken_id) == (4, intruder.pk)


@pytest.mark.django_db
def test_verify_detects_a_renumbered_row_slipped_into_the_middle():
    rows = write_rows(3)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table()} SET seq = seq + 10 WHERE seq >= 2")
    AuditEntry(
        seq=2,
        created=rows[0].created,
        actor_label="system",
        action="test.inserted",
        prev_hash="e" * 64,
        hash="f" * 64,
    ).save(force_insert=True)
    assert verify_chain().broken_seq == 2


@pytest.mark.django_db
def test_anchor_detects_rows_cut_off_the_end():
    rows = write_rows(4)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table()} WHERE seq >= 3")
    assert verify_chain().ok  # the chain alone cannot see a clean cut at the end
    report = verify_chain(anchor=(4, rows[3].hash))
    assert (report.ok, report.broken_seq) == (False, 4)
    assert verify_chain(anchor=(2, rows[1].hash)).ok
    assert verify_chain(anchor=(2, "0" * 64)).broken_seq == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain():
    if connection.vendor != "postgresql":
        pytest.skip("threads share one in-memory SQLite database; see the process test below")
    errors = []

    def writer():
        try:
            for _ in range(25):
                log_action("system", "test.concurrent")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = verify_chain()
    assert (report.ok, report.checked) == (True, 150)


WRITER = """
import django
django.setup()
from vecinos.core.audit import log_action
for _ in range(40):
    log_action("system", "test.concurrent")
"""


def test_concurrent_processes_on_one_sqlite_file_do_not_fork_the_chain(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "VECINOS_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "REDIS_URL": "",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "migrate", "core", "-v", "0", "--skip-checks"], cwd=REPO, env=env, check=True
    )
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER], cwd=REPO, env=env) for _ in range(4)
    ]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0, 0, 0]
    result = subprocess.run(
        [*manage, "verify_audit_log"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Audit log intact: 160 rows.")
