"""Workshop journeys in a real browser, with texts arriving over real, Twilio-signed HTTP.

1. A neighbour registers in Spanish on a 360-px phone and takes the last seat; someone else
   lands on the waitlist. The reminder goes out a day before (the reminder run with a moved
   clock); the neighbour answers "2" by text, through Twilio's signed webhook, and the
   waitlisted person is promoted and told.
2. At the door, an organizer scans the QR code of a zone member's ticket (the browser's
   BarcodeDetector and camera are stood in for, since a headless Chromium has neither); the
   member, who attended the responder training, now counts as a responder in the zone's
   coverage page.
"""

import re
from datetime import timedelta

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from twilio.request_validator import RequestValidator

from vecinos.messaging.channels import locmem
from vecinos.messaging.models import OutboundMessage
from vecinos.privacy.blind_index import phone_index
from vecinos.workshops import materials, services
from vecinos.workshops.models import Registration, Topic, Workshop
from vecinos.zones.models import Member
from vecinos.zones.testing import load_zones

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOKEN = "test-auth-token-0123456789abcdef"
PASSWORD = "a long enough browser password"
LUPE = "+12155550177"
ANA = "+12675550188"
BETO = "+12155550111"
MEMBER = "+12155550142"


@pytest.fixture
def hooks(live_server, settings):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.PUBLIC_URL = live_server.url
    locmem.reset()
    yield live_server.url
    locmem.reset()


def make_workshop(topic, *, capacity, zone=None):
    start = timezone.now() + timedelta(days=3)
    return Workshop.objects.create(
        topic=topic,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Salón parroquial",
        address="1631 S 17th St",
        capacity=capacity,
        zone=zone,
        status=Workshop.Status.PUBLISHED,
    )


def texts_to(address):
    return [
        m.body for m in OutboundMessage.objects.order_by("created_at") if m.to_address == address
    ]


def text_in(base, body, sender, sid):
    """Send an inbound text the way Twilio does: a form POST signed with the auth token."""
    url = f"{base}/hooks/twilio/sms/"
    params = {
        "MessageSid": sid,
        "SmsSid": sid,
        "AccountSid": "AC" + "0" * 32,
        "From": sender,
        "To": "+12155550100",
        "Body": body,
        "NumMedia": "0",
    }
    signature = RequestValidator(TOKEN).compute_signature(url, params)
    return requests.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=10)


def watch_csp(page):
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    return violations


def test_register_in_spanish_on_a_phone_then_cancel_by_text_and_the_waitlist_moves_up(
    hooks, phone_page
):
    topic = Topic.objects.create(name_en="Housing rights", name_es="Derechos de vivienda")
    workshop = make_workshop(topic, capacity=2)
    services.register_for_workshop(
        workshop, services.Registrant(name="Ana", language="es", phone=ANA), source="web"
    )
    violations = watch_csp(phone_page)
    other_origins = []
    phone_page.on(
        "request",
        lambda request: not request.url.startswith(hooks) and other_origins.append(request.url),
    )

    phone_page.goto(f"{hooks}/es/talleres/")
    phone_page.get_by_role("link", name="Derechos de vivienda").click()
    phone_page.get_by_label("Nombre o apodo").fill("Lupe")
    phone_page.get_by_label("Celular (para mensajes de texto)").fill("215 555 0177")
    assert phone_page.get_by_label("Español").is_checked()
    phone_page.get_by_label("¿Cuántas personas de su familia vendrán, contándose usted?").fill("1")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.get_by_role("button", name="Inscribirme").click()

    phone_page.wait_for_url(re.compile(r"/es/talleres/\d+/inscripcion/$"))
    assert "Recibimos su inscripción" in phone_page.get_by_role("status").inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    # Names are encrypted: find Lupe's row by decrypting the workshop's few registrations.
    lupe = next(r for r in Registration.objects.filter(workshop=workshop) if r.name == "Lupe")
    assert lupe.status == Registration.Status.CONFIRMED
    [confirmation] = texts_to(LUPE)
    assert "esta inscrito en Derechos de vivienda" in confirmation

    # The workshop is full now: the next family waits.
    beto = services.register_for_workshop(
        workshop, services.Registrant(name="Beto", language="en", phone=BETO), source="web"
    )
    assert beto.status == Registration.Status.WAITLISTED

    # The reminder run, with the clock moved to 23 hours before the start.
    assert services.send_due_reminders(workshop.starts_at - timedelta(hours=23)) == 2
    reminder = texts_to(LUPE)[-1]
    assert "recordatorio, Derechos de vivienda" in reminder
    assert "Responda 2 si no puede ir" in reminder
    assert any(message.to == LUPE and "Responda 2" in message.body for message in locmem.outbox)

    response = text_in(hooks, "2", LUPE, "SM" + "7" * 32)

    assert response.status_code == 200
    lupe.refresh_from_db()
    beto.refresh_from_db()
    assert lupe.status == Registration.Status.CANCELLED
    assert beto.status == Registration.Status.CONFIRMED
    assert "quedo cancelado y pasa a otra familia" in texts_to(LUPE)[-1]
    told = texts_to(BETO)[-1]
    assert told.startswith("vecinos: good news, a seat freed up. You now have a place at")
    assert services.checkin_code(beto) in told
    # Twilio retries a webhook it thinks failed: the same text changes nothing more.
    assert text_in(hooks, "2", LUPE, "SM" + "7" * 32).status_code == 200
    assert len(texts_to(BETO)) == 2
    assert violations == []
    assert other_origins == []


