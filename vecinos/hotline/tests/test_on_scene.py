"""A responder says by text that they are on scene (3) and that they left (4): on the
incident's timeline, in its responder list and in its response times."""

from vecinos.hotline import services
from vecinos.hotline.figures import response_times
from vecinos.hotline.models import VerificationRequest
from vecinos.hotline.services import verification
from vecinos.messaging.tests.inbound import last_reply, text
from vecinos.zones.models import Member

from .conftest import block_with_neighbours, make_member

PHONE = "+12155550101"


def _going(dispatcher_user, language="es"):
    block = block_with_neighbours()
    member = make_member(block, PHONE, role=Member.Role.RESPONDER, language=language)
    incident = services.submit_report(services.NewReport(channel="web", block=block)).incident
    verification.ask_responders(incident, actor=dispatcher_user)
    text("1 5", phone=PHONE)
    return incident, VerificationRequest.objects.get(member=member)


def test_on_scene_then_findings_then_left(city, dispatcher_user):
    incident, request = _going(dispatcher_user, language="en")
    assert "Text 3 when you get there" in last_reply(PHONE).body

    text("3", phone=PHONE)
    request.refresh_from_db()
    assert request.status == "on_scene" and request.arrived_at is not None
    assert "the dispatcher knows you are there" in last_reply(PHONE).body

    # What they see next is a finding, and they stay on scene.
    text("3 agents at the door of the laundromat", phone=PHONE)
    request.refresh_from_db()
    assert request.status == "on_scene"
    assert request.finding == "3 agents at the door of the laundromat"

    text("4", phone=PHONE)
    request.refresh_from_db()
    assert request.status == "left" and request.left_at >= request.arrived_at
    kinds = list(incident.timeline.values_list("kind", flat=True))
    assert kinds.index("verification.on_scene") < kinds.index("verification.left")

    incident.refresh_from_db()
    figures = response_times(incident)
    assert figures["moments"]["on_scene"] == request.arrived_at
    assert figures["to_on_scene"] is not None and figures["to_on_scene"] >= figures["to_accepted"]
    assert figures["on_scene_for"] == request.left_at - request.arrived_at


def test_spanish_words_work_too(city, dispatcher_user):
    _incident, request = _going(dispatcher_user)
    text("Llegué", phone=PHONE)
    request.refresh_from_db()
    assert request.status == "on_scene"
    text("Salí", phone=PHONE)
    request.refresh_from_db()
    assert request.status == "left"
    assert "el despachador sabe que se fue" in last_reply(PHONE).body.lower()


def test_the_console_shows_it(client, city, dispatcher_user):
    from vecinos.accounts.testing import sign_in_verified

    incident, _request = _going(dispatcher_user, language="en")
    text("3", phone=PHONE)
    sign_in_verified(client, dispatcher_user)
    page = client.get(f"/admin/hotline/incidents/{incident.pk}/live/").content.decode()
    assert "On scene" in page and "A responder is on scene" in page
    assert "Report to first responder on scene" in page
