"""Twilio's webhooks over real HTTP, signed with twilio's own RequestValidator."""

import xml.etree.ElementTree as ET

import pytest
import requests
from django.urls import reverse
from twilio.request_validator import RequestValidator

from vecinos.messaging import voice
from vecinos.messaging.models import InboundMessage, OptOut, OutboundMessage

from .inbound import PHONE, last_reply

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = "test-auth-token-0123456789abcdef"


@pytest.fixture
def hooks(live_server, settings):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.PUBLIC_URL = live_server.url
    return live_server.url


def post(base, path, params, *, token=TOKEN, signature=None, sign_url=None):
    """POST form parameters the way Twilio does, signed unless told otherwise."""
    url = base + path
    headers = {}
    if signature is None and token:
        signature = RequestValidator(token).compute_signature(sign_url or url, params)
    if signature:
        headers["X-Twilio-Signature"] = signature
    return requests.post(url, data=params, headers=headers, timeout=10)


def sms_params(body="AYUDA", sid="SM" + "a" * 32, sender=PHONE):
    return {
        "MessageSid": sid,
        "SmsSid": sid,
        "AccountSid": "AC" + "0" * 32,
        "From": sender,
        "To": "+12155550100",
        "Body": body,
        "NumMedia": "0",
    }


SMS = "/hooks/twilio/sms/"
VOICE = "/hooks/twilio/voice/"
STATUS = "/hooks/twilio/status/"


def test_the_paths_are_where_twilio_is_told_to_call():
    assert reverse("messaging:twilio-sms") == SMS
    assert reverse("messaging:twilio-voice") == VOICE
    assert reverse("messaging:twilio-status") == STATUS


@pytest.mark.parametrize(
    "how",
    ["unsigned", "wrong token", "garbage", "other url", "tampered body"],
)
@pytest.mark.parametrize("path", [SMS, VOICE, STATUS])
def test_a_request_not_signed_by_twilio_gets_403_and_stores_nothing(hooks, path, how):
    params = sms_params("ALTO")
    if how == "unsigned":
        response = post(hooks, path, params, token=None)
    elif how == "wrong token":
        response = post(hooks, path, params, token="not-our-token")
    elif how == "garbage":
        response = post(hooks, path, params, signature="bm90IGEgc2lnbmF0dXJl")
    elif how == "other url":
        response = post(hooks, path, params, sign_url=hooks + "/hooks/twilio/other/")
    else:
        signature = RequestValidator(TOKEN).compute_signature(hooks + path, params)
        response = post(hooks, path, {**params, "Body": "BORRAR"}, signature=signature)

    assert response.status_code == 403
    assert InboundMessage.objects.count() == 0
    assert OptOut.objects.count() == 0
    assert OutboundMessage.objects.count() == 0


def test_get_is_refused(hooks):
    assert requests.get(hooks + SMS, timeout=10).status_code == 405


def test_a_signed_text_is_stored_answered_through_the_outbox_with_empty_twiml(hooks):
    response = post(hooks, SMS, sms_params("AYUDA"))

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/xml")
    root = ET.fromstring(response.content)
    assert (root.tag, list(root)) == ("Response", [])
    inbound = InboundMessage.objects.get()
    assert (inbound.from_address, inbound.body, inbound.handled_by) == (PHONE, "AYUDA", "help")
    assert last_reply().language == "es"


def test_a_retried_webhook_acts_once(hooks):
    params = sms_params("ALTO", sid="SM" + "b" * 32)
    first = post(hooks, SMS, params)
    second = post(hooks, SMS, params)

    assert (first.status_code, second.status_code) == (200, 200)
    assert InboundMessage.objects.count() == 1
    assert OptOut.objects.count() == 1
    assert OutboundMessage.objects.count() == 1


def test_a_text_without_a_message_sid_is_a_bad_request(hooks):
    params = sms_params()
    del params["MessageSid"], params["SmsSid"]
    assert post(hooks, SMS, params).status_code == 400
    assert InboundMessage.objects.count() == 0


def test_the_signature_covers_the_query_string(hooks):
    params = sms_params("HELP", sid="SM" + "c" * 32)
    response = post(hooks, SMS + "?x=1", params)
    assert response.status_code == 200
    # Signed for the URL without the query: refused.
    signature = RequestValidator(TOKEN).compute_signature(hooks + SMS, params)
    assert post(hooks, SMS + "?x=1", params, signature=signature).status_code == 403


