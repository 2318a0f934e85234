"""Petitions: confirmation by link or texted code, the public count, SMS signing, milestones."""

import re
from datetime import timedelta

import pytest
import requests
from django.urls import reverse
from django.utils import timezone, translation
from twilio.request_validator import RequestValidator

from vecinos.coalition import documents
from vecinos.coalition.models import PetitionSignature
from vecinos.coalition.services import petitions
from vecinos.coalition.shredders import petition_contacts, petition_unconfirmed
from vecinos.coalition.testing import make_petition
from vecinos.content.testing import make_homes
from vecinos.messaging.models import OutboundMessage

TOKEN = "test-auth-token-0123456789abcdef"
PHONE = "+12155550166"


@pytest.fixture
def petition(homes):
    return make_petition(homes)


def sign_url(page):
    with translation.override(page.locale.language_code):
        return reverse("coalition:petition-sign", kwargs={"page_id": page.pk})


def outbox():
    return list(OutboundMessage.objects.order_by("created_at", "pk"))


def count_on(client, page):
    return client.get(page.url).text.split('data-testid="petition-count">')[1].split("</p>")[0]


@pytest.mark.django_db
def test_email_signature_counts_only_once_confirmed(client, petition):
    page = petition["es"]
    data = {"first_name": "Lucía", "city": "Filadelfia", "show_publicly": "on"}
    response = client.post(sign_url(page), {**data, "email": "lucia@example.org"})
    assert response["Location"] == f"/es/peticiones/{page.pk}/firmada/"
    assert "<strong>0</strong> firmas" in count_on(client, page)
    [mail] = outbox()
    assert mail.subject == "Confirme su firma: Nuestros datos, lejos de ICE"
    link = re.search(r"https://vecinos\.example(/es/peticiones/confirmar/\S+/)", mail.body)[1]
    client.post(link)
    assert "<strong>1</strong> firma" in count_on(client, page)
    assert "Lucía, Filadelfia" in client.get(page.url).text
    assert "<strong>1</strong> signature" in count_on(client, petition["en"])


@pytest.mark.django_db
def test_phone_signature_is_confirmed_with_the_texted_code(client, petition):
    page = petition["en"]
    response = client.post(sign_url(page), {"phone": "215-555-0166"})
    code_page = response["Location"]
    assert code_page.startswith("/en/petitions/code/")
    [text] = outbox()
    assert text.to_address == PHONE
    code = re.search(r"is ([A-Z0-9]{6})\.", text.body)[1]
    assert client.post(code_page, {"code": "WRONG1"}).status_code == 400
    assert PetitionSignature.objects.get().status == PetitionSignature.Status.UNCONFIRMED
    assert client.post(code_page, {"code": code.lower()}).status_code == 200
    assert PetitionSignature.objects.get().status == PetitionSignature.Status.CONFIRMED
    # Not shown: no first name was given.
    assert 'data-testid="recent-signers"' not in client.get(page.url).text


@pytest.mark.django_db
def test_codes_stop_working_after_five_wrong_guesses(client, petition):
    response = client.post(sign_url(petition["en"]), {"phone": "215-555-0166"})
    code = re.search(r"is ([A-Z0-9]{6})\.", outbox()[0].body)[1]
    for _ in range(petitions.MAX_CODE_ATTEMPTS):
        client.post(response["Location"], {"code": "AAAAAA"})
    client.post(response["Location"], {"code": code})
    assert PetitionSignature.objects.get().status == PetitionSignature.Status.UNCONFIRMED


@pytest.mark.django_db
def test_signing_again_gives_the_same_answer(client, petition):
    page = petition["en"]
    first = client.post(sign_url(page), {"email": "lucia@example.org"})
    client.post(re.search(r"https://vecinos\.example(\S+confirm/\S+/)", outbox()[0].body)[1])
    again = client.post(sign_url(page), {"email": "LUCIA@example.org"})
    new = client.post(sign_url(page), {"email": "other@example.org"})
    assert first["Location"] == again["Location"] == new["Location"]
    assert PetitionSignature.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"email": "nope"},
        {"phone": "12"},
        {"phone": "x" * 100},
        {"show_publicly": "on", "email": "a@example.org"},
        {"email": "a@example.org", "website": "spam"},
    ],
)
def test_hostile_input_is_answered_in_the_form(client, petition, data):
    response = client.post(sign_url(petition["es"]), data)
    assert response.status_code == 400
    assert PetitionSignature.objects.count() == 0


@pytest.mark.django_db
def test_a_made_up_first_name_is_held_and_not_counted(client, petition, organizer_client):
    client.post(sign_url(petition["en"]), {"first_name": "asdfghjk", "email": "a@example.org"})
    client.post(re.search(r"https://vecinos\.example(\S+confirm/\S+/)", outbox()[0].body)[1])
    held = PetitionSignature.objects.get()
    assert held.status == PetitionSignature.Status.HELD
    assert "<strong>0</strong>" in count_on(client, petition["en"])
    url = reverse(
        "coalition_admin:petition-decide", kwargs={"pk": petition["en"].pk, "signature": held.pk}
    )
    organizer_client.post(url, {"action": "release"})
    assert "<strong>1</strong>" in count_on(client, petition["en"])


