"""Samples of the hotline's personal data for the privacy core's retention tests.

`vecinos/privacy/tests/test_retention.py` needs, for every registered shredder, a function
that makes a row at a moment and one that says whether its personal data is still there:

    "incident_locations": (make_located_incident, has_precise_location),
    "hotline_unverified": (make_unverified_incident, incident_exists),
    "closed_cases": (make_closed_case, case_names_family),
"""

from .models import Case, Incident, Report


def make_located_incident(moment) -> Incident:
    incident = Incident.objects.create(point="39.9300,-75.1700", created_at=moment)
    Report.objects.create(incident=incident, channel="web", point="39.9300,-75.1700")
    return incident


def has_precise_location(incident: Incident) -> bool:
    incident.refresh_from_db()
    return bool(incident.point)


def make_unverified_incident(moment) -> Incident:
    incident = Incident.objects.create(
        state=Incident.State.FALSE_ALARM, created_at=moment, last_report_at=moment
    )
    Report.objects.create(incident=incident, channel="web", description="a rumour")
    return incident


def incident_exists(incident: Incident) -> bool:
    return Incident.objects.filter(pk=incident.pk).exists()


def make_closed_case(moment) -> Case:
    return Case.objects.create(
        family="Familia del mercado", status=Case.Status.CLOSED, opened_at=moment, closed_at=moment
    )


def case_names_family(case: Case) -> bool:
    case.refresh_from_db()
    return bool(case.family)
