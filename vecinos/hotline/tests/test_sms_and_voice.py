"""Reports by text (REPORT/REPORTAR) and by phone call, through signed webhooks."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from vecinos.hotline import services, voice
from vecinos.hotline.models import Report, Shift
from vecinos.messaging import voice as messaging_voice
from vecinos.messaging.models import Conversation, OutboundMessage
from vecinos.messaging.testing.fake_twilio import twilio_signature
from vecinos.messaging.tests.inbound import last_reply, text

from .conftest import block_with_neighbours, make_member

TOKEN = "test-auth-token-0123456789abcdef"
CALLER = "+12155550177"


@pytest.fixture
def signed(client, settings):
    """POST to a webhook as Twilio would, signed for the configured public URL."""
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.PUBLIC_URL = "http://testserver"

    def post(path, **params):
        params = {"CallSid": "CA" + "1" * 32, "From": CALLER, **params}
        signature = twilio_signature(TOKEN, settings.PUBLIC_URL + path, params)
        return client.post(path, params, HTTP_X_TWILIO_SIGNATURE=signature)

    return post


@pytest.fixture
def only_the_hotline_option():
    """The voice menu with the hotline's option alone, whatever other tests registered."""
    saved = messaging_voice._options.snapshot()
    messaging_voice._options.clear()
    messaging_voice.register_voice_option(voice.VOICE_DIGIT, "report", voice.hotline_menu)
    yield
    messaging_voice._options.restore(saved)


def twiml(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)


def test_a_text_report_in_spanish_asks_where_and_what(city):
    block = block_with_neighbours()
    text("REPORTAR", phone=CALLER)
    assert "cruce" in last_reply(CALLER).body.lower() or "calles" in last_reply(CALLER).body
    text(block.code, phone=CALLER)
    text("Dos camionetas y 4 agentes tocando puertas", phone=CALLER)

    report = Report.objects.get()
    assert (report.channel, report.language, report.block) == ("sms", "es", block)
    assert report.description == "Dos camionetas y 4 agentes tocando puertas"
    assert not Conversation.objects.exists()
    assert last_reply(CALLER).language == "es"


def test_a_member_reports_on_their_own_block_by_replying_1(city):
    block = block_with_neighbours()
    make_member(block, CALLER, language="en")
    text("REPORT", phone=CALLER)
    assert block.name in last_reply(CALLER).body
    text("1", phone=CALLER)
    text("ICE van parked, 2 agents", phone=CALLER)
    report = Report.objects.get()
    assert (report.block, report.language) == (block, "en")


def test_the_number_that_texted_is_not_kept_with_the_report(city):
    text("REPORT", phone=CALLER)
    text("9th and Tasker", phone=CALLER)
    text("agents", phone=CALLER)
    report = Report.objects.get()
    assert report.cross_streets == "9th and Tasker"
    values = [str(getattr(report, f.attname)) for f in Report._meta.concrete_fields]
    assert not any(CALLER in value or "2155550177" in value for value in values)


def test_a_call_hears_the_hotline_menu_and_records_a_report(signed, city, only_the_hotline_option):
    root = twiml(signed("/hooks/twilio/voice/?step=language&tries=1", Digits="2"))
    gather = root.find("Gather")
    assert "Para dejar un mensaje" in gather.find("Say").text
    assert gather.get("action") == "/hooks/hotline/voice/choice/?lang=es"

    root = twiml(signed(gather.get("action"), Digits="1"))
    record = root.find("Record")
    assert record.get("action") == "/hooks/hotline/voice/recorded/?lang=es"

    root = twiml(signed(record.get("action"), RecordingUrl="https://api.twilio.com/rec/RE1"))
    assert root.find("Hangup") is not None
    report = Report.objects.get()
    assert (report.channel, report.language, report.recording_url) == (
        "voice",
        "es",
        "https://api.twilio.com/rec/RE1",
    )


def test_a_call_is_forwarded_to_the_dispatcher_on_shift_then_voicemail(
    signed, city, dispatcher_user
):
    dispatcher = services.add_dispatcher(dispatcher_user, phone="+12155550199", actor="system")
    now = timezone.now()
    Shift.objects.create(
        dispatcher=dispatcher, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    root = twiml(signed("/hooks/hotline/voice/choice/?lang=en", Digits="2"))
    dial = root.find("Dial")
    assert dial.find("Number").text == "+12155550199"

    root = twiml(signed(dial.get("action"), DialCallStatus="no-answer"))
    assert "cannot answer" in root.find("Say").text
    assert root.find("Record") is not None

    root = twiml(signed(dial.get("action"), DialCallStatus="completed"))
    assert root.find("Record") is None


def test_with_nobody_on_shift_the_caller_leaves_a_voicemail(signed, city):
    root = twiml(signed("/hooks/hotline/voice/choice/?lang=en", Digits="2"))
    assert root.find("Dial") is None
    assert root.find("Record") is not None


def test_an_unsigned_call_webhook_is_refused(client, city, settings):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    response = client.post("/hooks/hotline/voice/recorded/?lang=es", {"RecordingUrl": "https://x"})
    assert response.status_code == 403
    assert not Report.objects.exists()
    assert not OutboundMessage.objects.exists()


def test_a_replayed_recording_callback_files_one_report_and_pages_once(
    signed, city, dispatcher_user
):
    dispatcher = services.add_dispatcher(dispatcher_user, phone="+12155550199", actor="system")
    now = timezone.now()
    Shift.objects.create(
        dispatcher=dispatcher, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    callback = {
        "CallSid": "CA" + "7" * 32,
        "RecordingSid": "RE" + "7" * 32,
        "RecordingUrl": "https://api.twilio.com/rec/RE" + "7" * 32,
    }
    first = signed("/hooks/hotline/voice/recorded/?lang=es", **callback)
    pages = OutboundMessage.objects.count()
    assert Report.objects.count() == 1 and pages >= 1

    # The provider retries the same callback (a timeout on its side, or a replay).
    again = signed("/hooks/hotline/voice/recorded/?lang=es", **callback)
    assert again.content == first.content
    assert Report.objects.count() == 1
    assert OutboundMessage.objects.count() == pages

    # Another recording of another call is a new report.
    other = {"CallSid": "CA" + "8" * 32, "RecordingSid": "RE" + "8" * 32}
    signed(
        "/hooks/hotline/voice/recorded/?lang=es",
        RecordingUrl="https://api.twilio.com/rec/2",
        **other,
    )
    assert Report.objects.count() == 2
