"""The public pages: list, detail with the form, calendar file, ticket, rights card."""

import re

import pytest
from django.urls import reverse

from vecinos.content.testing import make_homes
from vecinos.workshops import services
from vecinos.workshops.models import Registration, Workshop

from .conftest import PHONE, make_workshop, messages_to


@pytest.fixture(autouse=True)
def homes(db):
    return make_homes()


def form_data(**overrides):
    data = {"name": "Lupe", "phone": "215 555 0177", "language": "es", "family_size": "2"}
    data.update(overrides)
    return data


def test_list_shows_published_upcoming_workshops_in_spanish(client, topic):
    make_workshop(topic)
    make_workshop(topic, title_en="Secret draft", status=Workshop.Status.DRAFT)
    make_workshop(topic, days=-2, title_en="Old one")

    response = client.get("/es/talleres/")

    assert response.status_code == 200
    assert "Talleres de Conozca sus derechos" in response.text
    assert response.text.count("Derechos de vivienda") == 1
    assert "Secret draft" not in response.text


def test_a_draft_is_not_found(client, topic):
    draft = make_workshop(topic, status=Workshop.Status.DRAFT)
    assert client.get(f"/en/workshops/{draft.pk}/").status_code == 404


def test_register_on_the_web_redirects_and_confirms_by_text(client, workshop):
    response = client.post(f"/es/talleres/{workshop.pk}/", form_data())

    assert response.status_code == 302
    assert response["Location"] == f"/es/talleres/{workshop.pk}/inscripcion/"
    registration = Registration.objects.get()
    assert (registration.name, registration.phone, registration.family_size) == (
        "Lupe",
        PHONE,
        2,
    )
    assert "esta inscrito" in messages_to(PHONE)[0]
    thanks = client.get(response["Location"])
    assert "Recibimos su inscripción" in thanks.text


def test_bad_input_is_answered_in_the_persons_language_and_kept(client, workshop):
    response = client.post(
        f"/es/talleres/{workshop.pk}/", form_data(phone="", family_size="cuatro")
    )

    assert response.status_code == 400
    assert "Dé un número de teléfono o un correo electrónico" in response.text
    assert "Escriba un número, por ejemplo 3." in response.text
    assert 'value="Lupe"' in response.text
    assert not Registration.objects.exists()


def test_join_zone_needs_a_zone_and_then_creates_a_pending_member(client, workshop, zones):
    missing = client.post(f"/en/workshops/{workshop.pk}/", form_data(join_zone="on", zone=""))
    assert "Please choose your zone." in missing.text

    client.post(
        f"/en/workshops/{workshop.pk}/",
        form_data(join_zone="on", zone=zones["Point Breeze"].pk),
    )
    registration = Registration.objects.get()
    assert registration.member.zone == zones["Point Breeze"]


def test_the_detail_page_has_no_inline_script_or_style(client, workshop):
    response = client.get(f"/en/workshops/{workshop.pk}/")

    assert response.status_code == 200
    assert not re.search(r"<script(?![^>]*\bsrc=)", response.text)
    assert " style=" not in response.text
    assert "Content-Security-Policy" in response.headers
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_calendar_file_describes_the_workshop(client, workshop):
    response = client.get(f"/es/talleres/{workshop.pk}/calendario.ics")

    assert response["Content-Type"] == "text/calendar"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert "SUMMARY:Derechos de vivienda\r\n" in body
    assert f"UID:workshop-{workshop.pk}@" in body
    assert "LOCATION:Parish hall\\, 1631 S 17th St" in body
    assert f"DTSTART:{workshop.starts_at:%Y%m%dT%H%M}" in body


def test_ticket_shows_the_qr_code_and_frees_the_seat(client, workshop):
    registration = services.register_for_workshop(
        workshop, services.Registrant(name="Lupe", language="es", phone=PHONE), source="web"
    )
    url = reverse("workshops:ticket", args=[services.ticket_token(registration)])

    page = client.get(url)
    assert page.status_code == 200
    assert "<svg" in page.text and 'class="qr"' in page.text
    assert services.checkin_code(registration) in page.text
    assert "Lupe" not in page.text

    client.post(url.replace("/t/", "/t/").rstrip("/") + "/cancel/")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_a_forged_ticket_is_not_found(client, workshop):
    assert client.get("/en/workshops/t/AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAA/").status_code == 404


def test_rights_card_is_a_two_page_wallet_pdf(client, db):
    from io import BytesIO

    from pypdf import PdfReader

    response = client.get("/en/workshops/rights-card.pdf")

    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (243, 153)
    assert "Conozca sus derechos" in reader.pages[0].extract_text()
    assert "Know your rights" in reader.pages[1].extract_text()


@pytest.mark.parametrize(
    "token", ["x", "...", "ñandú.ñ", "A" * 300, "%00.%00", "AAAAAAAAAAAAAAAAAAAAAA.", ".AAAA"]
)
def test_any_ticket_text_is_a_404_never_an_error(client, workshop, token):
    assert client.get(reverse("workshops:ticket", args=[token])).status_code == 404
    with pytest.raises(services.InvalidTicket):
        services.find_by_code(workshop, token)
