"""The nightly coverage snapshot on the background worker.

django-tasks has no periodic schedule, so the run keeps itself going like the retention run
(vecinos/privacy/tasks.py): each run records every zone's counts for the day and books the
next one for the following night; `manage.py schedule_coverage_snapshots` (run when the
platform starts) makes sure one is waiting if the chain was ever broken.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

from vecinos.core.periodic import book_next

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
    """Enqueue the next snapshot run tonight; return whether one was enqueued."""
    return book_next(take_coverage_snapshots, next_run(), only_if_none_pending=only_if_none_pending)
