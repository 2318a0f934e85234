"""The hotline's clock: backup pages and the next ring of responders, once a minute; the
morning reminders of follow-up tasks due."""

from datetime import time, timedelta

from vecinos.core.periodic import Periodic, daily_at, every, register

from .tasks import run_checks

CHECK_INTERVAL = timedelta(minutes=1)

register(
    Periodic(
        name="hotline.checks",
        run=run_checks,
        next_run=every(CHECK_INTERVAL),
        description="Page backups for unacknowledged incidents and ask the next ring.",
    )
)


def remind_task_owners() -> int:
    from .services.cases import remind_task_owners as remind

    return remind()


register(
    Periodic(
        name="hotline.task_reminders",
        run=remind_task_owners,
        next_run=daily_at(time(8, 0)),
        description="Remind each follow-up task's owner, by e-mail or text, the day it is due.",
    )
)