@pytest.mark.django_db
def test_milestones_are_announced_once_to_signers_who_agreed(client, petition, organizer_client):
    for number, may in ((1, "on"), (2, "")):
        client.post(
            sign_url(petition["es"]), {"email": f"p{number}@example.org", "may_contact": may}
        )
    for mail in outbox():
        client.post(re.search(r"https://vecinos\.example(\S+/confirmar/\S+/)", mail.body)[1])
    before = len(outbox())
    url = reverse("coalition_admin:petition-announce", kwargs={"pk": petition["en"].pk})
    organizer_client.post(url, {"count": "100"})
    assert len(outbox()) == before
    organizer_client.post(url, {"count": "2"})
    organizer_client.post(url, {"count": "2"})
    [announcement] = outbox()[before:]
    assert announcement.to_address == "p1@example.org"
    assert announcement.subject == "2 firmas: Nuestros datos, lejos de ICE"


@pytest.mark.django_db
def test_confirmed_signers_who_agreed_are_a_broadcast_audience(client, petition):
    from vecinos.broadcasts.segments import resolve

    for number, may in ((1, "on"), (2, ""), (3, "on")):
        client.post(
            sign_url(petition["es"]), {"email": f"p{number}@example.org", "may_contact": may}
        )
    for mail in outbox()[:2]:  # the third never confirms
        client.post(re.search(r"https://vecinos\.example(\S+/confirmar/\S+/)", mail.body)[1])
    audience = list(resolve("petition_signers", {"option": petition["en"].pk}, channel="email"))
    assert [(r.address, r.language) for r in audience] == [("p1@example.org", "es")]
    assert audience[0].key.startswith("petition:")


@pytest.mark.django_db
def test_exports_hold_first_names_and_cities_only(client, petition, organizer_client):
    client.post(
        sign_url(petition["en"]), {"first_name": "=cmd", "city": "Camden", "email": "c@ex.org"}
    )
    client.post(re.search(r"https://vecinos\.example(\S+confirm/\S+/)", outbox()[0].body)[1])
    client.post(sign_url(petition["en"]), {"first_name": "Zed", "email": "z@ex.org"})
    csv = organizer_client.get(
        reverse("coalition_admin:petition-csv", kwargs={"pk": petition["en"].pk})
    ).text
    assert csv.splitlines()[0] == "First name,City,Date"
    assert csv.splitlines()[1].startswith("'=cmd,Camden,")
    assert "c@ex.org" not in csv and "Zed" not in csv
    from io import BytesIO

    from pypdf import PdfReader

    pdf = documents.petition_pdf(petition["es"])
    text = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "1 firma" in text and "Para: La alcaldía" in text


@pytest.mark.django_db
def test_retention_deletes_unconfirmed_and_purges_contacts_after_the_deadline(client, homes):
    petition = make_petition(homes, days=-40)
    PetitionSignature.objects.create(
        petition_key=petition["en"].translation_key,
        email="x@example.org",
        first_name="Ana",
        source="web",
        status=PetitionSignature.Status.CONFIRMED,
    )
    PetitionSignature.objects.create(
        petition_key=petition["en"].translation_key,
        email="y@example.org",
        source="web",
        created_at=timezone.now() - timedelta(days=8),
    )
    assert petition_unconfirmed.due(timezone.now()).count() == 1
    due = petition_contacts.due(timezone.now())
    assert petition_contacts.shred(due) == 1
    kept = PetitionSignature.objects.get(first_name="Ana")
    assert (kept.email, kept.purged_at is not None) == ("", True)


def sms(base, body, sid):
    url = f"{base}/hooks/twilio/sms/"
    params = {
        "MessageSid": sid,
        "SmsSid": sid,
        "AccountSid": "AC" + "0" * 32,
        "From": PHONE,
        "To": "+12155550100",
        "Body": body,
        "NumMedia": "0",
    }
    signature = RequestValidator(TOKEN).compute_signature(url, params)
    return requests.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=10)


def texts_to(address):
    return [m.body for m in outbox() if m.to_address == address]


@pytest.mark.django_db(transaction=True)
def test_texting_firma_and_the_code_signs_over_the_signed_webhook(live_server, settings):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.PUBLIC_URL = live_server.url
    petition = make_petition(make_homes())
    assert sms(live_server.url, "firma pars", "SM" + "1" * 32).status_code == 200
    [ask] = texts_to(PHONE)
    assert ask.startswith('Para firmar "Nuestros datos, lejos de ICE", responda')
    assert sms(live_server.url, "Rocío, Filadelfia", "SM" + "2" * 32).status_code == 200
    signature = PetitionSignature.objects.get()
    assert (signature.status, signature.source, signature.language) == ("confirmed", "sms", "es")
    assert (signature.first_name, signature.city, signature.show_publicly) == (
        "Rocío",
        "Filadelfia",
        True,
    )
    assert texts_to(PHONE)[-1].startswith(
        'Gracias: usted firmo "Nuestros datos, lejos de ICE". 1 firma'
    )
    assert "<strong>1</strong> signature" in requests.get(live_server.url + petition["en"].url).text
    # An unsigned request is refused and signs nothing.
    url = f"{live_server.url}/hooks/twilio/sms/"
    assert requests.post(url, data={"From": "+12155550199", "Body": "SIGN PARS"}).status_code == 403
    # An unknown code lists the open ones, in English for SIGN.
    sms(live_server.url, "SIGN NOPE", "SM" + "3" * 32)
    assert (
        texts_to(PHONE)[-1]
        == "We did not find that petition. Text FIRMA or SIGN and one of these codes: PARS"
    )
