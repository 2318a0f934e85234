"""During a flood, a letter's page (the same for everyone, from the page cache) asks for its
proof of work when the person starts filling the form in, the phone solves it and the
signature acts at once; with JavaScript off the same signature is held and the same page
shown."""

import pytest

from e2e.test_letter_journey import sign_as_an_organization
from vecinos.coalition.models import Signature
from vecinos.coalition.testing import make_letter
from vecinos.content.testing import make_homes
from vecinos.privacy.models import HeldPost
from vecinos.privacy.testing import start_flood

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def flooded_letter(settings, live_server):
    start_flood(settings, "coalition.sign")
    return make_letter(make_homes())["es"]


def sign(page, url):
    page.goto(url)
    sign_as_an_organization(page)


def test_the_phone_asks_for_the_proof_solves_it_and_the_signature_acts_at_once(
    live_server, phone_page, flooded_letter
):
    asked = []
    phone_page.on("request", lambda request: asked.append(request.url))
    # A cheap phone (DevTools' "low-end mobile"): the person usually presses "sign" before
    # the proof is found, and the form waits for it.
    session = phone_page.context.new_cdp_session(phone_page)
    session.send("Emulation.setCPUThrottlingRate", {"rate": 6})
    phone_page.goto(live_server.url + flooded_letter.url)
    # Nothing is asked for before the person starts on the form.
    assert not any("/floods/" in address for address in asked)
    sign(phone_page, live_server.url + flooded_letter.url)
    assert [a for a in asked if "/floods/" in a] == [
        f"{live_server.url}/floods/coalition.sign/challenge/"
    ]
    assert Signature.objects.get().public_name == "Red de Madres del Sur"
    assert HeldPost.objects.count() == 0


def test_with_javascript_off_the_signature_is_held_and_the_same_page_shown(
    browser, live_server, flooded_letter
):
    context = browser.new_context(java_script_enabled=False, locale="es-US")
    page = context.new_page()
    sign(page, live_server.url + flooded_letter.url)
    context.close()
    assert Signature.objects.count() == 0
    assert HeldPost.objects.get().form_key == "coalition.sign"
