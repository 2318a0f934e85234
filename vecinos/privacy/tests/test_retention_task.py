from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from vecinos.core.periodic import run_periodic, schedule
from vecinos.privacy.retention import registered

RETENTION = "privacy.retention"


def schedule_retention():
    return schedule(RETENTION)


pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def pending():
    return DBTaskResult.objects.filter(
        task_path=run_periodic.module_path, status="READY", args_kwargs__args__0=RETENTION
    )


@override_settings(TASKS=DATABASE_TASKS)
def test_schedule_books_one_run_an_hour_ahead_and_only_once():
    before = timezone.now()
    assert schedule_retention() is True
    assert schedule_retention() is False
    assert pending().count() == 1
    run_after = pending().get().run_after
    assert before + timedelta(minutes=59) < run_after < timezone.now() + timedelta(minutes=61)


@override_settings(TASKS=DATABASE_TASKS)
def test_each_run_books_the_next_one():
    result = run_periodic.call(RETENTION)
    nothing_due = {shredder.name: 0 for shredder in registered()}
    assert result == {"held": False, "dry_run": False, "counts": nothing_due}
    assert pending().count() == 1


def test_the_immediate_backend_is_never_asked_to_defer():
    assert schedule_retention() is False
    assert run_periodic.enqueue(RETENTION).return_value["held"] is False
