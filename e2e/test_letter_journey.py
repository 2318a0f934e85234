"""An organization signs a letter in Spanish on a phone, confirms from the e-mail that a real
SMTP server received, an organizer verifies it in the back office, and it appears on the
public list and in the PDF for delivery; the contact never does."""

import re
from io import BytesIO

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from pypdf import PdfReader

from vecinos.coalition.models import Signature
from vecinos.coalition.testing import make_letter
from vecinos.content.testing import make_homes
from vecinos.messaging.testing.smtp import SMTPServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough browser password"


@pytest.fixture
def smtp(live_server, settings):
    with SMTPServer() as server:
        settings.PUBLIC_URL = live_server.url
        settings.VECINOS_EMAIL_CHANNEL = "vecinos.messaging.channels.email.EmailChannel"
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield server


def wait_for(predicate, timeout=10.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def pdf_text(url):
    response = requests.get(url, timeout=10)
    assert response.headers["Content-Type"] == "application/pdf"
    return "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)


def sign_as_an_organization(page):
    """On a letter's Spanish page: sign for an organization and see "check your e-mail"."""
    page.get_by_text("En nombre de una organización").click()
    page.get_by_label("Nombre de la organización, o su nombre").fill("Red de Madres del Sur")
    page.get_by_label("Ciudad").fill("Filadelfia")
    page.get_by_label("Estado").fill("PA")
    page.get_by_label("Tipo de organización").select_option(label="Comunidad de fe")
    page.get_by_label("Persona de contacto (solo organizaciones)").fill("Yolanda Briceño")
    page.get_by_label("Correo electrónico").fill("yolanda@redmadres.example")
    page.get_by_role("button", name="Firmar la carta").click()
    expect(page).to_have_url(re.compile(r"/es/cartas/\d+/firmada/(#sign)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Revise su correo")


def test_an_organization_signs_in_spanish_confirms_and_is_verified(
    live_server, smtp, phone_page, browser
):
    letter = make_letter(make_homes())
    page = phone_page
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(live_server.url + letter["es"].url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Terminen el contrato de detención")
    expect(page.get_by_test_id("signature-count")).to_have_text("0 organizaciones · 0 personas")
    sign_as_an_organization(page)
    assert Signature.objects.get().status == Signature.Status.UNCONFIRMED
    assert [u for u in requested if not u.startswith(live_server.url)] == []

    assert wait_for(lambda: len(smtp.messages) == 1)
    (mail,) = smtp.messages
    assert mail.rcpt_tos == ["yolanda@redmadres.example"]
    assert mail.subject.strip() == "Confirme su firma: Terminen el contrato de detención"
    link = re.search(r"http://\S+/es/cartas/confirmar/\S+/", mail.text())[0]
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirme su firma")
    page.get_by_role("button", name="Sí, confirmo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gracias por firmar")
    page.goto(live_server.url + letter["es"].url)
    expect(page.get_by_test_id("signatories")).not_to_contain_text("Red de Madres del Sur")

    # The organizer verifies it from the queue, on a wide screen.
    user = get_user_model().objects.create_user(username="orla", password=PASSWORD)
    user.groups.add(Group.objects.get(name="organizer"))
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    staff = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900}).new_page()
    staff.goto(f"{live_server.url}/admin/login/")
    staff.get_by_label("Username").fill("orla")
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Sign in", exact=True).click()
    staff.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    staff.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    staff.get_by_role("button", name="Verify").click()
    staff.wait_for_url(f"{live_server.url}/admin/")
    staff.goto(f"{live_server.url}/admin/coalition/")
    staff.get_by_role("link", name="End the detention contract").click()
    row = staff.get_by_test_id("queue-row")
    expect(row).to_contain_text("Red de Madres del Sur")
    expect(row).to_contain_text("Yolanda Briceño")
    row.get_by_label("Note (optional)").fill("Called their office.")
    row.get_by_role("button", name="Verify").click()
    expect(staff.get_by_test_id("public-list")).to_contain_text("Red de Madres del Sur")
    expect(staff.get_by_text("Nothing is waiting.")).to_be_visible()

    page.reload()
    signatories = page.get_by_test_id("signatories")
    expect(signatories).to_contain_text("Comunidad de fe (1)")
    expect(signatories).to_contain_text("Red de Madres del Sur, Filadelfia, PA")
    expect(page.get_by_test_id("signature-count")).to_have_text("1 organización · 0 personas")
    assert "Yolanda" not in page.content() and "redmadres" not in page.content()

    href = page.get_by_role(
        "link", name="Descargar la carta con sus firmantes (PDF)"
    ).get_attribute("href")
    text = pdf_text(live_server.url + href)
    assert "Para: Concejo Municipal de Filadelfia" in text
    assert "Red de Madres del Sur, Filadelfia, PA" in text
    assert "Yolanda" not in text
    with translation.override("en"):
        english = reverse("coalition:letter-pdf", kwargs={"page_id": letter["en"].pk})
    text = pdf_text(live_server.url + english)
    assert "To: Philadelphia City Council" in text
    assert "Red de Madres del Sur, Filadelfia, PA" in text
