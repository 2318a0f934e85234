"""Workshop reminders on the background worker, every ten minutes.

Like the retention run (vecinos/privacy/tasks.py), the task books its own next run, and
`manage.py schedule_workshop_reminders` at start-up makes sure one is waiting.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task

from . import services

REMINDER_INTERVAL = timedelta(minutes=10)


@task()
def send_reminders() -> int:
    """Send the reminders that are due, expire lapsed trainings, then book the next run."""
    try:
        # Responders whose training ran out stop counting in coverage until a refresher;
        # zones owns the rule, and this run is the one that keeps time for trainings.
        services.expire_trainings()
        return services.send_due_reminders()
    finally:
        schedule_reminders(only_if_none_pending=False)


def schedule_reminders(*, only_if_none_pending: bool = True) -> bool:
    """Enqueue the next reminder run; return whether one was enqueued.

    A backend that cannot defer tasks (the immediate one used in tests) gets nothing: the
    run would start at once and book itself again forever.
    """
    backend = send_reminders.get_backend()
    if not backend.supports_defer:
        return False
    if only_if_none_pending and _pending():
        return False
    send_reminders.using(run_after=timezone.now() + REMINDER_INTERVAL).enqueue()
    return True


def _pending() -> bool:
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(send_reminders.get_backend(), DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        task_path=send_reminders.module_path, status=TaskResultStatus.READY
    ).exists()
