"""Workshop reminders on the background worker, every ten minutes.

Like the retention run (vecinos/privacy/tasks.py), the task books its own next run, and
`manage.py schedule_workshop_reminders` at start-up makes sure one is waiting.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from vecinos.core.periodic import book_next
from vecinos.zones import services as zones

from . import services

REMINDER_INTERVAL = timedelta(minutes=10)


@task()
def send_reminders() -> int:
    """Send the reminders that are due, expire lapsed trainings, then book the next run."""
    try:
        # Responders whose training ran out stop counting in coverage until a refresher;
        # zones owns the rule, and this run is the one that keeps time for trainings.
        zones.expire_training()
        return services.send_due_reminders()
    finally:
        schedule_reminders(only_if_none_pending=False)


def schedule_reminders(*, only_if_none_pending: bool = True) -> bool:
    """Enqueue the next reminder run; return whether one was enqueued."""
    return book_next(
        send_reminders,
        timezone.now() + REMINDER_INTERVAL,
        only_if_none_pending=only_if_none_pending,
    )
