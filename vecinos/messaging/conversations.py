"""Multi-step text exchanges: a flow registry and the state of each open conversation.

Other apps register a flow, in their `flows.py`, with the words that start it (zones:
JOIN/UNIRME; the hotline: REPORTAR) and a handler. When a text arrives from a number with an
open conversation, the inbound route passes it to that conversation's handler; otherwise a
text whose first word is a starter opens a new conversation with that flow:

    def join_flow(conversation, message):
        state = load_state(conversation)
        ...
        save_state(conversation, state)
        return Reply(template="zones/sms/join_ask_block.txt", context={...})

    # zones/flows.py
    register_flow("zones.join", ["JOIN", "UNIRME"], join_flow)

A conversation holds its number encrypted and lasts until its handler ends it or it sits idle
past its expiry (30 minutes by default); the "text_conversations" shredder deletes the
expired ones, and lookups ignore them even before that.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from vecinos.core.registry import Registry
from vecinos.privacy.blind_index import (
    InvalidPhoneNumber,
    find_by_phone,
    normalize_phone,
    phone_index,
)
from vecinos.privacy.retention import Shredder

from .models import Channel, Conversation

DEFAULT_IDLE = timedelta(minutes=30)


def normalize_text(text: str) -> str:
    """Return `text` casefolded, without accents or punctuation, spaces collapsed.

    "¡Alto!" and "alto" and " ALTO. " all become "alto"; "Borrar, sí" becomes "borrar si".
    """
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w\s]|_", " ", letters).split())


@dataclass(frozen=True)
class InboundText:
    """A text as a flow handler sees it."""

    address: str  # E.164, normalized
    body: str  # as the person typed it
    words: tuple[str, ...]  # normalized (see normalize_text)
    provider_id: str
    # The language of the word that started the flow, when it tells one.
    language: str | None = None


@dataclass(frozen=True)
class Reply:
    """What to answer: an SMS template (`<app>/sms/<name>.txt`) with its context, or a body.

    `language` defaults to the conversation's. A template written in both languages (with
    `{% language %}` blocks) renders the same whatever the language.
    """

    template: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    body: str | None = None
    language: str | None = None


Handler = Callable[[Conversation, InboundText], "Reply | None"]


@dataclass(frozen=True)
class Flow:
    name: str
    starters: dict[str, str | None]  # normalized starter word -> its language, if known
    handler: Handler
    idle: timedelta = DEFAULT_IDLE
    # A question that may go unanswered until its day (an event's invitation, a reminder):
    # another text that can wait does not wait for it (text_and_wait, unless_in_other_flow).
    passive: bool = False


# Each app declares its flows in `<app>/flows.py`, found the first time a flow is asked for.
_flows = Registry[Flow]("flows")


def register_flow(
    name: str,
    starter_keywords: Iterable[str] | dict[str, Iterable[str]],
    handler: Handler,
    *,
    idle: timedelta = DEFAULT_IDLE,
    passive: bool = False,
) -> Flow:
    """Register a flow by name, the words that start it and the handler of its texts.

    `starter_keywords` is a list of words, or a dict of language code to words
    ({"en": ["JOIN"], "es": ["UNIRME"]}) so a conversation started with UNIRME is in Spanish.
    Registering the same name again replaces the flow.
    """
    if isinstance(starter_keywords, dict):
        starters = {
            normalize_text(word): language
            for language, words in starter_keywords.items()
            for word in words
        }
    else:
        starters = {normalize_text(word): None for word in starter_keywords}
    # The apps' own flows first, so a starter word is never taken twice.
    for word, other in ((w, f) for w in starters for f in _flows.registered() if f.name != name):
        if word in other.starters:
            raise ValueError(f"{word!r} already starts the flow {other.name!r}.")
    return _flows.register(
        Flow(name=name, starters=starters, handler=handler, idle=idle, passive=passive)
    )


def unregister_flow(name: str) -> None:
    _flows.unregister(name)


def get_flow(name: str) -> Flow | None:
    return _flows.get(name)


def registered_flows() -> list[Flow]:
    return _flows.registered()


def flow_for_starter(word: str) -> Flow | None:
    """Return the flow that a normalized first word starts, if any."""
    for flow in _flows.registered():
        if word in flow.starters:
            return flow
    return None


def active_conversation(address: str, *, now: datetime | None = None) -> Conversation | None:
    """Return the open conversation with this number, newest first, or None."""
    now = now or timezone.now()
    candidates = Conversation.objects.filter(expires_at__gt=now).order_by("-updated_at")
    # The blind index narrows the rows; decrypting each candidate confirms the number.
    found = find_by_phone(candidates, "address", address)
    return found[0] if found else None


def start_conversation(
    address: str,
    flow: str,
    *,
    language: str,
    state: dict | None = None,
    idle: timedelta | None = None,
) -> Conversation:
    """Open a conversation with this number, ending any other it had."""
    address = normalize_phone(address)
    for old in find_by_phone(Conversation.objects.all(), "address", address):
        old.delete()
    now = timezone.now()
    registered = _flows.get(flow)
    conversation = Conversation(
        address=address,
        address_index=phone_index(address),
        flow=flow,
        state=json.dumps(state or {}),
        language=language,
        updated_at=now,
        expires_at=now + (idle or (registered.idle if registered else DEFAULT_IDLE)),
    )
    conversation.save(force_insert=True)
    return conversation


class ExchangeUnderWay(Exception):
    """The person is in the middle of an exchange with another flow (text_and_wait)."""


def text_and_wait(
    to: str,
    template: str,
    *,
    flow: str,
    language: str,
    state: dict,
    purpose: str,
    context: dict | None = None,
    dedupe_key: str | None = None,
    idle: timedelta | None = None,
    wait_if_not_sent: bool = False,
    unless_in_other_flow: bool = False,
    now: datetime | None = None,
):
    """Text a person and wait for their answer: queue the SMS, then open a conversation with
    `flow`, so the reply reaches that flow's handler with `state`. Return (message, conversation).

    The text drops the accents GSM-7 lacks, like every reply. With `wait_if_not_sent`, the
    conversation opens even when nothing was queued (an opt-out, a repeat of the same key: a
    responder already asked may still answer). Opening it ends any other exchange the person
    was in.

    With `unless_in_other_flow`, for a text that can wait (an invitation, a reminder), the
    person's exchange with another flow is not cut off: while one is under way it raises
    ExchangeUnderWay and queues nothing, since the answer in digits the text asks for would
    reach that flow (a responder's "1" meant for an event would tell the hotline they are on
    their way to verify a raid); the sender tries again later. A passive flow's question
    (another invitation or reminder, unanswered perhaps for days) is not waited for: the text
    goes, and no conversation opens. Raises messaging.services.InvalidAddress for a number
    nothing can be sent to.
    """
    from .services import queue_message

    current = None
    if unless_in_other_flow:
        try:
            current = active_conversation(to, now=now)
        except InvalidPhoneNumber:
            pass  # queue_message raises InvalidAddress for it below
    in_other_flow = current is not None and current.flow != flow
    if in_other_flow and not getattr(get_flow(current.flow), "passive", False):
        raise ExchangeUnderWay(current.flow)
    message = queue_message(
        channel=Channel.SMS,
        to=to,
        language=language,
        template=template,
        context=context,
        purpose=purpose,
        dedupe_key=dedupe_key,
    )
    if (message is None and not wait_if_not_sent) or in_other_flow:
        return message, None
    conversation = start_conversation(to, flow, language=language, state=state, idle=idle)
    return message, conversation


def load_state(conversation: Conversation) -> dict:
    """Return the conversation's state as a dict."""
    return json.loads(conversation.state or "{}")


def save_state(
    conversation: Conversation, state: dict | None = None, *, language: str | None = None
) -> Conversation:
    """Store new state or language on the conversation and push its expiry back."""
    if state is not None:
        conversation.state = json.dumps(state)
    if language is not None:
        conversation.language = language
    touch(conversation)
    return conversation


def touch(conversation: Conversation) -> None:
    """Push the conversation's expiry back by its flow's idle time and save it."""
    flow = _flows.get(conversation.flow)
    now = timezone.now()
    conversation.updated_at = now
    conversation.expires_at = max(
        conversation.expires_at or now, now + (flow.idle if flow else DEFAULT_IDLE)
    )
    conversation.save()


def end_conversation(conversation: Conversation) -> None:
    """Delete the conversation and what it held."""
    if conversation.pk is not None:
        conversation.delete()


class ExpiredConversationShredder(Shredder):
    """Conversations past their expiry: the number and whatever the flow had gathered."""

    name = "text_conversations"
    description = "Text conversations (sign-up or report steps) left idle past their expiry."
    # The period counts from the expiry, which already includes the flow's idle time.
    default_period = timedelta(0)

    def due(self, now: datetime) -> QuerySet:
        return Conversation.objects.filter(expires_at__lte=now - self.period)
