"""The hotline's background work: sending an alert, and the checks periodic.py runs each minute."""

from django_tasks import task

from .services import page_backups
from .services.dispatch import send_grouped_pages
from .services.verification import escalate_verifications


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


@task()
def fetch_recording_task(report_id: str) -> dict:
    """Fetch a voice report's recording, store it encrypted and delete it at the provider."""
    from vecinos.messaging.recordings import RecordingUnavailable

    from .models import Report
    from .services.recordings import store_recording

    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return {"stored": False}
    try:
        recording = store_recording(report)
    except RecordingUnavailable:
        # The minute check (run_checks) tries again.
        return {"stored": False}
    return {"stored": recording is not None}


def run_checks() -> dict:
    """Page the reports a burst held back, page backups for unacknowledged incidents, ask the
    next ring where nobody went, and fetch the recordings a failed task left at the provider."""
    from .services.recordings import retry_recordings

    return {
        "grouped_reports_paged": send_grouped_pages(),
        "backups_paged": page_backups(),
        "rings_asked": escalate_verifications(),
        "recordings_fetched": retry_recordings(),
    }
