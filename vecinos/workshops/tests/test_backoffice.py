"""The admin screens: who may see them, the door, the sign-in sheet, follow-up, figures."""

import pytest

from vecinos.accounts.testing import sign_in_verified
from vecinos.core.models import AuditEntry
from vecinos.workshops import services
from vecinos.workshops.models import Registration, Topic
from vecinos.zones.models import Member

from .conftest import MEMBER_PHONE, PHONE, make_staff, make_workshop


def register(workshop, name="Lupe", phone=PHONE, family=1):
    return services.register_for_workshop(
        workshop,
        services.Registrant(name=name, language="es", phone=phone, family_size=family),
        source="web",
    )


@pytest.mark.parametrize("role", ["editor", "dispatcher", "researcher", "fundraiser"])
def test_other_roles_get_404_for_people(client, workshop, role):
    registration = register(workshop)
    sign_in_verified(client, make_staff("someone", role))

    for url in [
        "/admin/workshops/",
        f"/admin/workshops/{workshop.pk}/door/",
        f"/admin/workshops/{workshop.pk}/sign-in-sheet.pdf",
        f"/admin/workshops/{workshop.pk}/follow-up/",
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(f"/admin/workshops/{workshop.pk}/door/{registration.pk}/check-in/")
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.attended_at is None


def test_researchers_see_figures_but_editors_do_not(client, workshop):
    sign_in_verified(client, make_staff("rita", "researcher"))
    assert client.get("/admin/workshops/figures/").status_code == 200
    client.logout()
    sign_in_verified(client, make_staff("eddie", "editor"))
    assert client.get("/admin/workshops/figures/").status_code == 404


def test_door_lists_and_searches_names_and_audits_the_view(organizer_client, workshop):
    register(workshop, name="Guadalupe Reyes")
    register(workshop, name="Marisol", phone="+12155550111")

    everyone = organizer_client.get(f"/admin/workshops/{workshop.pk}/door/")
    found = organizer_client.post(f"/admin/workshops/{workshop.pk}/door/", {"q": "lupe"})

    assert "Guadalupe Reyes" in everyone.text and "Marisol" in everyone.text
    assert "Guadalupe Reyes" in found.text and "Marisol" not in found.text
    assert AuditEntry.objects.filter(action="workshops.registrations.viewed").count() == 2


def test_check_in_by_typed_code_makes_the_member_a_responder(
    organizer_client, responder_topic, member
):
    workshop = make_workshop(responder_topic, zone=member.zone)
    registration = register(workshop, phone=MEMBER_PHONE)
    code = services.checkin_code(registration)

    response = organizer_client.post(
        f"/admin/workshops/{workshop.pk}/door/code/", {"code": code.lower()}, follow=True
    )

    assert "Lupe llegó (1 persona)." in response.text or "Lupe is checked in" in response.text
    registration.refresh_from_db()
    member.refresh_from_db()
    assert registration.attended
    assert member.role == Member.Role.RESPONDER


def test_a_wrong_code_checks_in_nobody(organizer_client, workshop):
    register(workshop)
    organizer_client.post(f"/admin/workshops/{workshop.pk}/door/code/", {"code": "ZZZZZZZZ"})
    assert not Registration.objects.filter(attended_at__isnull=False).exists()


def test_walk_in_from_the_door(organizer_client, workshop):
    organizer_client.post(
        f"/admin/workshops/{workshop.pk}/door/walk-in/",
        {"name": "Don Beto", "phone": "", "email": "", "language": "es", "family_size": "3"},
    )
    registration = Registration.objects.get()
    assert (registration.source, registration.family_size) == ("walk_in", 3)
    assert registration.attended


def test_sign_in_sheet_is_a_pdf_with_the_names_and_is_audited(organizer_client, workshop):
    from io import BytesIO

    from pypdf import PdfReader

    register(workshop, name="Guadalupe Reyes")
    response = organizer_client.get(f"/admin/workshops/{workshop.pk}/sign-in-sheet.pdf")

    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert "Guadalupe Reyes" in text
    entry = AuditEntry.objects.get(action="workshops.signin_sheet.exported")
    assert entry.detail == {"rows": 1}


def test_follow_up_form_sends_to_those_who_came(organizer_client, workshop):
    came = register(workshop)
    register(workshop, name="Ana", phone="+12155550111")
    services.check_in_registration(came, actor="system")

    response = organizer_client.post(
        f"/admin/workshops/{workshop.pk}/follow-up/",
        {"audience": "attended", "body_en": "Thanks!", "body_es": "¡Gracias por venir!"},
    )

    assert response.status_code == 302
    assert AuditEntry.objects.get(action="workshops.followup.sent").detail["queued"] == 1


def test_admin_pages_render_for_an_organizer(organizer_client, workshop):
    register(workshop)
    for url in [
        "/admin/workshops/",
        "/admin/workshops/figures/",
        "/admin/workshops/topics/",
        "/admin/workshops/workshops/",
        f"/admin/workshops/workshops/edit/{workshop.pk}/",
        "/admin/workshops/rights-card/",
        f"/admin/workshops/{workshop.pk}/follow-up/",
    ]:
        assert organizer_client.get(url).status_code == 200, url


def edit_data(workshop, **changes):
    from django.utils import timezone

    data = {
        "topic": workshop.topic_id,
        "title_en": "",
        "title_es": "",
        "description_en": "",
        "description_es": "",
        "starts_at": timezone.localtime(workshop.starts_at).strftime("%Y-%m-%d %H:%M"),
        "ends_at": timezone.localtime(workshop.ends_at).strftime("%Y-%m-%d %H:%M"),
        "place": workshop.place,
        "address": workshop.address,
        "online_url": "",
        "languages": workshop.languages,
        "capacity": workshop.capacity,
        "waitlist": "on",
        "trainers": "",
        "zone": "",
        "status": workshop.status,
    }
    data.update(changes)
    return data


def test_more_seats_in_the_admin_promote_the_waitlist(organizer_client, topic):
    workshop = make_workshop(topic, capacity=1)
    register(workshop, phone="+12155550111")
    waiting = register(workshop)

    response = organizer_client.post(
        f"/admin/workshops/workshops/edit/{workshop.pk}/", edit_data(workshop, capacity=2)
    )

    assert response.status_code == 302, response.context["form"].errors
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_cancelling_a_workshop_in_the_admin_tells_each_family_once(organizer_client, topic):
    from .conftest import messages_to

    workshop = make_workshop(topic)
    register(workshop)

    for _ in range(2):
        organizer_client.post(
            f"/admin/workshops/workshops/edit/{workshop.pk}/",
            edit_data(workshop, status="cancelled"),
        )

    told = [body for body in messages_to(PHONE) if "se cancelo" in body or "cancelado" in body]
    assert len(told) == 1
    assert AuditEntry.objects.filter(action="workshops.workshop.updated").count() == 2


def test_the_dashboard_shows_workshop_figures_to_organizers_only(client, zones):
    from vecinos.workshops import demo

    demo.build()
    sign_in_verified(client, make_staff("olga", "organizer"))
    home = client.get("/admin/")
    figures_page = client.get("/admin/workshops/figures/")

    assert "Families trained, by month" in home.text
    assert 'class="chart chart--bars"' in figures_page.text
    assert " style=" not in figures_page.content.decode().split("chart chart--", 1)[1][:20000]
    client.logout()
    sign_in_verified(client, make_staff("eddie", "editor"))
    assert "Families trained, by month" not in client.get("/admin/").text


def test_a_topic_in_use_cannot_be_deleted(organizer_client, workshop):
    response = organizer_client.post(f"/admin/workshops/topics/delete/{workshop.topic_id}/")

    assert response.status_code in (200, 302)
    assert Topic.objects.filter(pk=workshop.topic_id).exists()


def test_a_workshop_with_registrations_cannot_be_deleted(organizer_client, workshop):
    register(workshop)

    organizer_client.post(f"/admin/workshops/workshops/delete/{workshop.pk}/")

    assert Registration.objects.filter(workshop=workshop).exists()
