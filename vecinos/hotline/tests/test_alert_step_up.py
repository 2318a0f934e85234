"""An alert to a large audience needs the dispatcher's second factor proved in the last minutes."""

import time

import pytest
from django_otp.oath import totp

from vecinos.accounts.stepup import VERIFIED_AT_SESSION_KEY
from vecinos.accounts.testing import sign_in_verified
from vecinos.hotline import services
from vecinos.hotline.models import Alert, Incident
from vecinos.hotline.services import alerts

from .conftest import block_with_neighbours, make_member

pytestmark = pytest.mark.django_db

VERIFY = "/admin/two-factor/verify/"


@pytest.fixture
def draft(city, dispatcher_user):
    block = block_with_neighbours()
    neighbours = list(block.neighbours.all())
    for i, where in enumerate([block, block, neighbours[0], neighbours[1]]):
        make_member(where, f"+1215555020{i}", language="es" if i % 2 else "en")
    incident = services.submit_report(services.NewReport(channel="web", block=block)).incident
    services.change_state(incident, Incident.State.CONFIRMED, actor=dispatcher_user)
    alert = alerts.draft_alert(incident, actor=dispatcher_user, template="agents_present")
    assert alerts.preview_alert(alert).total == 4
    return alert


def verified_minutes_ago(client, user, minutes):
    device = sign_in_verified(client, user)
    session = client.session
    session[VERIFIED_AT_SESSION_KEY] = int(time.time()) - minutes * 60
    session.save()
    return device


def send(client, alert):
    return client.post(f"/admin/hotline/alerts/{alert.pk}/send/")


def status(alert):
    return Alert.objects.get(pk=alert.pk).status


def test_a_fresh_second_factor_sends_at_once(client, settings, draft, dispatcher_user):
    settings.VECINOS_ALERT_STEP_UP_AUDIENCE = 3
    verified_minutes_ago(client, dispatcher_user, 29)
    response = send(client, draft)
    assert response["Location"] == f"/admin/hotline/alerts/{draft.pk}/"
    assert status(draft) == "sending"


def test_a_stale_second_factor_is_asked_again_then_the_alert_goes(
    client, settings, draft, dispatcher_user
):
    settings.VECINOS_ALERT_STEP_UP_AUDIENCE = 3
    device = verified_minutes_ago(client, dispatcher_user, 31)
    response = send(client, draft)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY + "?step_up=1&next=")
    assert status(draft) == "draft"

    page = client.get(response["Location"]).content.decode()
    assert "confirm it is you" in page
    code = f"{totp(device.bin_key):06d}"
    back = client.post(
        VERIFY,
        {"code": code, "step_up": "1", "next": f"/admin/hotline/alerts/{draft.pk}/"},
    )
    assert back["Location"] == f"/admin/hotline/alerts/{draft.pk}/"
    send(client, draft)
    assert status(draft) == "sending"


def test_a_small_audience_needs_no_step_up(client, settings, draft, dispatcher_user):
    settings.VECINOS_ALERT_STEP_UP_AUDIENCE = 4
    verified_minutes_ago(client, dispatcher_user, 120)
    send(client, draft)
    assert status(draft) == "sending"


def test_the_window_is_a_setting(client, settings, draft, dispatcher_user):
    settings.VECINOS_ALERT_STEP_UP_AUDIENCE = 0
    settings.VECINOS_STEP_UP_MINUTES = 5
    verified_minutes_ago(client, dispatcher_user, 10)
    assert send(client, draft)["Location"].startswith(VERIFY)
    assert status(draft) == "draft"
