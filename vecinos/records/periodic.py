"""The records app's periodic run: the owners' reminders before each request's deadlines."""

from datetime import time

from vecinos.core.periodic import Periodic, daily_at, register

from .services import send_deadline_reminders

register(
    Periodic(
        name="records.deadline_reminders",
        run=send_deadline_reminders,
        next_run=daily_at(time(8, 0)),
        description="E-mail each request's owner before its answer and appeal deadlines.",
    )
)
