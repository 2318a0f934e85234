"""A dispatcher whose second factor is stale proves it again before a large alert goes out."""

import re
import time
from importlib import import_module

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from e2e.test_accessibility import sign_in_staff
from vecinos.accounts.stepup import VERIFIED_AT_SESSION_KEY
from vecinos.hotline import services
from vecinos.hotline.models import Alert, Incident
from vecinos.hotline.services import alerts
from vecinos.hotline.testing import block_with_neighbours, import_city
from vecinos.hotline.tests.conftest import make_member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def age_second_factor(minutes):
    """Make every open session's proof of the second factor `minutes` old.

    Through the session store, which also holds sessions in the cache the server reads first.
    """
    store = import_module(django_settings.SESSION_ENGINE).SessionStore
    for key in Session.objects.values_list("session_key", flat=True):
        session = store(session_key=key)
        if VERIFIED_AT_SESSION_KEY in session:
            session[VERIFIED_AT_SESSION_KEY] = int(time.time()) - minutes * 60
            session.save()


def test_a_stale_second_factor_is_asked_again_before_a_large_alert(live_server, page, settings):
    settings.VECINOS_ALERT_STEP_UP_AUDIENCE = 3
    import_city()
    user = sign_in_staff(page, live_server.url, "dispatcher", "en")
    block = block_with_neighbours()
    neighbours = list(block.neighbours.all())
    for i, where in enumerate([block, block, neighbours[0], neighbours[1]]):
        make_member(where, f"+1215555020{i}", language="es" if i % 2 else "en")
    incident = services.submit_report(services.NewReport(channel="web", block=block)).incident
    services.change_state(incident, Incident.State.CONFIRMED, actor=user)
    alert = alerts.draft_alert(incident, actor=user, template="agents_present")
    age_second_factor(31)

    page.goto(f"{live_server.url}/admin/hotline/alerts/{alert.pk}/")
    page.get_by_role("button", name="Send to 4 people").click()
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/\?step_up=1"))
    assert "confirm it is you" in page.content()
    assert Alert.objects.get(pk=alert.pk).status == Alert.Status.DRAFT

    device = TOTPDevice.objects.get(user=user)
    # A new time step, so the code is not the one already used to sign in.
    time.sleep(max(0, 30 - time.time() % 30) + 0.5)
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/admin/hotline/alerts/{alert.pk}/")
    page.get_by_role("button", name="Send to 4 people").click()
    page.wait_for_url(f"{live_server.url}/admin/hotline/alerts/{alert.pk}/")
    assert Alert.objects.get(pk=alert.pk).status != Alert.Status.DRAFT