def test_status_callback_marks_the_message_delivered(hooks):
    message = OutboundMessage(
        channel="sms",
        to_address=PHONE,
        body="Hola",
        language="es",
        purpose="reply",
        status=OutboundMessage.Status.SENT,
        provider_id="SM" + "d" * 32,
    )
    message.save(force_insert=True)
    params = {
        "MessageSid": message.provider_id,
        "MessageStatus": "delivered",
        "AccountSid": "AC" + "0" * 32,
    }

    response = post(hooks, f"{STATUS}?m={message.id}", params)

    assert response.status_code == 204
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.DELIVERED


def test_status_callback_records_a_failure_code(hooks):
    message = OutboundMessage(
        channel="sms",
        to_address=PHONE,
        body="Hola",
        language="es",
        purpose="reply",
        status=OutboundMessage.Status.SENT,
        provider_id="SM" + "e" * 32,
    )
    message.save(force_insert=True)
    params = {
        "MessageSid": message.provider_id,
        "MessageStatus": "undelivered",
        "ErrorCode": "30003",
    }

    assert post(hooks, STATUS, params).status_code == 204
    message.refresh_from_db()
    assert (message.status, message.error_code) == (OutboundMessage.Status.FAILED, "30003")


def twiml(response):
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)


def says(root):
    return [(say.get("language"), say.text) for say in root.iter("Say")]


def call_params(**extra):
    return {"CallSid": "CA" + "1" * 32, "From": PHONE, "To": "+12155550100", **extra}


def test_a_call_with_no_options_hears_how_to_text_help_and_ends(hooks):
    root = twiml(post(hooks, VOICE, call_params()))

    [english, spanish] = says(root)
    assert english[0] == "en-US" and "text HELP to it for our options" in english[1]
    assert spanish[0] == "es-MX" and "envíe AYUDA para conocer nuestras opciones" in spanish[1]
    assert root.find("Hangup") is not None
    assert root.find("Gather") is None


@pytest.fixture
def hotline_options():
    calls = []

    def report(request, language):
        calls.append(("report", language))
        return voice.twiml_response("messaging/voice/goodbye.txt", {}, language)

    def workshop(request, language):
        calls.append(("workshop", language))
        return voice.twiml_response("messaging/voice/goodbye.txt", {}, language)

    voice.register_voice_option("1", "report a raid", report)
    voice.register_voice_option("2", "hear about workshops", workshop)
    yield calls
    voice.unregister_voice_option("1")
    voice.unregister_voice_option("2")


def test_a_call_first_chooses_a_language_then_a_registered_option(hooks, hotline_options):
    root = twiml(post(hooks, VOICE, call_params()))
    gather = root.find("Gather")
    assert says(root) == [("en-US", "For English, press 1."), ("es-MX", "Para español, marque 2.")]
    action = gather.get("action")
    assert action.startswith(VOICE + "?step=language")

    root = twiml(post(hooks, action, call_params(Digits="2")))
    [(language, text)] = says(root)
    assert language == "es-MX"
    # The labels are given in English here; registered ones are lazy translations.
    assert text.startswith("Marque 1 para report a raid. Marque 2 para hear about workshops.")

    action = root.find("Gather").get("action")
    root = twiml(post(hooks, action, call_params(Digits="2")))
    assert hotline_options == [("workshop", "es")]
    assert says(root)[0][0] == "es-MX"


def test_a_caller_who_presses_nothing_hears_the_menu_again_then_goodbye(hooks, hotline_options):
    root = twiml(post(hooks, VOICE, call_params()))
    redirect = root.find("Redirect").text
    root = twiml(post(hooks, redirect, call_params()))
    assert root.find("Gather") is not None
    redirect = root.find("Redirect").text
    root = twiml(post(hooks, redirect, call_params()))
    assert root.find("Gather") is None
    assert root.find("Hangup") is not None
    assert hotline_options == []


def test_one_registered_option_is_taken_as_soon_as_the_language_is_known(hooks):
    calls = []
    voice.register_voice_option(
        "1",
        "report a raid",
        lambda request, language: (
            calls.append(language)
            or voice.twiml_response("messaging/voice/goodbye.txt", {}, language)
        ),
    )
    try:
        root = twiml(post(hooks, VOICE, call_params()))
        twiml(post(hooks, root.find("Gather").get("action"), call_params(Digits="1")))
    finally:
        voice.unregister_voice_option("1")
    assert calls == ["en"]
