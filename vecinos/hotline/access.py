"""Who may use the dispatcher console, and the only way its views fetch hotline objects.

The reads of personal details that are audited (an incident's page, a case, a photo) are
the view_*/read_* functions here, which write the audit row with the read.
"""

from django.http import Http404

from vecinos.accounts.roles import Role, has_role
from vecinos.core.audit import log_action

from .audit import AuditCode
from .models import Alert, Case, Incident, Photo, Recording, Report


def can_dispatch(user) -> bool:
    """Return whether the user may use the hotline console: dispatchers and admins."""
    return has_role(user, Role.ADMIN, Role.DISPATCHER)


def _get(model, user, pk, **related):
    if not can_dispatch(user):
        raise Http404
    try:
        return model.objects.select_related(*related.get("select", ())).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def access_incident(user, pk) -> Incident:
    """Return the incident for dispatchers and admins; anyone else gets 404."""
    return _get(Incident, user, pk, select=("block", "zone"))


def access_report(user, pk) -> Report:
    return _get(Report, user, pk, select=("incident",))


def access_case(user, pk) -> Case:
    return _get(Case, user, pk, select=("incident",))


def access_alert(user, pk) -> Alert:
    return _get(Alert, user, pk, select=("incident",))


def access_photo(user, pk) -> Photo:
    return _get(Photo, user, pk)


def view_incident(user, pk) -> Incident:
    """Return the incident for its full page, and record that the user looked at it."""
    incident = access_incident(user, pk)
    log_action(user, AuditCode.INCIDENT_VIEWED, incident)
    return incident


def view_case(user, pk) -> Case:
    """Return the case (a family's details) for its page, and record that the user read it."""
    case = access_case(user, pk)
    log_action(user, AuditCode.CASE_VIEWED, case)
    return case


def read_photo(user, pk) -> bytes:
    """Return a photo's bytes, decrypted, and record that the user looked at it."""
    item = access_photo(user, pk)
    with item.image.open() as handle:
        data = handle.read()
    log_action(user, AuditCode.PHOTO_VIEWED, item)
    return data


def read_recording(user, pk) -> tuple[bytes, str]:
    """Return a voice recording's audio, decrypted, and its type; record that the user
    played it (each play is one request, each one audited)."""
    item = _get(Recording, user, pk, select=("report",))
    with item.audio.open() as handle:
        data = handle.read()
    log_action(user, AuditCode.RECORDING_PLAYED, item)
    return data, item.content_type


def can_see_figures(user) -> bool:
    """Return whether the user sees the hotline's figures, which name nobody."""
    return has_role(user, Role.ADMIN, Role.DISPATCHER, Role.RESEARCHER)


INCIDENT_COLUMNS = [
    "week",
    "zone",
    "agency",
    "activity",
    "state",
    "minutes_to_first_responder",
    "minutes_to_confirmed",
    "minutes_to_alert",
]


AGGREGATE_COLUMNS = ["week", "zone", "agency", "activity", "state", "incidents"]


def export_incidents(user, since) -> tuple[list[str], list[list]]:
    """Incidents opened since `since`, without people: week, zone, what, outcome and timings.

    No address, block, point, free text or report; the week, not the day. Dispatchers and
    admins get one row per incident; a researcher gets aggregates only (incidents counted per
    week, zone, agency, activity and outcome). Audited; 404 for a user who may not see the
    figures. Returns the header and the rows.
    """
    from datetime import timedelta

    from django.utils import timezone

    from .figures import with_response_times

    if not can_see_figures(user):
        raise Http404

    def minutes(value):
        return "" if value is None else round(value.total_seconds() / 60)

    rows = []
    incidents = (
        Incident.objects.filter(created_at__date__gte=since, merged_into__isnull=True)
        .select_related("zone")
        .order_by("created_at")
    )
    for incident, times in with_response_times(incidents):
        day = timezone.localtime(incident.created_at).date()
        first = min(incident.reports.all(), key=lambda report: report.received_at, default=None)
        rows.append(
            [
                (day - timedelta(days=day.weekday())).isoformat(),
                incident.zone.name if incident.zone else "",
                incident.agency,
                first.activity if first else "",
                incident.state,
                minutes(times["to_accepted"]),
                minutes(times["to_confirmed"]),
                minutes(times["to_alerted"]),
            ]
        )
    columns = INCIDENT_COLUMNS
    if not can_dispatch(user):
        counts: dict[tuple, int] = {}
        for row in rows:
            counts[tuple(row[:5])] = counts.get(tuple(row[:5]), 0) + 1
        columns = AGGREGATE_COLUMNS
        rows = [[*key, count] for key, count in sorted(counts.items())]
    log_action(
        user,
        AuditCode.INCIDENTS_EXPORTED,
        object_type="rapidresponse.incident",
        detail={"rows": len(rows), "aggregated": columns is AGGREGATE_COLUMNS},
    )
    return columns, rows
