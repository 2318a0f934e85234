"""Background work for the outbox: deliver given messages, and sweep every 30 seconds
(periodic.py books the sweep).

Tasks carry only message ids; the outbox rows are the truth. A lost task (a Redis restart, a
killed worker) loses nothing: the sweep finds the rows nobody took and hands them out again.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from . import outbox

SWEEP_INTERVAL = timedelta(seconds=30)
# A queued message due for longer than this has, most likely, no task waiting for it.
OVERDUE_GRACE = timedelta(seconds=30)
# How many draining tasks one sweep starts at most, and how long each keeps claiming.
MAX_DRAINERS = 4
DRAIN_SECONDS = 25


@task()
def deliver_messages(ids: list[str]) -> dict:
    """Send the given outbox messages that are still queued and due."""
    report = outbox.deliver_ids(ids, worker=outbox.worker_name())
    _schedule_retries(report)
    return report.as_dict()


@task()
def drain_outbox() -> dict:
    """Send whatever is due, oldest first, for up to DRAIN_SECONDS."""
    report = outbox.deliver_due(10**9, worker=outbox.worker_name(), time_budget=DRAIN_SECONDS)
    _schedule_retries(report)
    return report.as_dict()


def sweep_once() -> dict:
    """Requeue rows of dead workers, expire what is too late, and start draining what waits."""
    now = timezone.now()
    resumed = outbox.sweep_expired_leases(now)
    expired = outbox.expire_overdue(now)
    waiting = outbox.overdue_count(OVERDUE_GRACE, now)
    drainers = 0
    if resumed or waiting:
        drainers = min(MAX_DRAINERS, 1 + (resumed + waiting) // 1000)
        for _ in range(drainers):
            drain_outbox.enqueue()
    return {"resumed": resumed, "expired": expired, "waiting": waiting, "drainers": drainers}


def _schedule_retries(report: outbox.DeliveryReport) -> None:
    # One deferred task for the messages this pass put back, at the latest of their times.
    # A backend that cannot defer leaves them to the sweep.
    if report.retry_ids and deliver_messages.get_backend().supports_defer:
        deliver_messages.using(run_after=report.retry_at).enqueue(report.retry_ids)
