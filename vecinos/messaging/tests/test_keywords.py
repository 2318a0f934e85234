from datetime import timedelta

import pytest
from django.utils import timezone

from vecinos.jobs.models import JobApplication
from vecinos.messaging import conversations, keywords
from vecinos.messaging.channels import locmem
from vecinos.messaging.conversations import Reply
from vecinos.messaging.inbound import handle_inbound_sms
from vecinos.messaging.keywords import parse_keyword
from vecinos.messaging.models import Conversation, InboundMessage, OptOut, OutboundMessage
from vecinos.messaging.optout import is_opted_out, opt_out

from .inbound import OTHER_PHONE, PHONE, last_reply, replies, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_outbox():
    locmem.reset()
    yield
    locmem.reset()


@pytest.mark.parametrize(
    ("body", "action", "language"),
    [
        ("STOP", "stop", "en"),
        ("stop", "stop", "en"),
        (" Stop. ", "stop", "en"),
        ("STOPALL", "stop", "en"),
        ("UNSUBSCRIBE", "stop", "en"),
        ("CANCEL", "stop", "en"),
        ("END", "stop", "en"),
        ("QUIT", "stop", "en"),
        ("ALTO", "stop", "es"),
        ("¡Alto!", "stop", "es"),
        ("BAJA", "stop", "es"),
        ("START", "start", "en"),
        ("UNSTOP", "start", "en"),
        ("INICIO", "start", "es"),
        ("Inicio", "start", "es"),
        ("HELP", "help", "en"),
        ("AYUDA", "help", "es"),
        ("¿ayuda?", "help", "es"),
        ("LANGUAGE", "language", "en"),
        ("IDIOMA", "language", "es"),
        ("DELETE", "delete", "en"),
        ("BORRAR", "delete", "es"),
    ],
)
def test_parse_keyword(body, action, language):
    keyword = parse_keyword(body)
    assert (keyword.action, keyword.language) == (action, language)


@pytest.mark.parametrize(
    ("body", "argument"),
    [("IDIOMA inglés", "en"), ("language spanish", "es"), ("Idioma Español", "es")],
)
def test_parse_language_with_its_argument(body, argument):
    assert parse_keyword(body).argument == argument


@pytest.mark.parametrize("body", ["Alto, ICE en la esquina", "stop please", "", "hola", "yes"])
def test_a_keyword_must_be_the_whole_text(body):
    assert parse_keyword(body) is None


