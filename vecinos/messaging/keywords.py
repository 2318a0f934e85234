"""Messaging's own keywords, which win over every flow (inbound.py asks them first).

Keywords work in both languages and are matched on the whole text, casefolded, without
accents or punctuation ("¡Alto!" is ALTO). Like the carriers', they must be the only word:
a hotline report that begins "Alto, ICE en la esquina" is a report, not an opt-out.

- STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, OPTOUT, REVOKE (Twilio's own list), ALTO,
  BAJA, CANCELAR: opt the number out of SMS and confirm. On a Twilio number without Advanced
  Opt-Out, Twilio answers its own English words itself and then refuses anything more to
  that number (error 21610); list those words in VECINOS_SMS_PROVIDER_ANSWERS so we do not
  queue a confirmation Twilio will refuse. ALTO and BAJA are ours alone, so their Spanish
  confirmation always goes from here. The confirmation is the one message allowed after an
  opt-out, and the outbox sends it for that reason (purpose "optout"). Stop hooks that other
  apps register then act on it (zones stops a member the phone was the only way to reach).
- START, UNSTOP, INICIO: opt back in and confirm; the start hooks other apps register undo
  what their stop hooks did (zones makes a member stopped by STOP a member again). YES is
  Twilio's too, but here it stays an ordinary word that flows may ask for; a number that
  sent only YES stays opted out with us, which errs on the side of silence.
- HELP, INFO, AYUDA: a reply in both languages with the keywords and the organization's
  contact.
- LANGUAGE, IDIOMA (alone, or with ENGLISH/INGLES/SPANISH/ESPANOL/EN/ES): switch or set the
  language; the open conversation keeps it, and the setters other apps register (a member's
  language) store it, answering whether they did. A number we hold nothing about is told
  so, and which words start a conversation in each language, rather than "from now on".
- DELETE, BORRAR: ask for a confirmation (DELETE YES / BORRAR SI within 10 minutes), then
  erase everything held about the number, opt it out, and send one last text saying so.
  That text is the only trace left: an outbox row with the number, encrypted and purged
  with the other sent messages.

Replies go through the outbox (queue_message), never as TwiML, so they are recorded, paced
and retried like any message; each is keyed by the inbound message's provider id, so a
webhook Twilio retries answers once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings

from vecinos.core.registry import Registry

from . import conversations
from .conversations import InboundText, Reply, normalize_text
from .models import Channel, Conversation
from .optout import opt_in, opt_out

logger = logging.getLogger(__name__)

STOP = "stop"
START = "start"
HELP = "help"
LANGUAGE = "language"
DELETE = "delete"

# Normalized word -> (action, the language the word is in).
KEYWORDS: dict[str, tuple[str, str]] = {
    "stop": (STOP, "en"),
    "stopall": (STOP, "en"),
    "unsubscribe": (STOP, "en"),
    "cancel": (STOP, "en"),
    "end": (STOP, "en"),
    "quit": (STOP, "en"),
    "optout": (STOP, "en"),
    "revoke": (STOP, "en"),
    "alto": (STOP, "es"),
    "baja": (STOP, "es"),
    "cancelar": (STOP, "es"),
    "start": (START, "en"),
    "unstop": (START, "en"),
    "inicio": (START, "es"),
    "help": (HELP, "en"),
    "info": (HELP, "en"),
    "ayuda": (HELP, "es"),
    "language": (LANGUAGE, "en"),
    "idioma": (LANGUAGE, "es"),
    "delete": (DELETE, "en"),
    "borrar": (DELETE, "es"),
}
LANGUAGE_NAMES = {
    "en": "en",
    "english": "en",
    "ingles": "en",
    "es": "es",
    "spanish": "es",
    "espanol": "es",
    "castellano": "es",
}
ERASE_FLOW = "messaging.erase"
ERASE_WINDOW = timedelta(minutes=10)
ERASE_CONFIRMATIONS = {
    "delete yes",
    "delete si",
    "borrar si",
    "borrar yes",
    "yes",
    "si",
}


@dataclass(frozen=True)
class Keyword:
    action: str
    language: str
    word: str
    argument: str = ""


def parse_keyword(body: str) -> Keyword | None:
    """Return the keyword a text is, or None when it is anything else."""
    words = normalize_text(body).split()
    if not words or words[0] not in KEYWORDS:
        return None
    action, language = KEYWORDS[words[0]]
    if len(words) == 1:
        return Keyword(action, language, words[0])
    if action == LANGUAGE and len(words) == 2 and words[1] in LANGUAGE_NAMES:
        return Keyword(action, language, words[0], LANGUAGE_NAMES[words[1]])
    return None


# Where a person's language lives beyond a conversation (a member's record), and what an
# opt-out means beyond messaging (zones stops a member who can be reached no other way), is
# for other apps to say, in their `keywords.py`: zones registers a lookup, a setter and a stop
# hook there, each keyed by the E.164 number. A stop hook runs in the same transaction as the
# opt-out.
LanguageLookup = Callable[[str], "str | None"]
LanguageSetter = Callable[[str, str], "bool | None"]  # True when it stored the language
StopHook = Callable[[str], None]


@dataclass(frozen=True)
class Hook:
    name: str  # the function's path and hash, so registering it twice keeps one
    fn: Callable

    @classmethod
    def of(cls, fn: Callable) -> Hook:
        path = f"{getattr(fn, '__module__', '')}.{getattr(fn, '__qualname__', 'hook')}"
        return cls(f"{path}#{hash(fn)}", fn)


_language_lookups = Registry[Hook]("keywords")
_language_setters = Registry[Hook]("keywords")
_stop_hooks = Registry[Hook]("keywords")
_start_hooks = Registry[Hook]("keywords")


def register_language_lookup(fn: LanguageLookup) -> LanguageLookup:
    """Register fn(phone) -> "en" | "es" | None, asked for a number's language."""
    _language_lookups.register(Hook.of(fn))
    return fn