def test_check_in_by_qr_code_makes_the_member_a_responder_in_the_zone_coverage(hooks, page):
    zones = load_zones()
    zone = zones["Passyunk Square"]
    block = zone.blocks.order_by("code").first()
    member = Member.objects.create(
        name="Rocío Almendárez",
        phone=MEMBER,
        phone_index=phone_index(MEMBER),
        language="es",
        zone=zone,
        block=block,
        status=Member.Status.ACTIVE,
        source=Member.Source.SMS,
    )
    topic = Topic.objects.create(
        name_en="How to be a responder",
        name_es="Cómo ser respuesta rápida",
        is_responder_training=True,
        refresher_months=12,
    )
    workshop = make_workshop(topic, capacity=20, zone=zone)
    registration = services.register_for_workshop(
        workshop,
        services.Registrant(name="Rocío", language="es", phone="215-555-0142"),
        source="web",
    )
    assert registration.member == member
    # The ticket link travels in the confirmation text; the QR code on that page holds it.
    [confirmation] = texts_to(MEMBER)
    ticket_url = re.search(r"https?://\S+/t/\S+/", confirmation)[0]
    token = ticket_url.rstrip("/").rsplit("/", 1)[-1]
    page.goto(ticket_url)
    shown = page.locator("svg.qr path").get_attribute("d")
    assert shown == re.search(r' d="([^"]+)"', materials.qr_svg(token))[1]

    user = get_user_model().objects.create_user(username="orla", password=PASSWORD)
    user.groups.add(Group.objects.get(name="organizer"))
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    violations = watch_csp(page)
    page.goto(f"{hooks}/admin/login/")
    page.get_by_label("Username").fill("orla")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{hooks}/admin/")

    # A camera that shows the ticket: the detector reads what the QR code holds.
    page.add_init_script(
        """
        window.BarcodeDetector = class {
          detect() { return Promise.resolve([{ rawValue: "__TOKEN__" }]); }
        };
        const fakeCamera = () => {
          const canvas = document.createElement("canvas");
          canvas.width = 32; canvas.height = 32;
          canvas.getContext("2d").fillRect(0, 0, 32, 32);
          return Promise.resolve(canvas.captureStream());
        };
        if (navigator.mediaDevices) {
          navigator.mediaDevices.getUserMedia = fakeCamera;
        } else {
          const devices = { value: { getUserMedia: fakeCamera } };
          Object.defineProperty(navigator, "mediaDevices", devices);
        }
        """.replace("__TOKEN__", token)
    )
    page.goto(f"{hooks}/admin/workshops/")
    page.get_by_role("link", name=re.compile("Door and registrations")).click()
    page.get_by_role("button", name="Scan with the camera").click()

    status = page.get_by_test_id("checked-in")
    status.wait_for()
    assert status.inner_text() == "Rocío is checked in (1 person)."
    registration.refresh_from_db()
    member.refresh_from_db()
    assert registration.attended_at is not None
    assert member.role == Member.Role.RESPONDER
    assert member.training_expires_at > timezone.now() + timedelta(days=360)

    page.goto(f"{hooks}/admin/zones/{zone.pk}/")
    row = page.locator(f'[data-testid=coverage-table] tr[data-block="{block.code}"]')
    assert row.locator("td").nth(1).inner_text() == "1"
    assert row.get_attribute("data-level") == "responders"
    assert violations == []
