"""Workshop reminders, every ten minutes."""

from datetime import timedelta

from vecinos.core.periodic import Periodic, every, register
from vecinos.zones import services as zones

from . import services

REMINDER_INTERVAL = timedelta(minutes=10)


def send_reminders() -> int:
    """Send the reminders that are due and expire lapsed trainings; return the count sent."""
    # Responders whose training ran out stop counting in coverage until a refresher; zones
    # owns the rule, and this run is the one that keeps time for trainings.
    zones.expire_training()
    return services.send_due_reminders()


register(
    Periodic(
        name="workshops.reminders",
        run=send_reminders,
        next_run=every(REMINDER_INTERVAL),
        description="Send due workshop reminders and expire lapsed trainings.",
    )
)
