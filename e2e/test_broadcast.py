"""An organizer sends a bilingual call to a hearing to three people and watches it go out.

The task queue is held back (a backend that only records tasks) so the progress page is seen
while the messages wait; the test then runs the outbox worker inline, as `db_worker` would,
and the page's counts reach "Sent" by themselves, without a reload.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from vecinos.broadcasts import segments
from vecinos.broadcasts.models import Broadcast
from vecinos.broadcasts.segments import Recipient
from vecinos.messaging import outbox
from vecinos.messaging.channels import locmem

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long enough browser password"
ENGLISH = "Council hearing on rent, Thursday 10am, City Hall room 400. Come and speak!"
SPANISH = "Audiencia pública del Concejo sobre alquileres, jueves 10am, sala 400. ¡Venga a hablar!"
# As it is sent: á, í, ó, ú lose their accent in every text (vecinos.messaging.rendering.sms_text).
SPANISH_SENT = SPANISH.replace("ú", "u")
NEIGHBOURS = [
    Recipient("person:1", "sms", "+12155550101", "es"),
    Recipient("person:2", "sms", "+12155550102", "en"),
    Recipient("person:3", "sms", "+12155550103", "es"),
    # Reachable only by e-mail: not part of a text-message broadcast.
    Recipient("person:4", "email", "four@example.org", "en"),
]


@pytest.fixture
def neighbours():
    segments.register_segment("test_neighbours", "Test neighbours", lambda params: NEIGHBOURS)
    locmem.reset()
    yield NEIGHBOURS
    segments.unregister_segment("test_neighbours")
    locmem.reset()


@pytest.fixture
def held_back_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_organizer_sends_a_bilingual_broadcast_and_watches_it_go_out(
    live_server, page, neighbours, held_back_tasks
):
    user = get_user_model().objects.create_user(username="orla", password=PASSWORD)
    user.groups.add(Group.objects.get(name="organizer"))
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and csp_violations.append(message.text)
        ),
    )

    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("orla")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/broadcasts/")
    page.get_by_role("link", name="New broadcast").click()
    page.get_by_label("Title").fill("Rent hearing")
    page.get_by_label("Audience").select_option(label="Test neighbours")
    page.get_by_label("Text in English").fill(ENGLISH)
    spanish_box = page.get_by_label("Text in Spanish")
    spanish_box.fill(SPANISH)
    # The live counter has already counted the Spanish text as it will be sent: without the
    # accent GSM-7 lacks, in one segment.
    counter = page.locator("#id_body_es-segments")
    assert counter.inner_text() == f"{len(SPANISH)} characters · 1 segment · GSM-7"
    page.get_by_role("button", name="Save and preview").click()

    page.wait_for_url(re.compile(r"/admin/broadcasts/\d+/$"))
    counts = page.get_by_test_id("broadcast-counts")
    assert counts.locator("tbody tr").all_inner_texts() == [
        "English\t1\t75 characters · 1 segment · GSM-7\t1",
        f"Spanish\t2\t{len(SPANISH)} characters · 1 segment · GSM-7\t2",
    ]
    assert page.get_by_test_id("broadcast-total").inner_text() == "3"
    page.get_by_role("button", name="Send to 3 people").click()

    page.wait_for_url(re.compile(r"/admin/broadcasts/\d+/progress/$"))
    progress = page.get_by_test_id("broadcast-progress")
    assert progress.locator("tr[data-status=queued] td").inner_text() == "3"
    assert page.get_by_test_id("broadcast-status").inner_text() == "Sending"
    assert locmem.outbox == []

    outbox.deliver_due(100)

    # htmx asks for the counts every two seconds; no reload.
    page.get_by_test_id("broadcast-status").filter(has_text="Sent").wait_for(timeout=10_000)
    assert progress.locator("tr[data-status=sent] td").inner_text() == "3"
    assert progress.locator("tr[data-status=queued] td").inner_text() == "0"

    sent = sorted((message.to, message.language, message.body) for message in locmem.outbox)
    assert sent == [
        ("+12155550101", "es", SPANISH_SENT),
        ("+12155550102", "en", ENGLISH),
        ("+12155550103", "es", SPANISH_SENT),
    ]
    broadcast = Broadcast.objects.get()
    assert (broadcast.status, broadcast.counts["recipients"]) == ("sent", 3)
    assert csp_violations == []
