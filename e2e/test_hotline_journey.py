"""The hotline from first report to all-clear, in a browser and on simulated phones.

A neighbour reports agents in Spanish on the web form (from a small phone), another texts
REPORTAR about the same block through Twilio's signed webhook: one incident. The dispatcher on
shift is paged. In the console she asks the three nearest responders; one replies "1" and then
what they see, which appears without a reload. She confirms and sends the alert: every member
of the block and its neighbours gets exactly one text, in their language, and nobody else
does. The all-clear reaches the same people. A call gets the menu, records, or is forwarded.
"""

import re
import uuid
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from vecinos.hotline import services
from vecinos.hotline.models import Alert, Incident, Report, Shift
from vecinos.hotline.tests.conftest import block_with_neighbours, import_city, make_member
from vecinos.messaging.channels import locmem
from vecinos.messaging.models import OutboundMessage
from vecinos.messaging.testing.fake_twilio import twilio_signature
from vecinos.zones.models import Member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long enough browser password"
TOKEN = "journey-auth-token-0123456789abcdef"
DISPATCHER_PHONE = "+12155550199"
TEXTER = "+12675550111"


@pytest.fixture
def phones(live_server, settings):
    """Send texts and calls to the live server as Twilio would, signed."""
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.PUBLIC_URL = live_server.url
    locmem.reset()

    def post(path, params):
        url = live_server.url + path
        headers = {"X-Twilio-Signature": twilio_signature(TOKEN, url, params)}
        return requests.post(url, data=params, headers=headers, timeout=10)

    def sms(sender, body):
        params = {"MessageSid": "SM" + uuid.uuid4().hex, "From": sender, "Body": body}
        assert post("/hooks/twilio/sms/", params).status_code == 200

    yield post, sms
    locmem.reset()


@pytest.fixture
def neighbourhood():
    import_city()
    block = block_with_neighbours()
    neighbours = list(block.neighbours.order_by("code"))
    near = {block.pk, *[n.pk for n in neighbours]}
    far = (
        type(block)
        .objects.exclude(pk__in=near)
        .exclude(neighbours__in=near)
        .order_by("code")
        .first()
    )
    responder = Member.Role.RESPONDER
    members = [
        make_member(block, "+12155550101", language="es", role=responder),
        make_member(block, "+12155550102", language="en"),
        make_member(neighbours[0], "+12155550103", language="es", role=responder),
        make_member(neighbours[1], "+12155550104", language="en", role=Member.Role.CAPTAIN),
        make_member(neighbours[1], "+12155550105", language="es"),
    ]
    outsider = make_member(far, "+12155550109", language="es", role=responder)
    return block, members, outsider


@pytest.fixture
def dispatcher():
    user = get_user_model().objects.create_user(
        username="dina", password=PASSWORD, email="dina@example.org"
    )
    user.groups.add(Group.objects.get(name="dispatcher"))
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    on_call = services.add_dispatcher(user, phone=DISPATCHER_PHONE, language="en", actor="system")
    now = timezone.now()
    Shift.objects.create(
        dispatcher=on_call, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=8)
    )
    return user, device


def sign_in(page, base, device):
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill("dina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{base}/admin/")


def alert_texts(alert):
    return sorted(
        (m.to_address, m.language, m.body)
        for m in OutboundMessage.objects.filter(batch=alert.batch)
    )


