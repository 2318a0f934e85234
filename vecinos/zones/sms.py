"""Members by text message: the JOIN / UNIRME conversation and the keywords members use.

JOIN (English) or UNIRME (Spanish) opens a short conversation through the messaging engine:

    name or nickname → neighbourhood (by name, typos and missing accents forgiven)
    → block (a numbered menu, MORE for the next page, or DON'T KNOW) → consent → YES

and then `services.join_zone(..., source="sms")`, which makes the member active at once (the
number is proven by the texts) and sends the welcome, or, to a number already a member, the
same "you are already in" message a second web sign-up gets. Every question is the same for
everyone, so the conversation tells nothing about who is a member beyond what that phone
itself receives. It never asks about immigration status or documents.

Members also manage themselves with the messaging keywords: LANGUAGE/IDIOMA changes the
member's language (the lookup and setter below), STOP/ALTO stops a member who has no other
way to be reached (the stop hook; keywords.py registers these three), DELETE/BORRAR erases them
(erasure.py). START/INICIO only
lifts the opt-out: a stopped member joins again with JOIN/UNIRME, which lifts it too.

Replies are rendered here with accents dropped where GSM-7 has none, so a Spanish question
costs what an English one does (one or two 160-character parts instead of 70-character ones).
"""

from __future__ import annotations

from difflib import SequenceMatcher

from django.db import transaction

from vecinos.messaging import conversations, keywords
from vecinos.messaging.conversations import (
    InboundText,
    Reply,
    end_conversation,
    load_state,
    normalize_text,
    save_state,
)
from vecinos.messaging.models import Channel, Conversation
from vecinos.messaging.optout import opt_in
from vecinos.messaging.rendering import render_sms
from vecinos.privacy.blind_index import find_by_phone

from . import services
from .models import Block, Member, Zone

FLOW = "zones.join"
STARTERS = {"en": ["JOIN"], "es": ["UNIRME"]}

# A menu page of blocks or zones: five lines of at most MENU_NAME characters keep the
# question within two GSM-7 parts even with a long zone name.
PAGE_SIZE = 5
MENU_NAME = 26
MAX_NAME = 60
# difflib ratios: below CLOSE a neighbourhood is not offered; at SURE or more, and clearly
# ahead of the next one, it is taken without asking.
CLOSE = 0.72
SURE = 0.85
MARGIN = 0.1

# Answers in either language are accepted whatever language the conversation is in.
YES = {"si", "yes", "s", "y", "ok", "okay", "acepto", "agree", "i agree", "de acuerdo", "claro"}
NO = {"no", "n", "nope", "no gracias", "no thanks"}
MORE = {"mas", "more", "next", "siguiente", "m", "otra", "otras", "mas cuadras", "more blocks"}
DONT_KNOW = {
    "no se",
    "nose",
    "no lo se",
    "no estoy seguro",
    "no estoy segura",
    "ns",
    "dont know",
    "don t know",
    "do not know",
    "i don t know",
    "i dont know",
    "idk",
    "not sure",
}
LANGUAGE_WORDS = keywords.LANGUAGE_NAMES


def _say(conversation: Conversation, name: str, **context) -> Reply:
    """Render zones/sms/<name>.txt in the conversation's language, in GSM-7 where possible."""
    language = conversation.language or "en"
    body = render_sms(
        f"zones/sms/{name}.txt",
        context,
        language,
    )
    return Reply(body=body, language=language)


def _menu(items: list[str], first: int) -> str:
    lines = []
    for number, label in enumerate(items, start=first):
        if len(label) > MENU_NAME:
            label = label[: MENU_NAME - 1].rstrip() + "."
        lines.append(f"{number} {label}")
    return "\n".join(lines)


def match_zones(answer: str, zones: list[Zone]) -> list[Zone]:
    """Return the zones an answer may name, best first: one when it is clear, [] for none.

    "pasyunk square" and "point breze" find Passyunk Square and Point Breeze; "passyunk"
    finds every zone with that word, for the person to choose.
    """
    wanted = normalize_text(answer)
    if not wanted:
        return []
    names = {zone.pk: normalize_text(zone.name) for zone in zones}
    exact = [zone for zone in zones if names[zone.pk] == wanted]
    if exact:
        return exact[:1]
    scored = []
    for zone in zones:
        name = names[zone.pk]
        ratio = SequenceMatcher(None, wanted, name).ratio()
        # A word of the name ("breeze", "passyunk") is close even though the ratio is not.
        if len(wanted) >= 4 and (f" {wanted} " in f" {name} " or name.startswith(wanted)):
            ratio = max(ratio, SURE - MARGIN / 2)
        if ratio >= CLOSE:
            scored.append((ratio, zone))
    scored.sort(key=lambda pair: (-pair[0], pair[1].name))
    if not scored:
        return []
    best = scored[0][0]
    if len(scored) == 1 or (best >= SURE and scored[1][0] < best - MARGIN):
        return [scored[0][1]]
    return [zone for _ratio, zone in scored[:PAGE_SIZE]]


