from datetime import timedelta

import pytest
from django.utils import timezone

from vecinos.messaging import conversations, keywords
from vecinos.messaging.conversations import (
    Reply,
    active_conversation,
    load_state,
    normalize_text,
    register_flow,
    save_state,
    start_conversation,
)
from vecinos.messaging.models import Conversation, OutboundMessage
from vecinos.messaging.shredders import conversations as conversation_shredder

from .inbound import OTHER_PHONE, PHONE, last_reply, replies, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def join_flow():
    """A two-step sign-up: asks for a block, then thanks the person and ends."""
    seen = []

    def handler(conversation, message):
        seen.append((message.body, message.words, message.language))
        state = load_state(conversation)
        if "block" not in state and len(seen) == 1:
            save_state(conversation, {"step": "block"})
            return Reply(body="Which block?")
        state["block"] = message.body
        save_state(conversation, state)
        conversations.end_conversation(conversation)
        return Reply(body=f"Thanks, {message.body}")

    register_flow("test.join", {"en": ["JOIN"], "es": ["UNIRME", "únete"]}, handler)
    yield seen
    conversations.unregister_flow("test.join")


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("¡Alto!", "alto"),
        ("  BORRAR,   sí ", "borrar si"),
        ("Únete", "unete"),
        ("idioma: ESPAÑOL", "idioma espanol"),
        ("stop_all", "stop all"),
        ("", ""),
    ],
)
def test_normalize_text(raw, normalized):
    assert normalize_text(raw) == normalized


def test_a_starter_word_opens_the_flow_which_then_receives_every_text(join_flow):
    first = text("Unirme")
    assert first.handled_by == "test.join"
    assert last_reply().body == "Which block?"
    assert last_reply().language == "es"

    conversation = active_conversation(PHONE)
    assert conversation.flow == "test.join"
    assert load_state(conversation) == {"step": "block"}

    second = text("4800 N Mascher St")
    assert second.handled_by == "test.join"
    assert join_flow == [
        ("Unirme", ("unirme",), "es"),
        ("4800 N Mascher St", ("4800", "n", "mascher", "st"), "es"),
    ]
    assert last_reply().body == "Thanks, 4800 N Mascher St"
    assert active_conversation(PHONE) is None
    assert Conversation.objects.count() == 0


def test_a_starter_with_an_accent_matches(join_flow):
    text("ÚNETE")
    assert last_reply().body == "Which block?"


def test_keywords_win_over_an_open_conversation(join_flow):
    text("JOIN")
    text("HELP")
    assert len(join_flow) == 1
    assert last_reply().language == "en"
    assert active_conversation(PHONE) is not None


def test_stop_ends_the_open_conversation(join_flow):
    text("JOIN")
    text("STOP")
    assert Conversation.objects.count() == 0


def test_one_number_conversation_does_not_catch_another_numbers_texts(join_flow):
    text("JOIN")
    inbound = text("4800 N Mascher St", phone=OTHER_PHONE)
    assert inbound.handled_by == "menu"
    assert len(join_flow) == 1
    assert len(replies(OTHER_PHONE)) == 1


def test_an_idle_conversation_expires(join_flow):
    text("JOIN")
    conversation = active_conversation(PHONE)
    assert conversation.expires_at - conversation.updated_at == conversations.DEFAULT_IDLE

    Conversation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert active_conversation(PHONE) is None
    assert text("4800 N Mascher St").handled_by == "menu"
    assert len(join_flow) == 1


def test_each_text_pushes_the_expiry_back():
    register_flow("test.chat", ["CHAT"], lambda conversation, message: None)
    try:
        text("CHAT")
        Conversation.objects.update(expires_at=timezone.now() + timedelta(minutes=1))
        before = timezone.now()
        assert text("still here").handled_by == "test.chat"
    finally:
        conversations.unregister_flow("test.chat")
    conversation = active_conversation(PHONE)
    assert conversation.expires_at >= before + conversations.DEFAULT_IDLE


def test_starting_a_flow_ends_the_numbers_earlier_conversation():
    start_conversation(PHONE, "one", language="en")
    start_conversation(PHONE, "two", language="es")
    assert [c.flow for c in Conversation.objects.all()] == ["two"]


def test_a_conversation_whose_flow_is_gone_is_dropped():
    start_conversation(PHONE, "switched.off", language="es")
    assert text("hola").handled_by == "menu"
    assert Conversation.objects.count() == 0


def test_a_starter_without_a_language_uses_the_known_one():
    register_flow("test.plain", ["REPORT"], lambda c, m: Reply(body=c.language))
    keywords.register_language_lookup(lambda phone: "es")
    try:
        text("report")
    finally:
        conversations.unregister_flow("test.plain")
        keywords._language_lookups.clear()
    assert last_reply().body == "es"


def test_two_flows_cannot_share_a_starter(join_flow):
    with pytest.raises(ValueError):
        register_flow("test.other", ["join"], lambda c, m: None)


def test_the_address_and_state_are_stored_encrypted():
    conversation = start_conversation("(215) 555-0134", "test.x", language="en", state={"a": 1})
    stored = Conversation.objects.get(pk=conversation.pk)
    assert (stored.address, load_state(stored)) == (PHONE, {"a": 1})
    assert stored.address_index is not None


def test_the_shredder_removes_expired_conversations_only():
    old = start_conversation(PHONE, "test.x", language="en")
    fresh = start_conversation(OTHER_PHONE, "test.x", language="en")
    now = timezone.now()
    Conversation.objects.filter(pk=old.pk).update(expires_at=now - timedelta(minutes=1))

    due = conversation_shredder.due(now)
    assert list(due.values_list("pk", flat=True)) == [old.pk]
    assert conversation_shredder.shred(due) == 1
    assert list(Conversation.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_a_text_that_can_wait_waits_for_an_exchange_under_way_but_not_for_a_passive_question():
    register_flow("test.verify", [], lambda c, m: None)
    register_flow("test.invite", [], lambda c, m: None, passive=True)

    def remind():
        return conversations.text_and_wait(
            PHONE,
            "messaging/help",
            flow="test.remind",
            language="en",
            state={},
            purpose="test",
            unless_in_other_flow=True,
        )

    try:
        # A raid's verification under way: its "1" and "2" must not be taken by anything else.
        start_conversation(PHONE, "test.verify", language="en")
        with pytest.raises(conversations.ExchangeUnderWay):
            remind()
        assert Conversation.objects.get().flow == "test.verify"
        assert not OutboundMessage.objects.exists()

        # An invitation nobody answered may stay open for days: the reminder need not wait.
        # It goes, and the invitation keeps its answers.
        start_conversation(PHONE, "test.invite", language="en")
        message, conversation = remind()
        assert message is not None and conversation is None
        assert active_conversation(PHONE).flow == "test.invite"

        # With nothing open, the reminder opens its own conversation.
        conversations.end_conversation(active_conversation(PHONE))
        message, conversation = remind()
        assert conversation.flow == "test.remind"
    finally:
        conversations.unregister_flow("test.verify")
        conversations.unregister_flow("test.invite")
