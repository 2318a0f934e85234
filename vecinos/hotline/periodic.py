"""The hotline's clock: backup pages and the next ring of responders, once a minute."""

from datetime import timedelta

from vecinos.core.periodic import Periodic, every, register

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