def _blocks(zone_id: int) -> list[Block]:
    """The blocks a menu offers: those with a name people use. A block staff have not named
    yet is never listed by its code; its neighbours answer DON'T KNOW and are placed later."""
    return list(Block.objects.filter(zone_id=zone_id).exclude(name="").order_by("name", "code"))


def _number(words: tuple[str, ...]) -> int | None:
    if len(words) == 1 and words[0].isdigit() and len(words[0]) <= 4:
        return int(words[0])
    return None


# The steps. Each takes the conversation, its state and the text, and returns the reply.


def _ask_name(conversation, state) -> Reply:
    state.clear()
    state["step"] = "name"
    save_state(conversation, state)
    return _say(conversation, "join_ask_name")


def _on_name(conversation, state, message: InboundText) -> Reply:
    answer = " ".join(message.body.split())
    words = " ".join(message.words)
    if words in LANGUAGE_WORDS:
        # "ESPAÑOL" or "ENGLISH" instead of a name: switch and ask again.
        save_state(conversation, state, language=LANGUAGE_WORDS[words])
        return _say(conversation, "join_ask_name")
    if len(answer) > MAX_NAME:
        return _say(conversation, "join_bad_name", max=MAX_NAME)
    if not any(ch.isalpha() for ch in answer):
        # Nothing, or emoji or digits alone: the length is fine, so say what is missing.
        return _say(conversation, "join_name_letters")
    state.update(step="zone", name=answer)
    save_state(conversation, state)
    return _ask_zone(conversation)


def _ask_zone(conversation) -> Reply:
    example = Zone.objects.order_by("name").values_list("name", flat=True).first()
    return _say(conversation, "join_ask_zone", example=example or "")


def _on_zone(conversation, state, message: InboundText) -> Reply:
    choices = state.get("zone_choices") or []
    number = _number(message.words)
    if choices and number is not None:
        if 1 <= number <= len(choices):
            zone = Zone.objects.filter(pk=choices[number - 1]).first()
            if zone is not None:
                return _chose_zone(conversation, state, zone)
        return _say(conversation, "join_bad_choice", count=len(choices))
    zones = list(Zone.objects.only("pk", "name"))
    found = match_zones(message.body, zones)
    if len(found) == 1:
        return _chose_zone(conversation, state, found[0])
    if found:
        state["zone_choices"] = [zone.pk for zone in found]
        save_state(conversation, state)
        return _say(conversation, "join_zone_choices", menu=_menu([z.name for z in found], 1))
    state.pop("zone_choices", None)
    save_state(conversation, state)
    example = zones[0].name if zones else ""
    return _say(conversation, "join_zone_unknown", example=example)


def _chose_zone(conversation, state, zone: Zone) -> Reply:
    state.pop("zone_choices", None)
    state.update(zone=zone.pk, page=0, block=None)
    if not _blocks(zone.pk):
        # A zone not yet divided into named blocks: organizers place its members later.
        state["step"] = "consent"
        save_state(conversation, state)
        return _ask_consent(conversation, zone, None)
    state["step"] = "block"
    save_state(conversation, state)
    return _block_page(conversation, zone, 0)


def _block_page(conversation, zone: Zone, page: int) -> Reply:
    blocks = _blocks(zone.pk)
    first = page * PAGE_SIZE
    shown = blocks[first : first + PAGE_SIZE]
    return _say(
        conversation,
        "join_ask_block",
        zone=zone.name,
        menu=_menu([block.name for block in shown], first + 1),
        more=first + PAGE_SIZE < len(blocks),
    )


