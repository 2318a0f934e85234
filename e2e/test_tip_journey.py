"""An anonymous tip from a phone in Spanish, read and answered by a tip reader, and the
source coming back with the codename to read the answer; the same in English on a desktop.

Screenshots of the form, the codename page and the inbox go to VECINOS_SCREENSHOTS when set.
"""

import os
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from playwright.sync_api import expect

from vecinos.tips import services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long enough browser password"
PASSPHRASE = "the tip readers' long passphrase"  # noqa: S105
KEY = "3132333435363738393031323334353637383930"


def shoot(page, name):
    folder = os.environ.get("VECINOS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def photo_bytes():
    exif = Image.Exif()
    exif[0x010F] = "JourneyPhoneMaker"
    exif[0x8825] = {1: "N", 2: (39.0, 56.0, 1.0)}
    buffer = BytesIO()
    Image.new("RGB", (80, 60), (20, 90, 160)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def code(steps_ahead=0):
    return f"{totp(bytes.fromhex(KEY), drift=steps_ahead):06d}"


def send_tip(page, base, language, message, submit, with_photo=False):
    page.goto(f"{base}/{language}/tips/")
    assert page.context.cookies() == []
    page.locator("#id_message").fill(message)
    if with_photo:
        page.locator("#id_files").set_input_files(
            [{"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
        )
    page.get_by_role("button", name=submit).click()
    codename = page.locator(".tip-codename strong").inner_text()
    assert len(codename.split()) == 7
    cookies = page.context.cookies()
    assert [c["name"] for c in cookies] == ["vecinos_tip"]
    assert cookies[0]["expires"] == -1  # a browser-session cookie
    return codename


def reader_signs_in_and_replies(page, base, text_seen, reply):
    user = get_user_model().objects.create_user(username="rosa", password=PASSWORD)
    user.groups.add(Group.objects.get(name="admin"))
    TOTPDevice.objects.create(user=user, name="app", confirmed=True, key=KEY)
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill("rosa")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    page.get_by_label("Code").fill(code())
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{base}/admin/")

    page.goto(f"{base}/admin/tips/")
    page.get_by_label("Tip passphrase").fill(PASSPHRASE)
    page.get_by_label("Code from your authenticator app").fill(code(steps_ahead=1))
    page.get_by_role("button", name="Unlock", exact=True).click()
    page.wait_for_url(f"{base}/admin/tips/")
    expect(page.get_by_text("The tips are unlocked in this session.")).to_be_visible()
    shoot(page, "inbox-1280")
    page.set_viewport_size({"width": 360, "height": 740})
    shoot(page, "inbox-360")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.get_by_role("link", name=re.compile(r"^Source \d+$")).first.click()
    expect(page.get_by_text(text_seen)).to_be_visible()
    shoot(page, "source-1280")
    page.get_by_label("Reply to this source").fill(reply)
    page.get_by_role("button", name="Send the reply").click()
    expect(page.get_by_text("Reply sent.")).to_be_visible()


def test_a_spanish_source_on_a_phone_gets_an_answer(live_server, phone_page, page, browser):
    services.create_tip_key(passphrase=PASSPHRASE)
    base = live_server.url

    phone_page.goto(f"{base}/es/denuncias/")
    expect(phone_page.get_by_role("heading", name="Enviar una denuncia anónima")).to_be_visible()
    expect(
        phone_page.get_by_text("No use una computadora ni un teléfono del trabajo")
    ).to_be_visible()
    # Nothing wider than the phone's screen.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    shoot(phone_page, "form-es-360")
    message = "En la cárcel del condado llaman a inmigración antes de soltar a la gente."
    codename = send_tip(phone_page, base, "es", message, "Enviar la denuncia", with_photo=True)
    expect(phone_page.get_by_role("heading", name="Recibimos su denuncia")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    shoot(phone_page, "codename-es-360")

    reader_signs_in_and_replies(page, base, message, "Gracias. ¿Qué días pasa esto?")
    expect(page.get_by_role("link", name="foto.jpg")).to_have_count(0)  # renamed
    expect(page.get_by_role("link", name="photo-1.jpg")).to_be_visible()

    # The source comes back later, in a fresh browser, with only the seven words.
    later = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-US").new_page()
    later.goto(f"{base}/es/denuncias/volver/")
    later.get_by_label("Su nombre clave").fill(codename)
    later.get_by_role("button", name="Continuar").click()
    later.wait_for_url(f"{base}/es/denuncias/conversacion/")
    expect(later.get_by_text("Gracias. ¿Qué días pasa esto?")).to_be_visible()
    shoot(later, "conversation-es-360")
    later.get_by_label("Agregue a lo que envió").fill("Los jueves, casi siempre.")
    later.get_by_role("button", name="Enviar", exact=True).click()
    expect(later.get_by_text("Gracias: recibimos lo que agregó.")).to_be_visible()

    # A wrong codename: the same refusal as for any unknown one.
    later.get_by_role("button", name="Cerrar sesión").click()
    later.goto(f"{base}/es/denuncias/volver/")
    later.get_by_label("Su nombre clave").fill("uno dos tres cuatro cinco seis siete")
    later.get_by_role("button", name="Continuar").click()
    expect(later.get_by_text("No reconocimos ese nombre clave.")).to_be_visible()
    later.context.close()


def test_an_english_source_on_a_desktop(live_server, page):
    services.create_tip_key(passphrase=PASSPHRASE)
    base = live_server.url
    page.goto(f"{base}/en/tips/")
    shoot(page, "form-en-1280")
    codename = send_tip(page, base, "en", "Agents met the police at the depot.", "Send the tip")
    shoot(page, "codename-en-1280")
    page.get_by_role("link", name="I wrote it down: go to my conversation").click()
    expect(page.get_by_text("No reply yet.")).to_be_visible()
    page.context.clear_cookies()
    page.goto(f"{base}/en/tips/return/")
    page.get_by_label("Your codename").fill(codename.upper())
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your conversation")).to_be_visible()
