from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from vecinos.core import periodic

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EVERY_APP = {
    "content.publish_scheduled",
    "hotline.checks",
    "messaging.outbox_sweep",
    "privacy.retention",
    "workshops.reminders",
    "zones.coverage_snapshots",
}


def waiting() -> list[str]:
    rows = DBTaskResult.objects.filter(task_path=periodic.run_periodic.module_path, status="READY")
    return sorted(row.args_kwargs["args"][0] for row in rows)


def test_every_app_declares_its_runs_in_its_periodic_module():
    assert EVERY_APP <= {entry.name for entry in periodic.registered()}


@override_settings(TASKS=DATABASE_TASKS)
def test_schedule_periodic_books_each_run_once():
    out = StringIO()
    call_command("schedule_periodic", stdout=out)
    names = sorted(entry.name for entry in periodic.registered())
    assert waiting() == names
    assert "privacy.retention: booked." in out.getvalue()
    call_command("schedule_periodic", stdout=StringIO())
    assert waiting() == names


@override_settings(TASKS=DATABASE_TASKS)
def test_schedule_periodic_can_book_one_run_by_name():
    call_command("schedule_periodic", "messaging.outbox_sweep", stdout=StringIO())
    assert waiting() == ["messaging.outbox_sweep"]


@override_settings(TASKS=DATABASE_TASKS)
def test_a_failed_run_still_books_the_next():
    def fail():
        raise RuntimeError("boom")

    periodic.register(
        periodic.Periodic("test.fails", fail, periodic.every(timedelta(minutes=5)), "Fails.")
    )
    try:
        with pytest.raises(RuntimeError):
            periodic.run_periodic.call("test.fails")
        assert waiting() == ["test.fails"]
    finally:
        periodic.unregister("test.fails")


def test_daily_at_is_today_or_tomorrow():
    next_run = periodic.daily_at(time(23, 50))
    tz = timezone.get_current_timezone()
    morning = timezone.make_aware(datetime(2026, 3, 2, 9, 0), tz)
    assert next_run(morning) == timezone.make_aware(datetime(2026, 3, 2, 23, 50), tz)
    late = timezone.make_aware(datetime(2026, 3, 2, 23, 55), tz)
    assert next_run(late) == timezone.make_aware(datetime(2026, 3, 3, 23, 50), tz)
    assert periodic.every(timedelta(minutes=1))(morning) == morning + timedelta(minutes=1)


@override_settings(TASKS=DATABASE_TASKS)
def test_schedule_periodic_drops_waiting_tasks_whose_code_is_gone():
    # A run booked before an upgrade renamed its module, as the old task chains were.
    periodic.book_next(
        periodic.run_periodic, timezone.now() + timedelta(hours=1), "privacy.retention"
    )
    DBTaskResult.objects.update(task_path="vecinos.rapidresponse.tasks.hotline_checks")
    out = StringIO()
    call_command("schedule_periodic", stdout=out)
    assert "Dropped 1 waiting task(s)" in out.getvalue()
    assert not DBTaskResult.objects.filter(task_path__startswith="vecinos.rapidresponse").exists()
    assert waiting() == sorted(entry.name for entry in periodic.registered())
