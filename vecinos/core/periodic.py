"""Periodic runs on the background worker, which django-tasks does not schedule by itself.

An app declares each of its periodic runs in its `periodic.py`:

    from datetime import time, timedelta
    from vecinos.core.periodic import Periodic, daily_at, every, register
    from .services import send_due_reminders

    register(Periodic(name="workshops.reminders", run=send_due_reminders,
                      next_run=every(timedelta(minutes=10)),
                      description="Reminders of the workshops coming up."))

`run` is a plain function without arguments (a service); `next_run(now)` says when the run
after `now` is due. One task, `run_periodic(name)`, runs any entry and books its next run
itself, in a `finally`, so a failed run does not end the chain; `manage.py schedule_periodic`
at start-up books each entry that has none waiting, in case a chain was ever broken.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus, task
from django_tasks.base import Task

from .registry import Registry


@dataclass(frozen=True)
class Periodic:
    name: str  # "<app>.<what>", e.g. "privacy.retention"
    run: Callable[[], Any]  # what it returns is the task's result: keep it to JSON
    next_run: Callable[[datetime], datetime]
    description: str = ""


_periodic = Registry[Periodic]("periodic")


def register(entry: Periodic) -> Periodic:
    """Add a periodic run; registering a name again replaces it."""
    return _periodic.register(entry)


def unregister(name: str) -> None:
    _periodic.unregister(name)


def registered() -> list[Periodic]:
    return _periodic.registered()


def get(name: str) -> Periodic:
    entry = _periodic.get(name)
    if entry is None:
        raise LookupError(f"No periodic run is registered as {name!r}.")
    return entry


def every(interval: timedelta) -> Callable[[datetime], datetime]:
    """Return a next_run for a run every `interval`, counted from the end of the last one."""

    def next_run(now: datetime) -> datetime:
        return now + interval

    return next_run


def daily_at(at: time) -> Callable[[datetime], datetime]:
    """Return a next_run for a run once a day at `at`, in the site's local time."""

    def next_run(now: datetime) -> datetime:
        now = timezone.localtime(now)
        candidate = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
        if candidate <= now:
            # Across a change of the clocks the day after is not 24 hours away.
            candidate = timezone.localtime(candidate + timedelta(days=1)).replace(
                hour=at.hour, minute=at.minute
            )
        return candidate

    return next_run


@task()
def run_periodic(name: str) -> Any:
    """Run the periodic entry `name`, then book its next run, even when this one failed."""
    entry = get(name)
    try:
        return entry.run()
    finally:
        schedule(name, only_if_none_pending=False)


def schedule(name: str, *, only_if_none_pending: bool = True) -> bool:
    """Book the next run of `name` at its next_run; return whether one was booked."""
    entry = get(name)
    return book_next(
        run_periodic,
        entry.next_run(timezone.now()),
        name,
        only_if_none_pending=only_if_none_pending,
    )


def schedule_all() -> dict[str, bool]:
    """Book every registered run that has none waiting; return whether each was booked."""
    return {entry.name: schedule(entry.name) for entry in registered()}


def drop_vanished_tasks() -> int:
    """Delete the waiting tasks whose function no longer exists; return how many.

    A task is stored by its module path, so a run booked before an upgrade that moved or
    renamed its function (the five task chains this registry replaced, an app renamed) would
    fail on every worker start. Dropping it loses nothing: each periodic run is booked again by
    `schedule_periodic`, and messages are outbox rows that the sweep resumes.
    """
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(run_periodic.get_backend(), DatabaseBackend):
        return 0
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    vanished = []
    for pk, path in waiting.values_list("pk", "task_path"):
        try:
            import_string(path)
        except ImportError:
            vanished.append(pk)
    return DBTaskResult.objects.filter(pk__in=vanished).delete()[0]


def book_next(task: Task, run_after: datetime, *args, only_if_none_pending: bool = True) -> bool:
    """Enqueue `task(*args)` to run at `run_after`; return whether it was enqueued.

    A backend that cannot defer tasks (the immediate one used in tests) gets nothing: the
    run would start at once and book itself again forever.
    """
    if not task.get_backend().supports_defer:
        return False
    if only_if_none_pending and _pending(task, args):
        return False
    task.using(run_after=run_after).enqueue(*args)
    return True


def _pending(task: Task, args: tuple) -> bool:
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task.get_backend(), DatabaseBackend):
        # A backend we cannot ask: book another run. Two chains run twice as often, which
        # every periodic run here tolerates; no chain at all would stop it.
        return False
    waiting = DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY)
    for index, arg in enumerate(args):
        waiting = waiting.filter(**{f"args_kwargs__args__{index}": arg})
    return waiting.exists()


# The kernel's own periodic run: rate limits keep their counts in the
# database (vecinos/core/ratelimit.py), and what has expired is deleted every hour.
def delete_expired_rate_limits() -> dict:
    from .ratelimit import delete_expired_state

    return delete_expired_state()


register(
    Periodic(
        name="core.ratelimit_expiry",
        run=delete_expired_rate_limits,
        next_run=every(timedelta(hours=1)),
        description="Delete the expired counts of the rate limits.",
    )
)
