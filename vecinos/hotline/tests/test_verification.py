"""Asking responders nearby, their answers by text, and the next ring when nobody goes."""

from datetime import timedelta

from django.utils import timezone

from vecinos.hotline import services
from vecinos.hotline.models import Incident, VerificationRequest
from vecinos.hotline.services import verification
from vecinos.messaging.models import Conversation, OutboundMessage
from vecinos.messaging.tests.inbound import text
from vecinos.zones.models import Member

from .conftest import block_with_neighbours, make_member

RESPONDER = Member.Role.RESPONDER


def _incident(block):
    return services.submit_report(services.NewReport(channel="web", block=block)).incident


def _second_ring(block):
    first = set(block.neighbours.values_list("pk", flat=True)) | {block.pk}
    for neighbour in block.neighbours.all():
        for far in neighbour.neighbours.exclude(pk__in=first):
            return far
    raise AssertionError("no block two steps away")


def test_the_nearest_responders_are_asked_by_text(city, dispatcher_user):
    block = block_with_neighbours()
    neighbour = block.neighbours.first()
    here = make_member(
        block, "+12155550101", role=RESPONDER, available_mornings=True, available_evenings=True
    )
    near = make_member(neighbour, "+12155550102", role=RESPONDER, language="en")
    also_near = make_member(neighbour, "+12155550103", role=Member.Role.CAPTAIN)
    make_member(_second_ring(block), "+12155550104", role=RESPONDER)
    make_member(block, "+12155550105")  # not trained: never asked
    incident = _incident(block)

    asked = verification.ask_responders(incident, actor=dispatcher_user)

    assert sorted(r.member_id for r in asked) == sorted([here.pk, near.pk, also_near.pk])
    assert [r.ring for r in asked] == [0, 1, 1]
    incident.refresh_from_db()
    assert incident.state == Incident.State.VERIFYING
    texts = OutboundMessage.objects.filter(purpose="hotline_verify")
    assert sorted(m.to_address for m in texts) == ["+12155550101", "+12155550102", "+12155550103"]
    english = texts.get(language="en")
    assert "Reply 1 = going" in english.body
    assert Conversation.objects.filter(flow=verification.VERIFY_FLOW).count() == 3


def test_a_responder_replies_1_with_minutes_then_reports_back(city, dispatcher_user):
    block = block_with_neighbours()
    member = make_member(block, "+12155550101", role=RESPONDER)
    incident = _incident(block)
    verification.ask_responders(incident, actor=dispatcher_user)

    text("1 10", phone="+12155550101")
    request = VerificationRequest.objects.get(member=member)
    assert (request.status, request.eta_minutes) == ("going", 10)
    incident.refresh_from_db()
    assert incident.first_accepted_at is not None

    text("Veo 2 camionetas de ICE y 4 agentes en la puerta", phone="+12155550101")
    request.refresh_from_db()
    assert request.status == "reported"
    assert request.finding == "Veo 2 camionetas de ICE y 4 agentes en la puerta"
    assert incident.timeline.filter(kind="verification.reported").count() == 1


def test_a_responder_who_cannot_go_replies_2(city, dispatcher_user):
    block = block_with_neighbours()
    member = make_member(block, "+12155550101", role=RESPONDER)
    verification.ask_responders(_incident(block), actor=dispatcher_user)

    text("2", phone="+12155550101")

    assert VerificationRequest.objects.get(member=member).status == "declined"
    assert not Conversation.objects.filter(flow=verification.VERIFY_FLOW).exists()


def test_the_next_ring_is_asked_when_nobody_goes_in_time(city, dispatcher_user, settings):
    settings.VECINOS_HOTLINE_VERIFY_MINUTES = 10
    block = block_with_neighbours()
    make_member(block, "+12155550101", role=RESPONDER)
    far = make_member(_second_ring(block), "+12155550104", role=RESPONDER)
    incident = _incident(block)
    verification.ask_responders(incident, actor=dispatcher_user, count=1)

    assert verification.escalate_verifications() == 0
    VerificationRequest.objects.update(asked_at=timezone.now() - timedelta(minutes=11))
    assert verification.escalate_verifications() == 1

    statuses = dict(incident.verifications.values_list("member_id", "status"))
    assert statuses[far.pk] == "asked"
    assert sorted(statuses.values()) == ["asked", "expired"]


def test_with_nobody_left_to_ask_the_timeline_says_so_once(city, dispatcher_user, settings):
    block = block_with_neighbours()
    make_member(block, "+12155550101", role=RESPONDER)
    incident = _incident(block)
    verification.ask_responders(incident, actor=dispatcher_user)
    VerificationRequest.objects.update(asked_at=timezone.now() - timedelta(minutes=30))

    assert verification.escalate_verifications() == 0
    assert verification.escalate_verifications() == 0
    assert incident.timeline.filter(kind="verification.nobody_left").count() == 1


def test_when_everyone_asked_says_no_the_next_ring_is_asked_at_once(city, dispatcher_user):
    block = block_with_neighbours()
    make_member(block, "+12155550101", role=RESPONDER)
    far = make_member(_second_ring(block), "+12155550104", role=RESPONDER)
    incident = _incident(block)
    verification.ask_responders(incident, actor=dispatcher_user, count=1)

    text("2", phone="+12155550101")

    assert incident.verifications.get(member=far).status == "asked"


def test_available_responders_who_speak_the_reporters_language_are_asked_first(
    city, dispatcher_user
):
    block = block_with_neighbours()
    make_member(block, "+12155550101", role=RESPONDER, language="en")
    speaks = make_member(block, "+12155550102", role=RESPONDER, language="es")
    available = make_member(
        block,
        "+12155550103",
        role=RESPONDER,
        language="en",
        available_mornings=True,
        available_evenings=True,
    )
    incident = services.submit_report(
        services.NewReport(channel="web", language="es", block=block)
    ).incident

    asked = verification.ask_responders(incident, actor=dispatcher_user, count=2)

    assert [r.member_id for r in asked] == [available.pk, speaks.pk]
