"""The hotline's clock: backup pages and the next ring of responders, once a minute.

django-tasks has no periodic schedule, so the check keeps itself going like the retention run
(vecinos.privacy.tasks): each run books the next one a minute later, and
`manage.py schedule_hotline_checks` (called when the platform starts) makes sure one waits.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from vecinos.core.periodic import book_next

from .services import page_backups
from .services.verification import escalate_verifications

CHECK_INTERVAL = timedelta(minutes=1)


@task()
def send_alert_task(alert_id: int, actor_id: int | None) -> dict:
    """Send an alert the dispatcher asked to send (alerts.request_send)."""
    from django.contrib.auth import get_user_model

    from .models import Alert
    from .services.alerts import AlertRefused, send_alert

    alert = Alert.objects.get(pk=alert_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() or "system"
    try:
        alert = send_alert(alert, actor=actor)
    except AlertRefused:
        # Sent already by an earlier run of this task, or no longer allowed (the incident
        # changed state meanwhile): a refused alert goes back to draft for the dispatcher.
        Alert.objects.filter(pk=alert_id, status=Alert.Status.SENDING).update(
            status=Alert.Status.DRAFT
        )
        return {"sent": 0}
    return {"sent": alert.recipients_count}


def run_checks() -> dict:
    """Page backups for unacknowledged incidents and ask the next ring where nobody went."""
    return {"backups_paged": page_backups(), "rings_asked": escalate_verifications()}


@task()
def hotline_checks() -> dict:
    """Run the checks, then book the next run."""
    try:
        return run_checks()
    finally:
        # Booked even when a check failed: the next minute retries instead of never.
        schedule_hotline_checks(only_if_none_pending=False)


def schedule_hotline_checks(*, only_if_none_pending: bool = True) -> bool:
    """Enqueue the next check a minute from now; return whether one was enqueued."""
    return book_next(
        hotline_checks,
        timezone.now() + CHECK_INTERVAL,
        only_if_none_pending=only_if_none_pending,
    )
