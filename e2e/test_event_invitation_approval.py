"""One organizer asks to invite more people than the approval threshold to a march; a second
organizer, typing a fresh code from her authenticator app, approves it and sees it sent. Or
the one who asked thinks better of it and withdraws the request before anyone approves it.

Tasks run at once in the test settings, so the approval's background send has finished by the
time the event's screen is shown again.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from vecinos.coalition.models import EventInvitation
from vecinos.coalition.testing import audience_above_threshold, make_event
from vecinos.content.testing import make_homes
from vecinos.messaging.models import OutboundMessage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long enough browser password"


@pytest.fixture
def neighbours(settings):
    with audience_above_threshold(settings, "test_neighbours", "Test neighbours") as people:
        yield people


def organizer(username):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    user.groups.add(Group.objects.get(name="organizer"))
    return user, TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def code(device, steps_ahead=0):
    value = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead
    )
    return f"{value:06d}"


def sign_in(browser, base, username, device):
    page = browser.new_context(locale="en-US").new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    page.get_by_label("Code").fill(code(device))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{base}/admin/")
    return page


def ask_to_invite_the_neighbours(page, screen):
    page.goto(screen)
    page.get_by_label("Who").select_option(label="Test neighbours")
    # The form posts elsewhere and is sent back here: wait for that page, not the one shown.
    with page.expect_navigation(url=screen):
        page.get_by_role("button", name="Send invitations").click()


def test_one_organizer_asks_and_another_approves_a_large_invitation(
    live_server, browser, neighbours, settings
):
    settings.PUBLIC_URL = live_server.url
    event = make_event(make_homes())["en"]
    _asker, asker_device = organizer("orla")
    _approver, approver_device = organizer("bea")
    screen = f"{live_server.url}/admin/coalition/events/{event.pk}/"

    asker = sign_in(browser, live_server.url, "orla", asker_device)
    ask_to_invite_the_neighbours(asker, screen)
    status = asker.get_by_test_id("invitation-status")
    assert status.inner_text() == "Awaiting approval"
    assert asker.get_by_role("button", name="Approve").count() == 0
    assert OutboundMessage.objects.count() == 0

    approver = sign_in(browser, live_server.url, "bea", approver_device)
    approver.goto(screen)
    # The code typed at sign-in is spent; the app's next one is accepted.
    approver.get_by_label("Code from your authenticator app").fill(code(approver_device, 1))
    with approver.expect_navigation(url=screen):
        approver.get_by_role("button", name="Approve").click()
    assert approver.get_by_test_id("invitation-status").inner_text() == "Sent · bea"
    assert approver.get_by_test_id("event-invitations").locator("tbody td").nth(2).inner_text() == (
        "3 invited"
    )

    asker.reload()
    assert status.inner_text() == "Sent · bea"
    invitation = EventInvitation.objects.get()
    assert (invitation.status, invitation.queued) == ("sent", 3)
    assert sorted(m.to_address for m in OutboundMessage.objects.all()) == [
        person.address for person in neighbours
    ]


def test_the_organizer_who_asked_withdraws_the_request(live_server, browser, neighbours):
    event = make_event(make_homes())["en"]
    _asker, asker_device = organizer("orla")
    screen = f"{live_server.url}/admin/coalition/events/{event.pk}/"

    asker = sign_in(browser, live_server.url, "orla", asker_device)
    ask_to_invite_the_neighbours(asker, screen)
    # On a phone the invitations' table scrolls sideways in its own box, so its last column,
    # where the button is, can be brought into view instead of being cut off.
    asker.set_viewport_size({"width": 360, "height": 740})
    withdraw = asker.get_by_role("button", name="Withdraw")
    withdraw.scroll_into_view_if_needed()
    box = withdraw.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= 360
    with asker.expect_navigation(url=screen):
        withdraw.click()
    assert "Withdrawn: nobody is invited." in asker.get_by_role("status").all_inner_texts()[0]
    assert asker.get_by_test_id("invitation-status").inner_text() == "Withdrawn · orla"
    assert asker.get_by_role("button", name="Withdraw").count() == 0
    assert EventInvitation.objects.get().status == "withdrawn"
    assert OutboundMessage.objects.count() == 0
