"""Workshops by text message: TALLER or WORKSHOP, and the answer to a reminder.

TALLER (Spanish) or WORKSHOP (English) answers with a numbered list of the next workshops;
the person replies with a number, a name or nickname (skipped for a zone member, whose name
we hold) and how many people of the family will come. The confirmation then comes from
services.register_for_workshop, like a registration on the web.

A reminder opens a short conversation (services._send_reminder) so that its reply reaches
the registration it was about: "2" frees the seat, "1" says they are coming. Anything else
ends that conversation and is handled as if it had never been open, so a JOIN or a hotline
report sent the day before a workshop is not swallowed by it.
"""

from __future__ import annotations

from django.utils import timezone

from vecinos.messaging import conversations, signups
from vecinos.messaging.conversations import InboundText, Reply
from vecinos.messaging.models import Conversation
from vecinos.messaging.rendering import render_sms
from vecinos.zones import services as zones

from . import services
from .models import Registration, Workshop

REGISTER_FLOW = "trainings.register"
# One word per language: every starter is listed in the HELP menu, which must stay short.
STARTERS = {"es": ["TALLER"], "en": ["WORKSHOP"]}
LIST_LENGTH = 4
# Characters of a title in the list, so that four of them fit in two text segments.
TITLE_CHARS = 28


def _reply(conversation: Conversation, name: str, **context) -> Reply:
    """Render an answer in the conversation's language, accents dropped.

    Without accents a Spanish answer stays in GSM-7: 160 characters a segment instead of 70,
    which matters for the list of workshops.
    """
    body = render_sms(f"workshops/sms/{name}.txt", context, conversation.language)
    return Reply(body=body)


def _choices(workshops: list[Workshop], language: str) -> str:
    lines = []
    for number, workshop in enumerate(workshops, start=1):
        title = workshop.title(language)
        if len(title) > TITLE_CHARS:
            title = title[: TITLE_CHARS - 1].rstrip() + "…"
        start = timezone.localtime(workshop.starts_at)
        lines.append(f"{number}) {start:%m/%d %H:%M} {title}")
    return "\n".join(lines)


def _number(message: InboundText, top: int) -> int | None:
    if not message.words or not message.words[0].isdigit():
        return None
    value = int(message.words[0])
    return value if 1 <= value <= top else None


def registration_flow(conversation: Conversation, message: InboundText) -> Reply | None:
    """Walk a person from the list of workshops to a registration, one text at a time."""
    state = conversations.load_state(conversation)
    language = conversation.language
    step = state.get("step")

    if step is None:
        workshops = [w for w in Workshop.objects.upcoming()[:LIST_LENGTH]]
        if not workshops:
            conversations.end_conversation(conversation)
            return _reply(conversation, "none_upcoming")
        state = {"step": "choose", "ids": [w.pk for w in workshops]}
        conversations.save_state(conversation, state)
        return _reply(conversation, "list", choices=_choices(workshops, language))

    if step == "choose":
        chosen = _number(message, len(state["ids"]))
        workshop = Workshop.objects.filter(pk=state["ids"][chosen - 1]).first() if chosen else None
        if workshop is None:
            workshops = list(Workshop.objects.filter(pk__in=state["ids"]).order_by("starts_at"))
            return _reply(conversation, "list", choices=_choices(workshops, language), again=True)
        state.update(step="name", workshop=workshop.pk)
        member = zones.find_member(phone=message.address)
        if member is not None and member.status != member.Status.STOPPED:
            state.update(step="family", name=member.name)
            conversations.save_state(conversation, state)
            return _reply(conversation, "ask_family")
        conversations.save_state(conversation, state)
        return _reply(conversation, "ask_name")

    if step == "name":
        name = " ".join(message.body.split())[:100]
        if not any(ch.isalnum() for ch in name):
            return _reply(conversation, "ask_name")
        state.update(step="family", name=name)
        conversations.save_state(conversation, state)
        return _reply(conversation, "ask_family")

    # step == "family"
    family = _number(message, services.MAX_FAMILY)
    if family is None:
        return _reply(conversation, "ask_family", again=True)
    conversations.end_conversation(conversation)
    workshop = Workshop.objects.filter(pk=state.get("workshop")).first()
    if workshop is None:
        return _reply(conversation, "closed")
    try:
        services.register_for_workshop(
            workshop,
            services.Registrant(
                name=state["name"], language=language, phone=message.address, family_size=family
            ),
            source=Registration.Source.SMS,
        )
    except services.RegistrationClosed:
        return _reply(conversation, "closed")
    except services.WorkshopFull:
        return _reply(conversation, "full")
    # The confirmation (or waitlist notice) was queued by the service.
    return None


def reminder_flow(conversation: Conversation, message: InboundText) -> Reply | None:
    """Act on the answer to a reminder: 2 frees the seat, 1 says they are coming."""
    from vecinos.messaging import inbound

    state = conversations.load_state(conversation)
    registration = Registration.objects.filter(pk=state.get("registration")).first()
    answer = signups.answer_of(message.words)
    conversations.end_conversation(conversation)
    if registration is None:
        return _reply(conversation, "closed")
    if answer == signups.NO:
        if registration.workshop.starts_at <= timezone.now():
            return _reply(conversation, "closed")
        # The service tells the person their seat is freed, and tells whoever gets it.
        services.cancel_registration(registration)
        return None
    if answer == signups.YES:
        return _reply(conversation, "coming")
    # Not an answer to the reminder: handle the text as if no conversation had been open.
    inbound.reroute(message)
    return None


conversations.register_flow(REGISTER_FLOW, STARTERS, registration_flow)
conversations.register_flow(services.REMINDER_FLOW, [], reminder_flow, passive=True)