def test_a_report_becomes_a_verified_alert_and_an_all_clear(
    live_server, browser, page, phones, neighbourhood, dispatcher
):
    _post, sms = phones
    block, members, outsider = neighbourhood
    _user, device = dispatcher

    # A neighbour reports in Spanish from a small phone.
    phone = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="es-US"
    ).new_page()
    violations = []
    phone.on(
        "console",
        lambda m: "Content Security Policy" in m.text and violations.append(m.text),
    )
    phone.goto(f"{live_server.url}/es/linea-directa/")
    phone.get_by_label("ICE (inmigración)").check()
    phone.get_by_label("Tocando puertas o entrando a una casa").check()
    phone.get_by_label("¿Cuántos agentes? (un cálculo aproximado está bien)").fill("4")
    phone.get_by_label("O elija la cuadra de la lista").select_option(str(block.pk))
    phone.get_by_role("button", name="Enviar el reporte").click()
    phone.wait_for_url(f"{live_server.url}/es/linea-directa/gracias/")
    assert phone.get_by_role("heading", level=1).inner_text() == (
        "Gracias. Su reporte llegó al despachador."
    )
    assert violations == []

    # Another texts REPORTAR about the same block.
    sms(TEXTER, "REPORTAR")
    sms(TEXTER, block.code)
    sms(TEXTER, "Dos camionetas grises y agentes tocando puertas")

    incident = Incident.objects.get()
    assert sorted(incident.reports.values_list("channel", "language")) == [
        ("sms", "es"),
        ("web", "es"),
    ]
    assert Report.objects.count() == 2
    pages = [m for m in locmem.outbox if m.to == DISPATCHER_PHONE]
    # The second report came within the burst window of the first page: it waits for the one
    # page with a count (hotline.checks), instead of paging again at once.
    assert len(pages) == 1 and incident.reference in pages[0].body

    # The dispatcher takes it in the console.
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server.url, device)
    page.goto(f"{live_server.url}/admin/hotline/")
    page.get_by_role("link", name=incident.reference).click()
    page.wait_for_url(re.compile(r"/admin/hotline/incidents/"))
    assert page.get_by_text("Alert the neighbors").count() == 0
    # The map draws the incident's block from our own shapes.
    page.locator("#incident-map path.hotline-block-incident").first.wait_for()
    page.get_by_role("button", name="Ask nearby responders to verify").click()
    responders = page.get_by_test_id("responders")
    expect(responders.locator("tbody tr[data-status=asked]")).to_have_count(3)
    asked = {m.to for m in locmem.outbox if "Reply 1 = going" in m.body or "1 = voy" in m.body}
    assert outsider.phone not in asked and len(asked) == 3

    # One responder replies 1, then what they see: it appears without a reload.
    going = sorted(asked)[0]
    sms(going, "1 5")
    sms(going, "Confirmo: 2 camionetas de ICE, 4 agentes en la puerta")
    responders.locator("tr[data-status=reported]").wait_for(timeout=15_000)
    assert "4 agentes en la puerta" in responders.inner_text()

    page.get_by_role("button", name="Mark as Confirmed").click()
    page.get_by_test_id("incident-state").filter(has_text="Confirmed").wait_for()
    page.get_by_role("button", name="Preview the alert").click()
    page.wait_for_url(re.compile(r"/admin/hotline/alerts/\d+/$"))
    assert page.get_by_test_id("alert-count").inner_text().startswith("5 people will receive it.")
    page.get_by_role("button", name="Send to 5 people").click()
    page.get_by_test_id("alert-sent").wait_for()

    alert = Alert.objects.get(kind="alert")
    sent = alert_texts(alert)
    assert [address for address, _l, _b in sent] == sorted(m.phone for m in members)
    for _address, language, body in sent:
        assert body == (alert.text_es if language == "es" else alert.text_en)
    # One segment, naming the block and its zone.
    assert alert.text_es.startswith("CONFIRMADO: agentes de inmigracion cerca de ")
    assert alert.incident.block.place in alert.text_es
    assert outsider.phone not in {m.to for m in locmem.outbox if m.body == alert.text_es}

    # The all-clear reaches the same people.
    page.get_by_role("link", name=re.compile("Back to incident")).click()
    page.get_by_role("button", name="Prepare the all-clear").click()
    page.get_by_role("button", name="Send to 5 people").click()
    page.get_by_test_id("alert-sent").wait_for()
    clear = Alert.objects.get(kind="all_clear")
    assert [a for a, _l, _b in alert_texts(clear)] == [a for a, _l, _b in sent]
    assert {m.status for m in OutboundMessage.objects.filter(batch=clear.batch)} == {"sent"}
    assert errors == []


def test_a_call_gets_the_menu_records_or_is_forwarded(live_server, phones, dispatcher):
    post, _sms = phones
    call = {"CallSid": "CA" + "2" * 32, "From": "+12155550177", "To": "+12155550100"}

    def twiml(path, **extra):
        response = post(path, {**call, **extra})
        assert response.status_code == 200
        return ET.fromstring(response.content)

    root = twiml("/hooks/twilio/voice/")
    language = root.find("Gather").get("action")
    root = twiml(language, Digits="2")
    # With other apps' options on the menu the hotline's digit is chosen; alone, it starts.
    gather = root.find("Gather")
    if "hotline" not in gather.get("action"):
        root = twiml(gather.get("action"), Digits="1")
        gather = root.find("Gather")
    assert gather.get("action") == "/hooks/hotline/voice/choice/?lang=es"

    record = twiml(gather.get("action"), Digits="1").find("Record")
    twiml(record.get("action"), RecordingUrl="https://api.twilio.com/rec/RE9")
    assert Report.objects.get().channel == "voice"

    dial = twiml(gather.get("action"), Digits="2").find("Dial")
    assert dial.find("Number").text == DISPATCHER_PHONE
    assert twiml(dial.get("action"), DialCallStatus="busy").find("Record") is not None
