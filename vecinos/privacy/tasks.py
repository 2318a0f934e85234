"""The retention run on the background worker, once an hour.

django-tasks has no periodic schedule, so the run keeps itself going: each run enqueues the
next one an hour later (`run_after`), and `manage.py schedule_retention` (called when the
platform starts) makes sure one is waiting if the chain was ever broken.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task

from vecinos.privacy.retention import run_shredders

RETENTION_INTERVAL = timedelta(hours=1)


@task()
def run_retention() -> dict:
    """Run the shredders, then book the next run."""
    try:
        return run_shredders().as_dict()
    finally:
        # Booked even when a shredder failed: the next hour retries instead of never.
        schedule_retention(only_if_none_pending=False)


def schedule_retention(*, only_if_none_pending: bool = True) -> bool:
    """Enqueue the next retention run an hour from now; return whether one was enqueued.

    A backend that cannot defer tasks (the immediate one used in tests) gets nothing: the
    run would start at once and book itself again forever.
    """
    backend = run_retention.get_backend()
    if not backend.supports_defer:
        return False
    if only_if_none_pending and _pending():
        return False
    run_retention.using(run_after=timezone.now() + RETENTION_INTERVAL).enqueue()
    return True


def _pending() -> bool:
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(run_retention.get_backend(), DatabaseBackend):
        # A backend we cannot ask: book another run. Two chains purge twice an hour, which
        # is harmless; no chain would stop purging altogether.
        return False
    return DBTaskResult.objects.filter(
        task_path=run_retention.module_path, status=TaskResultStatus.READY
    ).exists()
