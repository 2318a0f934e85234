"""An organizer adds a passkey, signs in with password and passkey, then with the passkey alone.

Chromium's virtual authenticator (through the DevTools protocol) stands in for a phone's or
laptop's platform authenticator: a resident key with user verification, as a real passkey.
"""

import os
import re
from base64 import b32decode, b32encode
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from vecinos.accounts.models import Passkey

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long enough browser password"
# Set to a folder to keep screenshots of the passkey screens at phone and desktop widths.
SCREENSHOTS = os.environ.get("VECINOS_SCREENSHOT_DIR", "")


def add_virtual_authenticator(page) -> None:
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def shoot(page, name: str) -> None:
    if not SCREENSHOTS:
        return
    Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(300)  # let the sidebar settle into its layout for the width
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def record_csp_violations(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return violations


def sign_in_with_password(page, base_url):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill("orla")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def sign_out(page, base_url):
    page.goto(f"{base_url}/admin/")
    page.get_by_role("button", name="orla").click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/admin/login/"))


def test_organizer_signs_in_with_a_passkey(live_server, page, settings):
    settings.PUBLIC_URL = live_server.url
    user = get_user_model().objects.create_user(username="orla", password=PASSWORD)
    user.groups.add(Group.objects.get(name="organizer"))
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    key = b32encode(device.bin_key).decode()
    page.set_viewport_size({"width": 1280, "height": 900})
    add_virtual_authenticator(page)
    violations = record_csp_violations(page)

    sign_in_with_password(page, live_server.url)
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    page.get_by_label("Code").fill(f"{totp(b32decode(key)):06d}")
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    # The passkeys page is reached from the account page, like the other account actions.
    page.goto(f"{live_server.url}/admin/account/")
    page.get_by_role("tab", name="Actions").click()
    page.get_by_role("link", name="Passkeys").click()
    page.wait_for_url(re.compile(r"/admin/two-factor/passkeys/"))
    page.get_by_role("button", name="Add a passkey").click()
    assert page.get_by_text("Give the passkey a name first.").is_visible()
    page.get_by_label("Name for this passkey").fill("Work laptop")
    page.get_by_role("button", name="Add a passkey").click()
    page.get_by_test_id("passkey-list").get_by_role("strong").filter(
        has_text="Work laptop"
    ).wait_for()
    assert page.get_by_role("button", name="Remove Work laptop").is_visible()
    assert page.get_by_text("Passkey saved.").is_visible()
    shoot(page, "passkeys")
    passkey = Passkey.objects.get(user=user)
    assert passkey.transports == "internal"

    sign_out(page, live_server.url)
    sign_in_with_password(page, live_server.url)
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    shoot(page, "verify-with-passkey")
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.title().startswith("Dashboard")

    sign_out(page, live_server.url)
    shoot(page, "login-with-passkey")
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.title().startswith("Dashboard")
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None

    assert violations == []


def test_a_browser_without_passkeys_is_told_so(live_server, phone_page):
    phone_page.add_init_script("delete window.PublicKeyCredential;")
    phone_page.goto(f"{live_server.url}/admin/login/")
    assert phone_page.get_by_role(
        "button", name="Iniciar sesión con una llave de acceso"
    ).is_disabled()
    assert phone_page.get_by_text(
        "Este navegador no puede usar llaves de acceso. Inicie sesión con su contraseña"
    ).is_visible()
    shoot(phone_page, "login-no-passkey-support-es")
