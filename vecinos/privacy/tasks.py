"""The retention run on the background worker, once an hour.

django-tasks has no periodic schedule, so the run keeps itself going: each run enqueues the
next one an hour later (`run_after`), and `manage.py schedule_retention` (called when the
platform starts) makes sure one is waiting if the chain was ever broken.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from vecinos.core.periodic import book_next
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
    """Enqueue the next retention run an hour from now; return whether one was enqueued."""
    return book_next(
        run_retention,
        timezone.now() + RETENTION_INTERVAL,
        only_if_none_pending=only_if_none_pending,
    )
