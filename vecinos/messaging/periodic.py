"""The outbox sweep, every 30 seconds: resume what dead workers held, drain what waits."""

from vecinos.core.periodic import Periodic, every, register

from .tasks import SWEEP_INTERVAL, sweep_once

register(
    Periodic(
        name="messaging.outbox_sweep",
        run=sweep_once,
        next_run=every(SWEEP_INTERVAL),
        description="Requeue messages of dead workers and start draining what is overdue.",
    )
)
