"""A neighbour signs a petition in Spanish on a phone with a cell number, types the code the
text brought, and is counted; during a flood the same phone first solves the page's proof of
work, which it asks for when she starts on the form."""

import re

import pytest
from playwright.sync_api import expect

from vecinos.coalition.models import PetitionSignature
from vecinos.coalition.testing import make_petition
from vecinos.content.testing import make_homes
from vecinos.messaging.models import OutboundMessage
from vecinos.privacy.testing import start_flood

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("flood", [False, True], ids=["calm", "flood"])
def test_a_neighbour_signs_by_phone_and_confirms_with_the_texted_code(
    live_server, phone_page, settings, flood
):
    if flood:
        start_flood(settings, "coalition.petition")
    petition = make_petition(make_homes())["es"]
    page = phone_page
    page.goto(live_server.url + petition.url)
    page.get_by_label("Nombre", exact=True).fill("Lucía")
    page.get_by_label("Ciudad", exact=True).fill("Filadelfia")
    page.get_by_label("Teléfono celular").fill("215-555-0166")
    page.get_by_role("button", name="Firmar la petición").click()

    expect(page).to_have_url(re.compile(r"/es/peticiones/codigo/[^/]+/(#sign)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Escriba el código que le enviamos por mensaje de texto"
    )
    [text] = OutboundMessage.objects.all()
    assert text.to_address == "+12155550166"
    code = re.search(r"es ([A-Z0-9]{6})\.", text.body)[1]
    page.get_by_label("Código del mensaje de texto").fill(code)
    page.get_by_role("button", name="Confirmar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gracias por firmar")
    assert PetitionSignature.objects.get().status == PetitionSignature.Status.CONFIRMED
