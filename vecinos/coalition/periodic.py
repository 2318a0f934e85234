"""Event reminders and stalled invitations, every ten minutes. (Retention runs in privacy's own
hourly run.)"""

from datetime import timedelta

from vecinos.core.periodic import Periodic, every, register

REMINDER_INTERVAL = timedelta(minutes=10)


def send_event_reminders() -> int:
    from .services import events

    return events.send_due_reminders()


register(
    Periodic(
        name="coalition.event_reminders",
        run=send_event_reminders,
        next_run=every(REMINDER_INTERVAL),
        description="Send due reminders to people coming to coalition events.",
    )
)


def resume_stalled_invitations() -> int:
    from .services import events

    return events.resume_stalled_invitations()


register(
    Periodic(
        name="coalition.stalled_invitations",
        run=resume_stalled_invitations,
        next_run=every(REMINDER_INTERVAL),
        description="Send again approved event invitations whose send did not finish.",
    )
)