def _on_block(conversation, state, message: InboundText) -> Reply:
    zone = Zone.objects.filter(pk=state.get("zone")).first()
    if zone is None:
        # Removed by an organizer meanwhile: ask again.
        state.update(step="zone", zone=None)
        save_state(conversation, state)
        return _ask_zone(conversation)
    blocks = _blocks(zone.pk)
    words = " ".join(message.words)
    if words in MORE:
        page = state.get("page", 0) + 1
        # After the last page the menu starts again from the first.
        if page * PAGE_SIZE >= len(blocks):
            page = 0
        state["page"] = page
        save_state(conversation, state)
        return _block_page(conversation, zone, page)
    if words in DONT_KNOW:
        block = None
    else:
        number = _number(message.words)
        if number is not None and 1 <= number <= len(blocks):
            block = blocks[number - 1]
        else:
            # The block's own name or code ("39-03", "3903") works too.
            block = next(
                (b for b in blocks if words and words in (normalize_text(b.name), b.code)), None
            )
            if block is None:
                return _say(conversation, "join_bad_block", count=len(blocks))
    state.update(step="consent", block=block.pk if block else None)
    save_state(conversation, state)
    return _ask_consent(conversation, zone, block)


def _ask_consent(conversation, zone: Zone, block: Block | None) -> Reply:
    return _say(conversation, "join_consent", zone=zone.name, block=block.name if block else "")


def _on_consent(conversation, state, message: InboundText) -> Reply | None:
    words = " ".join(message.words)
    if words in NO:
        end_conversation(conversation)
        return _say(conversation, "join_cancelled")
    if words not in YES:
        return _say(conversation, "join_bad_consent")
    zone = Zone.objects.filter(pk=state.get("zone")).first()
    block = Block.objects.filter(pk=state.get("block"), zone=zone).first() if zone else None
    if zone is None:
        state.update(step="zone", zone=None, block=None)
        save_state(conversation, state)
        return _ask_zone(conversation)
    signup = services.Signup(
        name=state["name"],
        language=conversation.language,
        phone=message.address,
        zone=zone,
        block=block,
        # join() records the current consent text with its version and time; the texts
        # above gave its short form.
    )
    end_conversation(conversation)
    # join() sends the welcome, or the "already a member" text to a number it knows: the
    # same outcome as a second sign-up on the web, so nothing more is said here.
    services.join_zone(signup, source=Member.Source.SMS)
    return None


STEPS = {
    "name": _on_name,
    "zone": _on_zone,
    "block": _on_block,
    "consent": _on_consent,
}


def join_flow(conversation: Conversation, message: InboundText) -> Reply | None:
    """Handle one text of a JOIN / UNIRME conversation and return the next question."""
    state = load_state(conversation)
    flow = conversations.get_flow(FLOW)
    starter = message.words[0] if len(message.words) == 1 else None
    if flow is not None and starter in flow.starters and "step" in state:
        # UNIRME again in the middle: start over, in the language of the word.
        language = flow.starters[starter] or conversation.language
        save_state(conversation, language=language)
        return _ask_name(conversation, state)
    if "step" not in state:
        # Texting JOIN or UNIRME asks for our texts, as START does: without this a number
        # that once texted ALTO would get no answer at all. Nobody joins before saying YES.
        opt_in(Channel.SMS, message.address)
        if not Zone.objects.exists():
            end_conversation(conversation)
            return _say(conversation, "join_closed")
        return _ask_name(conversation, state)
    step = STEPS.get(state["step"])
    if step is None:
        # A state this version does not know (left by an older one): start over.
        return _ask_name(conversation, state)
    return step(conversation, state, message)


# Keywords for members. Each is keyed by the E.164 number the text came from.


def _members_with_phone(phone: str) -> list[Member]:
    return find_by_phone(Member.objects.all(), "phone", phone)


def member_language(phone: str) -> str | None:
    """Return the language of the member with this phone, for keyword replies."""
    found = _members_with_phone(phone)
    return found[0].language if found else None


def set_member_language(phone: str, language: str) -> bool:
    """Store the language a member chose with LANGUAGE or IDIOMA; say whether one was found."""
    members = _members_with_phone(phone)
    for member in members:
        if member.language != language:
            services.set_language(member, language)
    return bool(members)


@transaction.atomic
def start_member(phone: str) -> None:
    """Make a member stopped (by STOP, ALTO or the web) a member again when their phone texts
    START or INICIO, so that messaging's "you will get our texts again" holds for the zone's
    alerts too. A member the retention schedule has already erased is gone: nothing to do."""
    for member in _members_with_phone(phone):
        if member.status == Member.Status.STOPPED:
            services.resume_membership(member)


@transaction.atomic
def stop_member(phone: str) -> None:
    """Stop the member who texted STOP or ALTO when the phone was their only channel.

    A member with an e-mail address stays a member and is reached there. messaging has sent
    the opt-out confirmation already, so the member gets no second message.
    """
    for member in _members_with_phone(phone):
        if not member.email and member.status != Member.Status.STOPPED:
            services.stop_membership(member, notify=False)