@pytest.mark.parametrize(
    ("body", "language", "words"),
    [
        ("STOP", "en", "Text START to get them again."),
        ("ALTO", "es", "Escriba INICIO para volver a recibirlos."),
        ("baja", "es", "Escriba INICIO para volver a recibirlos."),
    ],
)
def test_stop_opts_out_and_confirms_in_the_words_language(
    body, language, words, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inbound = text(body)

    assert inbound.handled_by == "stop"
    assert is_opted_out("sms", PHONE)
    [reply] = replies()
    assert (reply.language, reply.purpose) == (language, "optout")
    assert reply.body.endswith(words)
    # The confirmation is the one text that still goes out after the opt-out.
    assert reply.status == OutboundMessage.Status.SENT
    assert [sent.body for sent in locmem.outbox] == [reply.body]


def test_after_stop_nothing_else_is_sent(django_capture_on_commit_callbacks):
    text("ALTO")
    with django_capture_on_commit_callbacks(execute=True):
        text("hola")
    assert len(replies()) == 1


def test_provider_answered_words_get_no_second_confirmation(settings):
    settings.VECINOS_SMS_PROVIDER_ANSWERS = ["STOP", "START", "HELP"]
    text("STOP")
    assert is_opted_out("sms", PHONE)
    assert replies() == []
    # ALTO is not a word Twilio knows, so its confirmation still goes from here.
    text("ALTO", phone=OTHER_PHONE)
    assert last_reply(OTHER_PHONE).language == "es"


def test_stop_calls_the_stop_hooks_after_the_opt_out():
    seen = []

    def hook(phone):
        seen.append((phone, is_opted_out("sms", phone)))

    keywords.register_stop_hook(hook)
    try:
        text("ALTO")
        text("HELP")
    finally:
        keywords.unregister_stop_hook(hook)
    assert seen == [(PHONE, True)]


@pytest.mark.parametrize(
    ("body", "language", "words"),
    [("START", "en", "HELP for help."), ("INICIO", "es", "AYUDA para ayuda.")],
)
def test_start_opts_back_in_and_confirms(body, language, words):
    opt_out("sms", PHONE)
    text(body)
    assert not is_opted_out("sms", PHONE)
    reply = last_reply()
    assert (reply.language, reply.body.endswith(words)) == (language, True)


@pytest.mark.parametrize(("body", "language"), [("HELP", "en"), ("AYUDA", "es")])
def test_help_answers_in_both_languages_with_the_contact(body, language):
    from vecinos.core.models import OrganizationSettings

    org = OrganizationSettings.load()
    org.name = "Vecinos de Fairhill"
    org.contact_phone = "215-555-0100"
    org.save()

    text(body)

    reply = last_reply()
    assert reply.language == language
    assert reply.body.splitlines() == [
        "Vecinos de Fairhill 215-555-0100",
        "Text STOP to stop our texts, START to get them again, LANGUAGE for Spanish, "
        "DELETE to erase your data.",
        # é is in GSM-7; á, í, ó, ú are not and are dropped, so it stays in 160-character parts.
        "Escriba ALTO para no recibir mensajes, INICIO para volver a recibirlos, "
        "IDIOMA para inglés, BORRAR para borrar sus datos.",
    ]


def test_language_alone_answers_in_the_words_language_when_nothing_is_known():
    text("IDIOMA")
    assert last_reply().language == "es"
    assert "no guardamos su idioma" in last_reply().body


def test_language_toggles_the_open_conversation_and_calls_the_setters(monkeypatch):
    stored = {}
    keywords.register_language_setter(stored.__setitem__)
    try:
        conversation = conversations.start_conversation(PHONE, "test.flow", language="es")
        text("LANGUAGE")
    finally:
        keywords.unregister_language_hooks(stored.__setitem__)

    conversation.refresh_from_db()
    assert conversation.language == "en"
    assert stored == {PHONE: "en"}
    assert last_reply().language == "en"
    assert "we will text you in English" in last_reply().body


def test_language_with_an_argument_sets_it_and_lookups_tell_the_current_one():
    keywords.register_language_lookup(lambda phone: "en" if phone == PHONE else None)
    try:
        text("idioma ingles")
        assert last_reply().language == "en"
        text("IDIOMA")
        assert last_reply().language == "es"
    finally:
        keywords._language_lookups.clear()


def make_applicant(phone):
    return JobApplication.objects.create(
        job_title="Community Organizer",
        name="Xiomara Quintanilla",
        email="xiomara@example.org",
        phone=phone,
        language="es",
        cover_letter="Quiero ayudar.",
        resume_format="pdf",
    )


def test_borrar_asks_first_then_erases_opts_out_and_says_goodbye(
    django_capture_on_commit_callbacks,
):
    applicant = make_applicant("(215) 555-0134")
    stranger = make_applicant(OTHER_PHONE)

    text("BORRAR")
    ask = last_reply()
    assert ask.language == "es"
    assert "responda BORRAR SI en 10 minutos" in ask.body
    assert JobApplication.objects.filter(pk=applicant.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        inbound = text("Borrar, sí")

    assert inbound.handled_by == keywords.ERASE_FLOW
    assert not JobApplication.objects.filter(pk=applicant.pk).exists()
    assert JobApplication.objects.filter(pk=stranger.pk).exists()
    assert OptOut.objects.filter(channel="sms").count() == 1
    assert is_opted_out("sms", PHONE)
    assert not Conversation.objects.exists()
    done = last_reply()
    assert (done.language, done.purpose) == ("es", "optout")
    assert "Este es nuestro ultimo mensaje." in done.body
    assert [sent.body for sent in locmem.outbox] == [done.body]


def test_delete_yes_in_english():
    make_applicant(PHONE)
    text("DELETE")
    text("delete yes")
    assert not JobApplication.objects.exists()
    assert last_reply().body.endswith("This is our last text.")


def test_anything_else_cancels_the_erasure():
    applicant = make_applicant(PHONE)
    text("DELETE")
    text("no, wait")
    assert JobApplication.objects.filter(pk=applicant.pk).exists()
    assert not is_opted_out("sms", PHONE)
    assert "nothing was erased" in last_reply().body
    assert not Conversation.objects.exists()


def test_an_expired_erasure_request_confirms_nothing():
    applicant = make_applicant(PHONE)
    text("BORRAR")
    Conversation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    text("BORRAR SI")
    assert JobApplication.objects.filter(pk=applicant.pk).exists()
    assert last_reply().body.startswith("vecinos\n")


def test_unknown_text_from_an_unknown_number_gets_the_bilingual_menu():
    inbound = text("hola, necesito información")
    assert inbound.handled_by == "menu"
    body = last_reply().body
    assert body.splitlines()[1:] == ["Text HELP for help.", "Escriba AYUDA para recibir ayuda."]


def test_the_menu_lists_registered_starters_and_fits_two_segments():
    from vecinos.messaging.sms_length import count_segments

    conversations.register_flow("test.join", {"en": ["JOIN"], "es": ["UNIRME"]}, lambda c, m: None)
    try:
        text("what is this")
    finally:
        conversations.unregister_flow("test.join")
    body = last_reply().body
    assert "Text HELP for help, or one of: JOIN" in body
    assert "o una de estas palabras: UNIRME" in body
    assert count_segments(body).segments <= 2


def test_a_retried_text_is_handled_once():
    first = handle_inbound_sms(PHONE, "AYUDA", "SM-retried")
    again = handle_inbound_sms(PHONE, "AYUDA", "SM-retried")
    assert first is not None and again is None
    assert InboundMessage.objects.count() == 1
    assert len(replies()) == 1


def test_the_inbound_text_is_stored_encrypted_with_its_handler():
    inbound = text("HELP")
    stored = InboundMessage.objects.get(pk=inbound.pk)
    assert (stored.from_address, stored.body, stored.handled_by) == (PHONE, "HELP", "help")


def test_a_short_code_sender_is_stored_but_not_answered():
    inbound = handle_inbound_sms("72345", "STOP", "SM-short")
    assert inbound.handled_by == "unreadable"
    assert OutboundMessage.objects.count() == 0
    assert OptOut.objects.count() == 0


def test_a_flow_reply_goes_out_in_the_conversations_language():
    def flow(conversation, message):
        return Reply(body=f"got {len(message.words)} words")

    conversations.register_flow("test.echo", {"es": ["PRUEBA"]}, flow)
    try:
        text("prueba uno dos")
    finally:
        conversations.unregister_flow("test.echo")
    reply = last_reply()
    assert (reply.body, reply.language, reply.purpose) == ("got 3 words", "es", "reply")


@pytest.fixture
def join_flow():
    conversations.register_flow("test.join", {"en": ["JOIN"], "es": ["UNIRME"]}, lambda c, m: None)
    yield
    conversations.unregister_flow("test.join")


def test_language_from_a_number_we_hold_nothing_about_does_not_promise_or_loop(join_flow):
    # Before, LANGUAGE answered "from now on we will text you in English. Text LANGUAGE for
    # Spanish", and LANGUAGE gave the same answer again, for ever.
    text("LANGUAGE")
    first = last_reply()
    assert first.language == "en"
    assert "from now on" not in first.body
    assert "Text LANGUAGE" not in first.body
    assert "this number has not joined, so we keep no language for it" in first.body
    # It names the words that do start a conversation in English.
    assert "JOIN" in first.body

    text("IDIOMA")
    second = last_reply()
    assert second.language == "es"
    assert "no guardamos su idioma" in second.body
    assert "UNIRME" in second.body
    assert "IDIOMA" not in second.body


def test_language_stored_by_a_setter_gets_the_from_now_on_answer():
    keywords.register_language_setter(lambda phone, language: phone == PHONE)
    try:
        text("LANGUAGE")
    finally:
        keywords._language_setters.clear()
    assert "from now on we will text you in English" in last_reply().body


def test_start_calls_the_start_hooks():
    seen = []
    keywords.register_start_hook(seen.append)
    try:
        opt_out("sms", PHONE)
        text("START")
    finally:
        keywords.unregister_start_hook(seen.append)
    assert seen == [PHONE]
