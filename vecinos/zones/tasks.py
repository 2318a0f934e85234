"""The nightly coverage snapshot on the background worker.

django-tasks has no periodic schedule, so the run keeps itself going like the retention run
(vecinos/privacy/tasks.py): each run records every zone's counts for the day and books the
next one for the following night; `manage.py schedule_coverage_snapshots` (run when the
platform starts) makes sure one is waiting if the chain was ever broken.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task

from .coverage import record_all_snapshots

# Shortly before midnight, so a snapshot holds the whole day it is dated with.
SNAPSHOT_TIME = time(23, 50)


@task()
def take_coverage_snapshots() -> int:
    """Record today's counts for every zone, then book tomorrow's run; return the zone count."""
    try:
        return record_all_snapshots()
    finally:
        # Booked even when counting failed: tomorrow retries instead of never.
        schedule_coverage_snapshots(only_if_none_pending=False)


def next_run(now: datetime | None = None) -> datetime:
    """Return the next SNAPSHOT_TIME (local time) after `now`."""
    now = timezone.localtime(now)
    candidate = now.replace(
        hour=SNAPSHOT_TIME.hour, minute=SNAPSHOT_TIME.minute, second=0, microsecond=0
    )
    if candidate <= now:
        candidate = timezone.localtime(candidate + timedelta(days=1)).replace(
            hour=SNAPSHOT_TIME.hour, minute=SNAPSHOT_TIME.minute
        )
    return candidate


def schedule_coverage_snapshots(*, only_if_none_pending: bool = True) -> bool:
    """Enqueue the next snapshot run tonight; return whether one was enqueued.

    A backend that cannot defer tasks (the immediate one used in tests) gets nothing: the
    run would start at once and book itself again forever.
    """
    backend = take_coverage_snapshots.get_backend()
    if not backend.supports_defer:
        return False
    if only_if_none_pending and _pending():
        return False
    take_coverage_snapshots.using(run_after=next_run()).enqueue()
    return True


def _pending() -> bool:
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(take_coverage_snapshots.get_backend(), DatabaseBackend):
        # A backend we cannot ask: book another run. Two chains rewrite the same day's rows,
        # which is harmless; no chain would stop the counts altogether.
        return False
    return DBTaskResult.objects.filter(
        task_path=take_coverage_snapshots.module_path, status=TaskResultStatus.READY
    ).exists()
