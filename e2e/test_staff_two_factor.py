"""An organizer's first sign-in to the staff admin: set up an authenticator app, then sign in again.

The journey also records every Content-Security-Policy violation Chromium reports on the admin
pages, so a Wagtail upgrade that needs more than the admin's relaxations shows up here.
"""

import re
from base64 import b32decode, b32encode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page

pytestmark = [
    pytest.mark.browser,
    # Transactional, so the live server sees the rows; serialized_rollback brings back the
    # role groups and pages that the migrations created, which a flush would lose.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long enough browser password"


def app_code(secret: str, steps_ahead: int = 0) -> str:
    key = b32decode(secret.replace(" ", ""))
    # A code is accepted once; the next sign-in uses the next time step's code, which the
    # device still accepts (one step of tolerance) without waiting thirty seconds.
    return f"{totp(key, drift=steps_ahead):06d}"


def record_csp_violations(page) -> list[str]:
    violations: list[str] = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    return violations


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_organizer_sets_up_two_factor_then_is_asked_for_a_code(live_server, page):
    user = get_user_model().objects.create_user(username="orla", password=PASSWORD)
    user.groups.add(Group.objects.get(name="organizer"))
    violations = record_csp_violations(page)

    sign_in(page, live_server.url, "orla")
    page.wait_for_url(re.compile(r"/admin/two-factor/setup/"))
    assert page.locator(".vecinos-two-factor__qr svg").is_visible()
    secret = page.get_by_test_id("totp-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7 ]{39}", secret)

    page.get_by_label("Six-digit code from the app").fill(app_code(secret))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/admin/two-factor/backup-codes/"))
    codes = page.get_by_test_id("backup-codes").locator("li").all_inner_texts()
    assert len(codes) == 10
    assert all(re.fullmatch(r"[a-z2-7]{8}", code) for code in codes)

    page.get_by_role("link", name="I have saved my codes, continue").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.title().startswith("Dashboard")
    assert TOTPDevice.objects.get(user=user).confirmed

    page.get_by_role("button", name="orla").click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/admin/login/"))

    sign_in(page, live_server.url, "orla")
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    page.get_by_label("Code").fill(app_code(secret, steps_ahead=1))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.title().startswith("Dashboard")

    assert violations == []


def test_admin_pages_run_under_the_content_security_policy(live_server, page):
    user = get_user_model().objects.create_superuser(username="ada", password=PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    secret = b32encode(device.bin_key).decode()
    home = Page.objects.filter(depth=2).first()
    violations = record_csp_violations(page)

    sign_in(page, live_server.url, "ada")
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    page.get_by_label("Code").fill(app_code(secret))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    for path in [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{home.pk}/edit/",
        "/admin/images/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/reports/site-history/",
        "/admin/account/",
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")

    # The live preview shows the page in a same-origin frame inside the editor.
    page.goto(f"{live_server.url}/admin/pages/{home.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()
    # Wagtail loads the preview in a second frame and then swaps it for the first one; the
    # newest frame is the one that holds the page.
    preview = page.frame_locator("iframe[title='Preview']").last
    preview.locator("body").wait_for()
    page.wait_for_load_state("networkidle")

    assert violations == []
