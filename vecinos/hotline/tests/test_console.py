"""The dispatcher console: who may see it, what it shows, and the changes made from it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from vecinos.accounts.testing import sign_in_verified
from vecinos.hotline import services
from vecinos.hotline.models import Dispatcher, Incident, Shift

from .conftest import block_with_neighbours


@pytest.fixture
def dispatcher_client(client, dispatcher_user):
    sign_in_verified(client, dispatcher_user)
    return client


def _report(block, **extra):
    return services.submit_report(services.NewReport(channel="web", block=block, **extra))


@pytest.mark.parametrize("role", ["organizer", "editor", "researcher"])
def test_other_roles_get_404_from_every_console_screen(client, city, role):
    user = get_user_model().objects.create_user(username=f"u-{role}", password="x" * 20)
    user.groups.add(Group.objects.get(name=role))
    sign_in_verified(client, user)
    incident = _report(city.first()).incident

    for url in (
        "/admin/hotline/",
        "/admin/hotline/live/",
        f"/admin/hotline/incidents/{incident.pk}/",
        f"/admin/hotline/incidents/{incident.pk}/live/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            f"/admin/hotline/incidents/{incident.pk}/state/", {"state": "confirmed"}
        ).status_code
        == 404
    )
    incident.refresh_from_db()
    assert incident.state == "new"


def test_the_live_part_shows_a_new_report_without_a_reload(dispatcher_client, city):
    assert "No open incidents." in dispatcher_client.get("/admin/hotline/live/").content.decode()
    incident = _report(city.first()).incident

    live = dispatcher_client.get("/admin/hotline/live/")
    assert live.status_code == 200
    assert incident.reference in live.content.decode()
    assert "no-cache" in live["Cache-Control"]


def test_the_incident_page_shows_reports_timeline_and_map(dispatcher_client, city):
    block = block_with_neighbours()
    report = _report(
        block,
        description="Tres agentes en la puerta",
        latitude=block.latitude,
        longitude=block.longitude,
    )

    page = dispatcher_client.get(f"/admin/hotline/incidents/{report.incident.pk}/").content.decode()
    assert "Tres agentes en la puerta" in page
    assert 'id="incident-map-data"' in page
    assert "Report received" in page
    assert 'hx-get="/admin/hotline/incidents/' in page


def test_the_dispatcher_takes_and_confirms_an_incident(dispatcher_client, city, dispatcher_user):
    incident = _report(city.first()).incident

    dispatcher_client.post(f"/admin/hotline/incidents/{incident.pk}/acknowledge/")
    response = dispatcher_client.post(
        f"/admin/hotline/incidents/{incident.pk}/state/", {"state": "confirmed", "note": "visto"}
    )

    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.state, incident.acknowledged_by) == ("confirmed", dispatcher_user)
    assert incident.confirmed_at is not None
    kinds = list(incident.timeline.values_list("kind", flat=True))
    assert kinds[-2:] == ["incident.acknowledged", "state.confirmed"]


def test_a_closed_incident_cannot_be_reopened(dispatcher_client, city):
    incident = _report(city.first()).incident
    dispatcher_client.post(f"/admin/hotline/incidents/{incident.pk}/state/", {"state": "closed"})
    dispatcher_client.post(f"/admin/hotline/incidents/{incident.pk}/state/", {"state": "confirmed"})
    incident.refresh_from_db()
    assert incident.state == Incident.State.CLOSED


def test_the_dispatcher_enters_a_report_from_a_call(dispatcher_client, city):
    block = city.first()
    response = dispatcher_client.post(
        "/admin/hotline/report/",
        {"agency": "ice", "activity": "stop", "block": str(block.pk), "when": "15"},
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.reports.get().channel == "staff"


def test_an_admin_makes_a_dispatcher_pageable_and_plans_a_shift(client, city, dispatcher_user):
    admin = get_user_model().objects.create_user(username="ada", password="x" * 20)
    admin.groups.add(Group.objects.get(name="admin"))
    sign_in_verified(client, admin)

    response = client.post(
        "/admin/hotline/shifts/",
        {
            "add_dispatcher": "1",
            "user": dispatcher_user.pk,
            "phone": "215 555 0199",
            "language": "es",
        },
    )
    assert response.status_code == 302
    dispatcher = Dispatcher.objects.get(user=dispatcher_user)
    assert dispatcher.phone == "+12155550199"

    response = client.post(
        "/admin/hotline/shifts/",
        {
            "dispatcher": str(dispatcher.pk),
            "backup": "",
            "starts_at": "2030-01-01T06:00",
            "ends_at": "2030-01-01T14:00",
        },
    )
    assert response.status_code == 302
    assert Shift.objects.get().dispatcher == dispatcher
    page = client.get("/admin/hotline/shifts/").content.decode()
    assert "dina" in page and "+12155550199" not in page


def test_a_photo_is_shown_to_dispatchers_only_and_the_viewing_is_audited(
    client, dispatcher_client, city
):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from vecinos.core.models import AuditEntry

    buffer = BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    upload = SimpleUploadedFile("p.png", buffer.getvalue(), content_type="image/png")
    report = _report(city.first(), photos=[upload])
    photo = report.photos.get()

    response = dispatcher_client.get(f"/admin/hotline/photos/{photo.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response.content.startswith(b"\xff\xd8")
    assert AuditEntry.objects.filter(action="hotline.photo.viewed").count() == 1
    page = dispatcher_client.get(f"/admin/hotline/incidents/{report.incident.pk}/live/")
    assert "Photo 1 of this report" in page.content.decode()
    assert AuditEntry.objects.filter(action="hotline.photo.viewed").count() == 1


def test_the_legal_team_is_added_and_removed_from_the_console(dispatcher_client, db):
    from vecinos.hotline.models import AlertContact

    response = dispatcher_client.post(
        "/admin/hotline/contacts/",
        {"kind": "legal", "name": "Abogada de guardia", "phone": "215 555 0150", "language": "es"},
    )
    assert response.status_code == 302
    contact = AlertContact.objects.get()
    assert (contact.phone, contact.active) == ("+12155550150", True)
    assert (
        "Abogada de guardia" in dispatcher_client.get("/admin/hotline/contacts/").content.decode()
    )
    dispatcher_client.post("/admin/hotline/contacts/", {"deactivate": str(contact.pk)})
    contact.refresh_from_db()
    assert not contact.active


def test_an_unconfirmed_incident_offers_no_alert_and_refuses_one(dispatcher_client, city):
    from vecinos.hotline.models import Alert

    incident = _report(city.first()).incident
    page = dispatcher_client.get(f"/admin/hotline/incidents/{incident.pk}/").content.decode()
    assert "Alert the neighbors" not in page

    response = dispatcher_client.post(
        f"/admin/hotline/incidents/{incident.pk}/alert/",
        {"template": "agents_present"},
        follow=True,
    )
    assert "Only a confirmed incident can alert anyone." in response.content.decode()
    assert not Alert.objects.exists()


def test_the_dispatcher_writes_a_summary(dispatcher_client, city):
    incident = _report(city.first()).incident
    dispatcher_client.post(
        f"/admin/hotline/incidents/{incident.pk}/summary/", {"summary": "Dos vehículos, 5 agentes"}
    )
    incident.refresh_from_db()
    assert incident.summary == "Dos vehículos, 5 agentes"
    page = dispatcher_client.get(f"/admin/hotline/incidents/{incident.pk}/").content.decode()
    assert "Dos vehículos, 5 agentes" in page and "Summary written" in page


@pytest.mark.parametrize("typed", ["abc", "²", "", "1\x00", "99999999999999999999999"])
def test_placing_an_incident_on_a_block_that_is_not_one_changes_nothing(
    dispatcher_client, city, typed
):
    incident = _report(city.first()).incident
    block = incident.block

    response = dispatcher_client.post(
        f"/admin/hotline/incidents/{incident.pk}/place/", {"block": typed}
    )

    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.block == block


def test_the_dispatcher_places_an_incident_on_another_block(dispatcher_client, city):
    incident = _report(city.first()).incident
    other = city.exclude(pk=incident.block_id).first()

    dispatcher_client.post(f"/admin/hotline/incidents/{incident.pk}/place/", {"block": other.pk})

    incident.refresh_from_db()
    assert incident.block == other
