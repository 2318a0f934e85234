"""Response-time figures per incident: how fast each step of the hotline went."""

from __future__ import annotations

from datetime import datetime, timedelta

from vecinos.messaging.models import OutboundMessage

from .models import Alert, Incident


def _between(start: datetime | None, end: datetime | None) -> timedelta | None:
    if start is None or end is None:
        return None
    return max(end - start, timedelta(0))


def response_times(incident: Incident, *, delivered: dict[str, datetime] | None = None) -> dict:
    """Return the moments and the time from the first report to each step.

    Steps: first responder going, first on scene, confirmed, alert sent, last alert message
    accepted by the provider, last responder left. A step not reached yet is None. The
    incident's reports, alerts and verifications are read with .all(), so a list prefetches
    them; `delivered` (from `last_accepted_by_batch`) saves the query for the last message.
    """
    first = min((report.received_at for report in incident.reports.all()), default=None)
    alert = next(
        (
            alert
            for alert in sorted(incident.alerts.all(), key=lambda alert: alert.created_at)
            if alert.kind == Alert.Kind.ALERT and alert.status == Alert.Status.SENT
        ),
        None,
    )
    last_accepted = None
    if alert is not None:
        if delivered is None:
            delivered = last_accepted_by_batch([alert])
        last_accepted = delivered.get(alert.batch)
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


def last_accepted_by_batch(alerts) -> dict[str, datetime]:
    """When the provider accepted each alert's last message, by batch, in one query."""
    from django.db.models import Max

    rows = (
        OutboundMessage.objects.filter(
            batch__in=[alert.batch for alert in alerts], sent_at__isnull=False
        )
        .values("batch")
        .annotate(last=Max("sent_at"))
        .values_list("batch", "last")
    )
    return dict(rows)


def with_response_times(incidents) -> list[tuple[Incident, dict]]:
    """Each incident with its `response_times`, in five queries however many there are."""
    incidents = list(incidents.prefetch_related("reports", "alerts", "verifications"))
    sent = [
        alert
        for incident in incidents
        for alert in incident.alerts.all()
        if alert.kind == Alert.Kind.ALERT and alert.status == Alert.Status.SENT
    ]
    delivered = last_accepted_by_batch(sent) if sent else {}
    return [(incident, response_times(incident, delivered=delivered)) for incident in incidents]


# Figures over many incidents, for the dashboards and the public statistics page.

STEPS = ("to_accepted", "to_confirmed", "to_alerted", "to_delivered")


def percentile(values: list[float], share: float) -> float | None:
    """The `share` (0.5, 0.9) percentile by linear interpolation, None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def incidents_since(start):
    return Incident.objects.filter(created_at__date__gte=start)


def monthly_response_times(months: list) -> dict[str, list[tuple[float | None, float | None]]]:
    """For each step, the (median, 90th percentile) in minutes of each month's incidents."""
    from django.utils import timezone

    from vecinos.core.periods import month_start

    minutes: dict[str, dict] = {step: {month: [] for month in months} for step in STEPS}
    for incident, times in with_response_times(incidents_since(months[0])):
        month = month_start(timezone.localtime(incident.created_at).date())
        if month not in minutes[STEPS[0]]:
            continue
        for step in STEPS:
            if times[step] is not None:
                minutes[step][month].append(times[step].total_seconds() / 60)
    return {
        step: [(percentile(by_month[m], 0.5), percentile(by_month[m], 0.9)) for m in months]
        for step, by_month in minutes.items()
    }


def counts_by(field: str, start, labels: dict) -> list[tuple[str, int]]:
    """Incidents opened since `start` by zone, agency or activity (largest first)."""
    from django.db.models import Count

    rows = incidents_since(start).values(field).annotate(count=Count("pk")).order_by("-count")
    return [(str(labels.get(row[field], row[field] or "–")), row["count"]) for row in rows]


def incidents_by_activity(start, labels: dict) -> list[tuple[str, int]]:
    """Incidents opened since `start` by what their reports said was happening.

    An incident whose reports named two activities counts under each.
    """
    from django.db.models import Count

    from .models import Report

    rows = (
        Report.objects.filter(incident__created_at__date__gte=start)
        .values("activity")
        .annotate(count=Count("incident", distinct=True))
        .order_by("-count")
    )
    return [
        (str(labels.get(row["activity"], row["activity"] or "–")), row["count"]) for row in rows
    ]


def outcome_shares(start) -> list[tuple[str, int]]:
    """How the incidents since `start` ended: confirmed, false alarm, unable to verify."""
    from django.db.models import Count

    states = dict(
        incidents_since(start)
        .values("state")
        .annotate(count=Count("pk"))
        .values_list("state", "count")
    )
    confirmed = incidents_since(start).filter(confirmed_at__isnull=False).count()
    return [
        (str(Incident.State.CONFIRMED.label), confirmed),
        (str(Incident.State.FALSE_ALARM.label), states.get(Incident.State.FALSE_ALARM, 0)),
        (str(Incident.State.UNABLE.label), states.get(Incident.State.UNABLE, 0)),
    ]


def confirmed_by_zone_and_month(months: list):
    """Confirmed incidents per zone (rows, by name) and month (columns)."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from vecinos.zones.models import Zone

    names = dict(Zone.objects.values_list("pk", "name"))
    grid: dict = {}
    rows = (
        Incident.objects.filter(confirmed_at__isnull=False, created_at__date__gte=months[0])
        .annotate(month=TruncMonth("created_at"))
        .values("zone", "month")
        .annotate(count=Count("pk"))
    )
    for row in rows:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        grid.setdefault(row["zone"], {})[month] = row["count"]
    zone_ids = sorted((pk for pk in grid if pk is not None), key=lambda pk: names.get(pk, ""))
    labels = [names.get(pk, "–") for pk in zone_ids]
    if None in grid:
        zone_ids.append(None)
        labels.append("–")
    return labels, [[grid.get(pk, {}).get(month, 0) for month in months] for pk in zone_ids]


def median_minutes_to_confirmed(start) -> tuple[float | None, int]:
    """The median time from the first report to confirmation, and how many incidents it rests on."""
    from django.db.models import Min

    values = []
    for first, confirmed in (
        incidents_since(start)
        .filter(confirmed_at__isnull=False)
        .annotate(first=Min("reports__received_at"))
        .values_list("first", "confirmed_at")
    ):
        if first is not None:
            values.append(max((confirmed - first).total_seconds(), 0) / 60)
    return percentile(values, 0.5), len(values)
