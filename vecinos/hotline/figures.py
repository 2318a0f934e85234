"""Response-time figures per incident: how fast each step of the hotline went."""

from __future__ import annotations

from datetime import datetime, timedelta

from vecinos.messaging.models import OutboundMessage

from .models import Alert, Incident


def _between(start: datetime | None, end: datetime | None) -> timedelta | None:
    if start is None or end is None:
        return None
    return max(end - start, timedelta(0))


def response_times(incident: Incident) -> dict:
    """Return the moments and the time from the first report to each step.

    Steps: first responder going, first on scene, confirmed, alert sent, last alert message
    accepted by the provider, last responder left. A step not reached yet is None.
    """
    first = incident.reports.order_by("received_at").values_list("received_at", flat=True).first()
    alert = incident.alerts.filter(kind=Alert.Kind.ALERT, status=Alert.Status.SENT).first()
    last_accepted = None
    if alert is not None:
        last_accepted = (
            OutboundMessage.objects.filter(batch=alert.batch, sent_at__isnull=False)
            .order_by("-sent_at")
            .values_list("sent_at", flat=True)
            .first()
        )
    verifications = incident.verifications.all()
    arrived = min((v.arrived_at for v in verifications if v.arrived_at), default=None)
    left = max((v.left_at for v in verifications if v.left_at), default=None)
    moments = {
        "reported": first,
        "accepted": incident.first_accepted_at,
        "on_scene": arrived,
        "left": left,
        "confirmed": incident.confirmed_at,
        "alerted": alert.sent_at if alert else None,
        "delivered": last_accepted,
    }
    return {
        "moments": moments,
        "to_accepted": _between(first, incident.first_accepted_at),
        "to_on_scene": _between(first, arrived),
        "on_scene_for": _between(arrived, left),
        "to_confirmed": _between(first, incident.confirmed_at),
        "to_alerted": _between(first, moments["alerted"]),
        "to_delivered": _between(first, last_accepted),
        "alert_to_delivered": _between(moments["alerted"], last_accepted),
    }
