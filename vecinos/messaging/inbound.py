"""One incoming text, from Twilio's webhook to its answer. Read it top to bottom:

1. verify: the webhook answers 403 unless Twilio signed the request (webhooks.py);
2. deduplicate: the text is stored once per provider id, so a retried webhook does nothing;
3. opt-out keywords: STOP/ALTO, START/INICIO, HELP/AYUDA, LANGUAGE/IDIOMA and DELETE/BORRAR
   are messaging's own and always win (keywords.py);
4. the open conversation: a number in the middle of a flow gets that flow's next step;
5. the app keywords: a first word that starts a flow (JOIN/UNIRME in zones/flows.py,
   REPORTAR in hotline/flows.py, TALLER in workshops/flows.py) opens a conversation with it;
6. the bilingual menu: anything else gets a short list of those words in both languages.

Every write (the inbound row, opt-outs, conversation state, queued replies) commits together,
so a failure leaves nothing half-done and the provider's retry redoes it. Replies go through
the outbox (queue_message), never as TwiML, so they are recorded, paced and retried like any
message; each is keyed by the inbound message's provider id, so a retried webhook answers once.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.http import HttpResponseBadRequest

from vecinos.privacy.blind_index import InvalidPhoneNumber, normalize_phone, phone_index

from . import conversations
from .conversations import InboundText, Reply, normalize_text
from .keywords import handle_keyword, known_language, parse_keyword, send_reply
from .models import Channel, Conversation, InboundMessage
from .webhooks import EMPTY_TWIML, signed_by_twilio, xml_response


# 1. Verify.
@signed_by_twilio
def sms_webhook(request):
    sid = request.POST.get("MessageSid") or request.POST.get("SmsSid")
    if not sid:
        return HttpResponseBadRequest()
    handle_inbound_sms(request.POST.get("From", ""), request.POST.get("Body", ""), sid)
    return xml_response(EMPTY_TWIML)


# 2. Deduplicate.
def handle_inbound_sms(from_address: str, body: str, provider_id: str) -> InboundMessage | None:
    """Store an inbound text once and act on it; return None for a repeat of one already seen."""
    body = body or ""
    try:
        address = normalize_phone(from_address)
        index = phone_index(address)
    except InvalidPhoneNumber:
        # A short code or an alphanumeric sender: nothing can be sent back to it.
        address, index = (from_address or "").strip(), None
    with transaction.atomic():
        inbound = InboundMessage(
            channel=Channel.SMS,
            from_address=address,
            from_index=index,
            body=body,
            provider_id=provider_id,
        )
        try:
            with transaction.atomic():
                inbound.save(force_insert=True)
        except IntegrityError:
            return None
        handled_by = "unreadable" if index is None else route(address, body, provider_id)
        # The row may be gone already (DELETE YES erases it), so update rather than save.
        InboundMessage.objects.filter(pk=inbound.pk).update(handled_by=handled_by)
        inbound.handled_by = handled_by
    return inbound


def route(address: str, body: str, provider_id: str) -> str:
    """Act on one stored text; return what handled it (a keyword, a flow's name, "menu")."""
    # 3. Opt-out keywords, and messaging's other words, before anything else.
    keyword = parse_keyword(body)
    if keyword is not None:
        return handle_keyword(address, keyword, provider_id)

    # 4. The open conversation.
    words = tuple(normalize_text(body).split())
    conversation = conversations.active_conversation(address)
    if conversation is not None:
        flow = conversations.get_flow(conversation.flow)
        if flow is not None:
            message = InboundText(address, body, words, provider_id, conversation.language)
            _run_flow(flow, conversation, message)
            return flow.name
        # Its flow is no longer registered (an app was switched off): start afresh.
        conversations.end_conversation(conversation)

    # 5. The app keywords: the first word starts a flow.
    flow = conversations.flow_for_starter(words[0]) if words else None
    if flow is not None:
        language = flow.starters[words[0]] or known_language(address) or "en"
        conversation = conversations.start_conversation(address, flow.name, language=language)
        message = InboundText(address, body, words, provider_id, flow.starters[words[0]])
        _run_flow(flow, conversation, message)
        return flow.name

    # 6. The bilingual menu.
    send_reply(
        address, "messaging/sms/menu.txt", menu_context(), known_language(address), provider_id
    )
    return "menu"


def reroute(message: InboundText) -> str:
    """Handle a text again as a new one, for a flow that ended because the text was not an
    answer to its question (a reminder's "1 or 2" answered with a keyword or a report).

    The flow must end its conversation first; return what handled the text.
    """
    return route(message.address, message.body, message.provider_id)


def menu_context() -> dict:
    """The words that start a flow, in English and in Spanish, for the menu."""
    english, spanish = [], []
    for flow in conversations.registered_flows():
        for word, language in flow.starters.items():
            if language in (None, "en"):
                english.append(word.upper())
            if language in (None, "es"):
                spanish.append(word.upper())
    return {"starters_en": ", ".join(english), "starters_es": ", ".join(spanish)}


def _run_flow(flow, conversation: Conversation, message: InboundText) -> None:
    reply = flow.handler(conversation, message)
    language = conversation.language
    if conversation.pk is not None:
        conversations.touch(conversation)
    if reply is not None:
        _send_flow_reply(message.address, reply, reply.language or language, message.provider_id)


def _send_flow_reply(address: str, reply: Reply, language: str | None, provider_id: str):
    from .services import queue_message

    return queue_message(
        channel=Channel.SMS,
        to=address,
        language=language or "en",
        template=reply.template,
        context=reply.context,
        body=reply.body,
        purpose="reply",
        dedupe_key=f"reply:{provider_id}",
    )
