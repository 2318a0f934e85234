"""Documentation of an incident, follow-up cases with tasks, erasure, response times."""

import pytest
from django.utils import timezone

from vecinos.accounts.testing import sign_in_verified
from vecinos.hotline import services
from vecinos.hotline.figures import response_times
from vecinos.hotline.models import Case, CaseTask, IncidentRecord
from vecinos.hotline.services import alerts, cases, verification
from vecinos.messaging.tests.inbound import text
from vecinos.privacy.erasure import erase_person, find_person
from vecinos.zones.models import Member

from .conftest import block_with_neighbours, make_member


@pytest.fixture
def dispatcher_client(client, dispatcher_user):
    sign_in_verified(client, dispatcher_user)
    return client


def _incident(city):
    return services.submit_report(services.NewReport(channel="web", block=city.first())).incident


def test_the_documentation_record_is_saved_from_the_console(dispatcher_client, city):
    incident = _incident(city)
    response = dispatcher_client.post(
        f"/admin/hotline/incidents/{incident.pk}/record/",
        {
            "agents": "6",
            "vehicles": "3",
            "activity": "door",
            "location": "Frente a la tienda de la esquina",
            "unit": "Chalecos con POLICE ICE",
            "started_at": "2026-11-29T06:10",
            "ended_at": "2026-11-29T07:00",
            "equipment": "Radios, una cámara",
            "outcome": "Una persona detenida",
            "notes": "",
        },
    )
    assert response.status_code == 302
    record = IncidentRecord.objects.get(incident=incident)
    assert (record.agents, record.unit, record.outcome) == (
        6,
        "Chalecos con POLICE ICE",
        "Una persona detenida",
    )
    assert incident.timeline.filter(kind="record.saved").exists()


def test_a_case_gets_tasks_with_owners_and_closes(dispatcher_client, city, dispatcher_user):
    incident = _incident(city)
    response = dispatcher_client.post(
        f"/admin/hotline/incidents/{incident.pk}/case/",
        {"family": "Familia de la panadería", "contact_phone": "+12155550160", "language": "es"},
    )
    case = Case.objects.get()
    assert response["Location"] == f"/admin/hotline/cases/{case.pk}/"
    dispatcher_client.post(
        f"/admin/hotline/cases/{case.pk}/task/",
        {"kind": "legal", "owner": str(dispatcher_user.pk), "due_on": "2026-12-02", "note": ""},
    )
    task = CaseTask.objects.get()
    assert (task.kind, task.owner) == ("legal", dispatcher_user)
    dispatcher_client.post(f"/admin/hotline/cases/{case.pk}/task/{task.pk}/done/")
    dispatcher_client.post(f"/admin/hotline/cases/{case.pk}/close/")
    case.refresh_from_db()
    task.refresh_from_db()
    assert case.status == "closed" and case.closed_at and task.done_at
    page = dispatcher_client.get(f"/admin/hotline/cases/{case.pk}/").content.decode()
    assert "Familia de la panadería" in page


def test_the_familys_details_are_kept_up_to_date_on_an_open_case(dispatcher_client, city):
    case = cases.open_case(_incident(city), actor="system", family="Familia X")
    response = dispatcher_client.post(
        f"/admin/hotline/cases/{case.pk}/",
        {"family": "Familia X", "contact_phone": "", "language": "en", "notes": "Cita el lunes"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.language, case.notes) == ("en", "Cita el lunes")


def test_a_family_can_be_found_and_erased_by_their_phone(city, dispatcher_user):
    case = cases.open_case(
        _incident(city), actor=dispatcher_user, family="Familia X", contact_phone="+12155550160"
    )
    found = find_person(phone="215 555 0160")
    assert [row.pk for row in found["hotline_cases"]] == [case.pk]
    erase_person(phone="215 555 0160", actor="system")
    case.refresh_from_db()
    assert (case.family, case.contact_phone, case.status) == ("", "", "open")


def test_response_times_follow_the_incident(city, dispatcher_user):
    block = block_with_neighbours()
    make_member(block, "+12155550101", role=Member.Role.RESPONDER)
    incident = services.submit_report(services.NewReport(channel="web", block=block)).incident
    assert response_times(incident)["to_accepted"] is None

    verification.ask_responders(incident, actor=dispatcher_user)
    text("1", phone="+12155550101")
    services.change_state(incident, "confirmed", actor=dispatcher_user)
    alert = alerts.send_alert(
        alerts.draft_alert(incident, actor=dispatcher_user, template="agents_present"),
        actor=dispatcher_user,
    )
    incident.refresh_from_db()
    figures = response_times(incident)
    assert figures["to_accepted"] is not None
    assert figures["to_confirmed"] >= figures["to_accepted"]
    assert figures["to_alerted"] >= figures["to_confirmed"]
    assert figures["to_delivered"] is None  # nothing handed to the provider yet
    from vecinos.messaging.models import OutboundMessage

    OutboundMessage.objects.filter(batch=alert.batch).update(sent_at=timezone.now(), status="sent")
    assert response_times(incident)["to_delivered"] >= figures["to_alerted"]
