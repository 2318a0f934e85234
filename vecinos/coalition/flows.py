"""Coalition by text message: FIRMA or SIGN and a petition's code, and answers to event
invitations and reminders (1 yes, 2 no, 3 maybe).

"FIRMA PARS" (Spanish) or "SIGN PARS" (English) finds the open petition with that code and
asks for a first name and city to show, which the person may skip with 0; then it signs.
The text came from the phone, which is the confirmation, so the signature counts at once
(services.petitions.sign_petition with source "sms"). A word without a known code gets the
list of open petitions' codes.
"""

from __future__ import annotations

from vecinos.messaging import conversations
from vecinos.messaging.conversations import InboundText, Reply
from vecinos.messaging.models import Conversation
from vecinos.messaging.rendering import render_sms

from .models import EventPage, PetitionPage, PetitionSignature, Rsvp
from .services import petitions

PETITION_FLOW = "coalition.petition"
# Same name as services.events.RSVP_FLOW, which opens these conversations.
RSVP_FLOW = "coalition.rsvp"
STARTERS = {"es": ["FIRMA"], "en": ["SIGN"]}
SKIP_WORDS = {"0", "no", "n"}
LIST_LENGTH = 3


def _reply(conversation: Conversation, name: str, **context) -> Reply:
    # Accents dropped: a Spanish answer stays in 160-character segments.
    body = render_sms(f"coalition/sms/{name}.txt", context, conversation.language)
    return Reply(body=body)


def _open_codes() -> str:
    codes = []
    for page in PetitionPage.objects.live().order_by("-first_published_at"):
        if page.is_open and page.short_code.upper() not in codes:
            codes.append(page.short_code.upper())
    return ", ".join(codes[:LIST_LENGTH])


def _title(petition: PetitionPage, language: str) -> str:
    page = petitions.petition_in_language(petition.translation_key, language) or petition
    return page.title[:60]


def petition_flow(conversation: Conversation, message: InboundText) -> Reply | None:
    """Sign a petition by text in two messages: the code, then a name or 0."""
    state = conversations.load_state(conversation)
    language = conversation.language
    if state.get("step") is None:
        petition = petitions.petition_for_code(" ".join(message.words[1:2]))
        if petition is None:
            conversations.end_conversation(conversation)
            codes = _open_codes()
            return _reply(
                conversation, "petition_unknown" if codes else "petition_none", codes=codes
            )
        conversations.save_state(conversation, {"step": "name", "petition": petition.pk})
        return _reply(conversation, "petition_ask_name", title=_title(petition, language))

    conversations.end_conversation(conversation)
    petition = PetitionPage.objects.live().filter(pk=state.get("petition")).first()
    if petition is None or not petition.is_open:
        return _reply(conversation, "petition_closed")
    first_name, city = "", ""
    if not (message.words and message.words[0] in SKIP_WORDS and len(message.words) == 1):
        name, _comma, rest = " ".join(message.body.split()).partition(",")
        first_name, city = name.strip()[:60], rest.strip()[:80]
    petitions.sign_petition(
        petition,
        petitions.PetitionSigner(
            language=language,
            phone=message.address,
            first_name=first_name,
            city=city,
            show_publicly=bool(first_name),
        ),
        source=PetitionSignature.Source.SMS,
    )
    count = petition.signatures().counted().count()
    return _reply(conversation, "petition_signed", title=_title(petition, language), count=count)


conversations.register_flow(PETITION_FLOW, STARTERS, petition_flow)


def rsvp_reply(conversation: Conversation, message: InboundText) -> Reply | None:
    """Act on the answer to an invitation or a reminder: 1 yes, 2 no, 3 maybe.

    Anything else ends the conversation and is handled as if it had never been open.
    """
    from vecinos.messaging import inbound, signups

    from .services import events

    state = conversations.load_state(conversation)
    answer = signups.answer_of(message.words)
    conversations.end_conversation(conversation)
    if answer is None:
        inbound.reroute(message)
        return None
    event = EventPage.objects.live().filter(pk=state.get("event")).first()
    if event is None or not event.is_open:
        return _reply(conversation, "event_closed")
    events.answer_event(
        event,
        events.Attendee(language=conversation.language, phone=message.address),
        answer,
        source=Rsvp.Source.SMS,
        repeat_changes=True,
    )
    # The service's confirmation (coming, waitlisted, not coming) is the reply.
    return None


conversations.register_flow(RSVP_FLOW, [], rsvp_reply, passive=True)