def register_language_setter(fn: LanguageSetter) -> LanguageSetter:
    """Register fn(phone, language) -> whether it stored it, called when a number texts
    LANGUAGE or IDIOMA."""
    _language_setters.register(Hook.of(fn))
    return fn


def unregister_language_hooks(fn: Callable) -> None:
    for hooks in (_language_lookups, _language_setters):
        hooks.unregister(Hook.of(fn).name)


def register_stop_hook(fn: StopHook) -> StopHook:
    """Register fn(phone), called after a number texts STOP, ALTO or another opt-out word."""
    _stop_hooks.register(Hook.of(fn))
    return fn


def unregister_stop_hook(fn: StopHook) -> None:
    _stop_hooks.unregister(Hook.of(fn).name)


def register_start_hook(fn: StopHook) -> StopHook:
    """Register fn(phone), called in the same transaction when a number texts START or INICIO:
    what STOP stopped beyond messaging (a member) starts again, so "you will get our texts
    again" is true."""
    _start_hooks.register(Hook.of(fn))
    return fn


def unregister_start_hook(fn: StopHook) -> None:
    _start_hooks.unregister(Hook.of(fn).name)


def known_language(address: str, conversation: Conversation | None = None) -> str | None:
    """Return the language we already use with this number, if we know one."""
    if conversation is not None:
        return conversation.language
    for lookup in _language_lookups.registered():
        if language := lookup.fn(address):
            return language
    return None


def send_reply(
    address: str,
    template: str,
    context: dict,
    language: str | None,
    provider_id: str,
    *,
    purpose: str = "reply",
):
    from .services import queue_message

    # Replies drop the accents GSM-7 lacks, so a Spanish answer costs what an English one does.
    return queue_message(
        channel=Channel.SMS,
        to=address,
        language=language or "en",
        template=template,
        context=context,
        purpose=purpose,
        dedupe_key=f"reply:{provider_id}",
    )


def _provider_answers(word: str) -> bool:
    return word in {
        normalize_text(w) for w in getattr(settings, "VECINOS_SMS_PROVIDER_ANSWERS", ())
    }


