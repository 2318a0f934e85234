"""The dispatcher's console past the open incidents, in a browser.

A caller leaves a voice message: vecinos fetches it from the provider (the fake Twilio API on
loopback, through the real twilio library), deletes it there, and the dispatcher plays it in
the incident's page, through vecinos, each play audited. Then the history: closed incidents
filtered by state and zone, the cases list that reaches a closed incident's open case, and
the dispatcher's own tasks with their due dates. With VECINOS_SHOTS=<folder> the screens are
saved there at 360 and 1280 pixels wide.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from vecinos.core.models import AuditEntry
from vecinos.hotline import services
from vecinos.hotline.models import Incident, Recording, Report
from vecinos.hotline.services import cases
from vecinos.hotline.testing import import_city, sample_wav
from vecinos.messaging.testing.fake_twilio import FakeTwilio, twilio_signature
from vecinos.zones.models import Block

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long enough browser password"
SHOTS = os.environ.get("VECINOS_SHOTS")


def shot(page, name, focus=None):
    """Save the screen at 1280 and 360 pixels wide when VECINOS_SHOTS names a folder, scrolled
    to `focus` (a locator) if given."""
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})
        # The admin lays its menu out for the width it loads at.
        page.reload()
        if focus is not None:
            focus.scroll_into_view_if_needed()
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()


@pytest.fixture
def provider(live_server, settings):
    with FakeTwilio() as fake:
        settings.TWILIO_API_BASE = fake.url
        settings.TWILIO_ACCOUNT_SID = fake.account_sid
        settings.TWILIO_AUTH_TOKEN = fake.auth_token
        settings.PUBLIC_URL = live_server.url
        yield fake


@pytest.fixture
def dispatcher():
    import_city()
    user = get_user_model().objects.create_user(
        username="dina", password=PASSWORD, email="dina@example.org"
    )
    user.groups.add(Group.objects.get(name="dispatcher"))
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    services.add_dispatcher(user, phone="+12155550199", language="en", actor="system")
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


def test_the_dispatcher_plays_a_voice_report(live_server, page, provider, dispatcher):
    user, device = dispatcher
    url = provider.add_recording(sample_wav(1.5), duration=2)
    path = "/hooks/hotline/voice/recorded/?lang=es"
    params = {"CallSid": "CA" + "3" * 32, "RecordingSid": url[-34:], "RecordingUrl": url}
    signature = twilio_signature(provider.auth_token, live_server.url + path, params)
    response = requests.post(
        live_server.url + path, data=params, headers={"X-Twilio-Signature": signature}, timeout=10
    )
    assert response.status_code == 200
    report = Report.objects.get(channel="voice")
    recording = Recording.objects.get(report=report)
    assert provider.recordings == {}  # deleted at the provider once stored
    # Placed on a block, as the dispatcher does after listening.
    services.set_block(report.incident, Block.objects.order_by("code").first(), actor=user)

    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server.url, device)
    page.goto(f"{live_server.url}/admin/hotline/incidents/{report.incident.pk}/")
    audio = page.get_by_test_id("recording")
    audio.wait_for()
    assert audio.get_attribute("src") == f"/admin/hotline/recordings/{recording.pk}/"
    # Played (muted, as a headless browser allows) until it has really decoded and advanced.
    page.evaluate(
        """() => { const a = document.querySelector('[data-testid="recording"]');
                   a.muted = true; return a.play(); }"""
    )
    page.wait_for_function(
        """() => { const a = document.querySelector('[data-testid="recording"]');
                   return a.currentTime > 0.3 && Math.abs(a.duration - 1.5) < 0.1; }"""
    )
    assert AuditEntry.objects.filter(action="hotline.recording.played").count() >= 1
    assert page.get_by_text("Voice message stored; deleted at the phone company").count() == 1
    shot(page, "incident-recording", focus=page.get_by_test_id("reports"))
    assert errors == []


def test_the_history_the_cases_and_my_tasks(live_server, page, dispatcher):
    user, device = dispatcher
    blocks = list(Block.objects.select_related("zone").order_by("zone__name", "code"))
    passyunk = next(b for b in blocks if b.zone.name == "Passyunk Square")
    breeze = next(b for b in blocks if b.zone.name == "Point Breeze")
    now = timezone.now()
    made = []
    for block, state, days in [
        (passyunk, Incident.State.CLOSED, 2),
        (breeze, Incident.State.CLOSED, 9),
        (breeze, Incident.State.FALSE_ALARM, 1),
        (passyunk, Incident.State.CLOSED, 45),
    ]:
        incident = services.submit_report(services.NewReport(channel="web", block=block)).incident
        Incident.objects.filter(pk=incident.pk).update(
            state=state, created_at=now - timedelta(days=days)
        )
        made.append(incident)
    case = cases.open_case(made[1], actor=user, family="Familia de la esquina")
    cases.add_task(case, actor=user, kind="legal", owner=user, due_on=timezone.localdate())
    cases.add_task(
        case,
        actor=user,
        kind="bond",
        owner=user,
        due_on=timezone.localdate() - timedelta(days=2),
    )

    sign_in(page, live_server.url, device)
    page.goto(f"{live_server.url}/admin/hotline/")
    page.get_by_role("link", name="Incident history").click()
    page.wait_for_url(re.compile(r"/admin/hotline/history/$"))
    rows = page.get_by_test_id("history").locator("tbody tr")
    rows.first.wait_for()
    assert rows.count() == 4
    page.get_by_label("State").select_option("closed")
    page.get_by_label("Zone").select_option(label="Point Breeze")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"state=closed"))
    assert rows.count() == 1
    assert made[1].reference in rows.first.inner_text()
    shot(page, "history")

    page.get_by_role("link", name="1", exact=True).click()  # its open case
    page.wait_for_url(re.compile(r"/admin/hotline/cases/"))
    cases_rows = page.get_by_test_id("cases").locator("tbody tr")
    assert cases_rows.count() == 1
    assert "Familia" not in page.content()
    shot(page, "cases")
    cases_rows.first.get_by_role("link", name=case.reference).click()
    page.wait_for_url(re.compile(rf"/admin/hotline/cases/{case.pk}/"))
    assert page.get_by_text("Familia de la esquina").count() == 1

    page.goto(f"{live_server.url}/admin/hotline/tasks/")
    tasks = page.get_by_test_id("my-tasks").locator("tbody tr")
    tasks.first.wait_for()
    assert tasks.count() == 2
    assert "overdue" in tasks.first.inner_text() and "Bond fund" in tasks.first.inner_text()
    assert "today" in tasks.nth(1).inner_text()
    shot(page, "my-tasks")
    tasks.first.get_by_role("button", name="Mark done").click()
    page.wait_for_url(re.compile(r"/admin/hotline/tasks/$"))
    assert page.get_by_test_id("my-tasks").locator("tbody tr").count() == 1
