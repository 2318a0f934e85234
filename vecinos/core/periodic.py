"""Periodic runs on the background worker, which django-tasks does not schedule by itself.

A periodic task keeps itself going: each run books the next one (`book_next` with
`only_if_none_pending=False`, in a `finally`, so a failed run does not end the chain), and a
`manage.py schedule_*` command at start-up books one if none is waiting, in case the chain
was ever broken.
"""

from datetime import datetime

from django_tasks import TaskResultStatus
from django_tasks.base import Task


def book_next(task: Task, run_after: datetime, *, only_if_none_pending: bool = True) -> bool:
    """Enqueue `task` to run at `run_after`; return whether it was enqueued.

    A backend that cannot defer tasks (the immediate one used in tests) gets nothing: the
    run would start at once and book itself again forever.
    """
    if not task.get_backend().supports_defer:
        return False
    if only_if_none_pending and _pending(task):
        return False
    task.using(run_after=run_after).enqueue()
    return True


def _pending(task: Task) -> bool:
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task.get_backend(), DatabaseBackend):
        # A backend we cannot ask: book another run. Two chains run twice as often, which
        # every periodic task here tolerates; no chain at all would stop it.
        return False
    return DBTaskResult.objects.filter(
        task_path=task.module_path, status=TaskResultStatus.READY
    ).exists()