def _handle_stop(address: str, keyword: Keyword, provider_id: str) -> str:
    if conversation := conversations.active_conversation(address):
        conversations.end_conversation(conversation)
    # Queued before the opt-out is recorded, so it is the one message that still goes.
    if not _provider_answers(keyword.word):
        send_reply(
            address, "messaging/sms/stop.txt", {}, keyword.language, provider_id, purpose="optout"
        )
    opt_out(Channel.SMS, address)
    for hook in _stop_hooks.registered():
        hook.fn(address)
    return STOP


def _handle_start(address: str, keyword: Keyword, provider_id: str) -> str:
    opt_in(Channel.SMS, address)
    for hook in _start_hooks.registered():
        hook.fn(address)
    if not _provider_answers(keyword.word):
        send_reply(address, "messaging/sms/start.txt", {}, keyword.language, provider_id)
    return START


def _handle_help(address: str, keyword: Keyword, provider_id: str) -> str:
    if not _provider_answers(keyword.word):
        send_reply(address, "messaging/sms/help.txt", {}, keyword.language, provider_id)
    return HELP


def _handle_language(address: str, keyword: Keyword, provider_id: str) -> str:
    conversation = conversations.active_conversation(address)
    current = known_language(address, conversation)
    if keyword.argument:
        language = keyword.argument
    elif current:
        language = "es" if current == "en" else "en"
    else:
        # Nothing known: someone who writes IDIOMA most likely wants Spanish, LANGUAGE English.
        language = keyword.language
    if conversation is not None:
        conversations.save_state(conversation, language=language)
    # A setter answers whether it stored the language (a member's record). With no open
    # conversation and nothing stored, "from now on" would be untrue, and telling the number to
    # text LANGUAGE again would only bring the same answer: say how to be answered instead.
    stored = [bool(setter.fn(address, language)) for setter in _language_setters.registered()]
    if conversation is not None or any(stored):
        send_reply(address, "messaging/sms/language.txt", {}, language, provider_id)
    else:
        from .inbound import menu_context

        send_reply(
            address, "messaging/sms/language_not_kept.txt", menu_context(), language, provider_id
        )
    return LANGUAGE


def _handle_delete(address: str, keyword: Keyword, provider_id: str) -> str:
    conversations.start_conversation(
        address, ERASE_FLOW, language=keyword.language, idle=ERASE_WINDOW
    )
    minutes = int(ERASE_WINDOW.total_seconds() // 60)
    send_reply(
        address,
        "messaging/sms/delete_confirm.txt",
        {"minutes": minutes},
        keyword.language,
        provider_id,
    )
    return DELETE


def _erase_flow(conversation: Conversation, message: InboundText) -> Reply | None:
    """Erase everything about the number once it confirms; anything else cancels."""
    from vecinos.privacy.erasure import erase_person

    language = conversation.language
    conversations.end_conversation(conversation)
    if " ".join(message.words) not in ERASE_CONFIRMATIONS:
        send_reply(
            message.address, "messaging/sms/delete_cancelled.txt", {}, language, message.provider_id
        )
        return None
    erase_person(phone=message.address, actor=None)
    # The last text is queued after the erasure (which would take it too) and before the
    # opt-out: it answers the person's own request, and the outbox lets "optout" messages
    # through an opt-out for that reason.
    send_reply(
        message.address,
        "messaging/sms/delete_done.txt",
        {},
        language,
        message.provider_id,
        purpose="optout",
    )
    opt_out(Channel.SMS, message.address)
    return None


_KEYWORD_HANDLERS = {
    STOP: _handle_stop,
    START: _handle_start,
    HELP: _handle_help,
    LANGUAGE: _handle_language,
    DELETE: _handle_delete,
}


def handle_keyword(address: str, keyword: Keyword, provider_id: str) -> str:
    """Act on a keyword text (STOP, START, HELP, LANGUAGE, DELETE); return its action."""
    return _KEYWORD_HANDLERS[keyword.action](address, keyword, provider_id)
