"""Verification: trained responders nearby are asked to go and look before anyone is alerted.

The dispatcher asks the nearest available responders, ring by ring out from the incident's
block (geo.rings counts blocks, which follows streets better than straight lines). Each one
gets a text, "reply 1 if you can go, 2 if you can't", and a conversation opens with their
number, so their answers (and, once going, what they see) come back to this incident. When
nobody has said yes within VECINOS_HOTLINE_VERIFY_MINUTES, the next ring is asked (tasks.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vecinos.messaging import conversations
from vecinos.messaging.conversations import InboundText, Reply
from vecinos.messaging.models import Conversation
from vecinos.messaging.services import InvalidAddress
from vecinos.zones import geo
from vecinos.zones.models import Member

from ..audit import AuditCode
from ..models import Incident, VerificationRequest
from .base import HotlineError, add_timeline, record_event

VERIFY_FLOW = "rapidresponse.verify"
# A responder's conversation stays open this long: going there and looking takes time.
VERIFY_IDLE = timedelta(hours=2)
DEFAULT_ASK = 3
# How far out (in blocks) responders are looked for before giving up.
MAX_RING = 4
GOING_WORDS = {"1", "si", "yes", "voy", "going"}
DECLINE_WORDS = {"2", "no"}
# Once going, a text of just one of these says where the responder is.
ON_SCENE_WORDS = {"3", "here", "there", "aqui", "llegue", "estoy"}
LEFT_WORDS = {"4", "left", "gone", "sali", "me fui", "fuera"}
# The states in which a responder's texts are what they see.
AFTER_GOING = (
    VerificationRequest.Status.GOING,
    VerificationRequest.Status.ON_SCENE,
    VerificationRequest.Status.LEFT,
    VerificationRequest.Status.REPORTED,
)


def verify_minutes() -> int:
    return settings.VECINOS_HOTLINE_VERIFY_MINUTES


def _availability_score(member: Member, moment: datetime, language: str) -> tuple:
    local = timezone.localtime(moment)
    available_now = member.available_mornings if local.hour < 14 else member.available_evenings
    speaks = language == member.language or language in member.languages_spoken.split(",")
    # Sorted ascending: available now first, then those who speak the reporters' language
    # (they may have to talk to the family), then those with a car.
    return (not available_now, not speaks, not member.has_car)


def candidates(incident: Incident, *, count: int, start_ring: int = 0) -> list[tuple[int, Member]]:
    """Return up to `count` (ring, responder) pairs not yet asked, nearest ring first."""
    if incident.block is None:
        return []
    asked = set(incident.verifications.values_list("member_id", flat=True))
    now = timezone.now()
    first = incident.reports.order_by("received_at").values_list("language", flat=True).first()
    chosen: list[tuple[int, Member]] = []
    for ring, block_ids in enumerate(geo.rings(incident.block, MAX_RING)):
        if ring < start_ring:
            continue
        members = [
            member
            for member in Member.objects.responders().filter(block_id__in=block_ids)
            if member.pk not in asked and member.phone
        ]
        members.sort(key=lambda member: _availability_score(member, now, first or "es"))
        chosen.extend((ring, member) for member in members[: count - len(chosen)])
        if len(chosen) >= count:
            break
    return chosen


@transaction.atomic
def ask_responders(incident: Incident, *, actor, count: int = DEFAULT_ASK) -> list:
    """Ask the nearest responders not asked yet to go and verify; return the requests made.

    Raise HotlineError when the incident has no block or nobody is left to ask.
    """
    if incident.block is None:
        raise HotlineError(_("Place the incident on a block first."))
    last = incident.verifications.order_by("-ring").values_list("ring", flat=True).first()
    start = 0 if last is None else last
    chosen = candidates(incident, count=count, start_ring=start)
    if not chosen:
        raise HotlineError(_("There are no more trained responders nearby to ask."))
    made = []
    for ring, member in chosen:
        request = VerificationRequest.objects.create(incident=incident, member=member, ring=ring)
        try:
            conversations.text_and_wait(
                member.phone,
                "hotline/verify_ask",
                context={
                    "reference": incident.reference,
                    "block": incident.place,
                },
                language=member.language,
                purpose="hotline_verify",
                dedupe_key=f"hotline:verify:{request.pk}",
                flow=VERIFY_FLOW,
                state={"request": str(request.pk)},
                idle=VERIFY_IDLE,
                wait_if_not_sent=True,
            )
        except InvalidAddress:
            request.delete()
            continue
        made.append(request)
    if incident.state == Incident.State.NEW:
        incident.state = Incident.State.VERIFYING
        incident.save(update_fields=["state"])
        add_timeline(incident, "state.verifying", actor=actor)
    record_event(
        incident,
        "verification.asked",
        actor=actor,
        action=AuditCode.VERIFICATION_REQUESTED,
        audit_detail={"count": len(made)},
        count=len(made),
        ring=max(r for r, _ in chosen),
    )
    return made


def escalate_verifications(now: datetime | None = None) -> int:
    """Ask the next ring for each incident where nobody said yes in time; return how many."""
    now = now or timezone.now()
    deadline = now - timedelta(minutes=verify_minutes())
    escalated = 0
    verifying = Incident.objects.open().filter(state=Incident.State.VERIFYING)
    for incident in verifying:
        requests = list(incident.verifications.all())
        if not requests or any(r.status in AFTER_GOING for r in requests):
            continue
        waiting = [r for r in requests if r.status == VerificationRequest.Status.ASKED]
        # Nobody still waiting for: this ring was escalated already, or everyone answered no
        # (the dispatcher decides what next); either way, nothing to do each minute.
        if not waiting or max(r.asked_at for r in waiting) > deadline:
            continue
        with transaction.atomic():
            VerificationRequest.objects.filter(
                incident=incident, status=VerificationRequest.Status.ASKED
            ).update(status=VerificationRequest.Status.EXPIRED)
            try:
                ask_responders(incident, actor="system")
            except HotlineError:
                add_timeline(incident, "verification.nobody_left")
                continue
        escalated += 1
    return escalated


def _ask_next_ring_if_everyone_declined(incident: Incident) -> None:
    # Waiting out the timer would only lose minutes when every answer is already "can't".
    still_possible = incident.verifications.exclude(
        status__in=[VerificationRequest.Status.DECLINED, VerificationRequest.Status.EXPIRED]
    )
    if incident.state == Incident.State.VERIFYING and not still_possible.exists():
        try:
            ask_responders(incident, actor="system")
        except HotlineError:
            add_timeline(incident, "verification.nobody_left")


def _eta(words: tuple[str, ...]) -> int | None:
    for word in words[1:]:
        if word.isdigit() and 0 < int(word) < 600:
            return int(word)
    return None


def verify_flow(conversation: Conversation, message: InboundText) -> Reply | None:
    """Handle a responder's texts: 1 = going (optionally with minutes), 2 = can't, then findings."""
    state = conversations.load_state(conversation)
    request = (
        VerificationRequest.objects.select_related("incident")
        .filter(pk=state.get("request"))
        .first()
    )
    if request is None:
        conversations.end_conversation(conversation)
        return None
    incident = request.incident
    first = message.words[0] if message.words else ""
    now = timezone.now()
    with transaction.atomic():
        if request.status in (VerificationRequest.Status.ASKED, VerificationRequest.Status.EXPIRED):
            if first in GOING_WORDS:
                request.status = VerificationRequest.Status.GOING
                request.answered_at = now
                request.eta_minutes = _eta(message.words)
                request.save(update_fields=["status", "answered_at", "eta_minutes"])
                if incident.first_accepted_at is None:
                    incident.first_accepted_at = now
                    incident.save(update_fields=["first_accepted_at"])
                add_timeline(
                    incident,
                    "verification.going",
                    request=str(request.pk),
                    eta=request.eta_minutes,
                )
                return Reply(template="hotline/verify_going")
            if first in DECLINE_WORDS:
                request.status = VerificationRequest.Status.DECLINED
                request.answered_at = now
                request.save(update_fields=["status", "answered_at"])
                add_timeline(incident, "verification.declined", request=str(request.pk))
                conversations.end_conversation(conversation)
                _ask_next_ring_if_everyone_declined(incident)
                return Reply(template="hotline/verify_declined")
            return Reply(template="hotline/verify_ask_again")
        if request.status in AFTER_GOING:
            words = " ".join(message.words)
            if words in ON_SCENE_WORDS and request.arrived_at is None:
                return _arrived(request, now)
            if words in LEFT_WORDS and request.left_at is None:
                return _left(request, now, conversation)
            text = message.body.strip()
            request.finding = f"{request.finding}\n{text}".strip() if request.finding else text
            if request.status == VerificationRequest.Status.GOING:
                request.status = VerificationRequest.Status.REPORTED
            request.reported_at = now
            request.save(update_fields=["finding", "status", "reported_at"])
            add_timeline(incident, "verification.reported", request=str(request.pk), note=text)
            return Reply(template="hotline/verify_thanks")
    conversations.end_conversation(conversation)
    return None


def _arrived(request: VerificationRequest, now: datetime) -> Reply:
    request.status = VerificationRequest.Status.ON_SCENE
    request.arrived_at = now
    request.save(update_fields=["status", "arrived_at"])
    add_timeline(request.incident, "verification.on_scene", request=str(request.pk))
    return Reply(template="hotline/verify_on_scene")


def _left(request: VerificationRequest, now: datetime, conversation: Conversation) -> Reply:
    request.status = VerificationRequest.Status.LEFT
    request.left_at = now
    request.save(update_fields=["status", "left_at"])
    add_timeline(request.incident, "verification.left", request=str(request.pk))
    conversations.end_conversation(conversation)
    return Reply(template="hotline/verify_left")
