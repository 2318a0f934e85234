"""The Twilio channel over real HTTP, against the fake Twilio API on loopback."""

import http.server
import threading
import urllib.parse

import pytest

from vecinos.messaging.channels import twilio_sms
from vecinos.messaging.channels.base import PermanentFailure, RetryLater
from vecinos.messaging.models import OutboundMessage


def sms(to="+16175550123", body="Hola, vecina"):
    return OutboundMessage(channel="sms", to_address=to, body=body, language="es", purpose="alert")


@pytest.fixture
def channel(fake_twilio):
    return twilio_sms.TwilioSMSChannel()


def test_send_reaches_the_provider_with_the_sender_and_returns_its_sid(channel, fake_twilio):
    message = sms()
    result = channel.send(message)

    [accepted] = fake_twilio.messages
    assert result.provider_id == accepted.sid
    assert accepted.sid.startswith("SM") and len(accepted.sid) == 34
    assert (accepted.to, accepted.body, accepted.sender) == (
        "+16175550123",
        "Hola, vecina",
        "+15005550006",
    )
    assert accepted.status_callback.endswith(f"/hooks/twilio/status/?m={message.id}")


def test_send_uses_the_messaging_service_when_one_is_set(channel, fake_twilio, settings):
    settings.TWILIO_MESSAGING_SERVICE_SID = "MG" + "1" * 32
    channel.send(sms())
    assert fake_twilio.messages[0].sender == "MG" + "1" * 32


def test_each_message_goes_from_its_own_sender(channel, fake_twilio, settings):
    service = "MG" + "2" * 32
    settings.VECINOS_SMS_SENDERS = f"+12155550100:1,+12155550101:1,{service}:10"
    for sender in ("+12155550101", service, "+12155550100"):
        message = sms()
        message.sender = sender
        channel.send(message)
    assert [m.sender for m in fake_twilio.messages] == ["+12155550101", service, "+12155550100"]
    # From for a number, MessagingServiceSid (and no From) for a service.
    first, second, _third = fake_twilio.messages
    assert (first.from_number, first.service_sid) == ("+12155550101", "")
    assert (second.from_number, second.service_sid) == ("", service)


def test_server_error_is_a_retry_that_counts_as_an_attempt(channel, fake_twilio):
    fake_twilio.fail_next("500")
    with pytest.raises(RetryLater) as raised:
        channel.send(sms())
    assert raised.value.backpressure is False
    assert fake_twilio.messages == []


def test_too_many_requests_is_back_pressure_not_a_failure(channel, fake_twilio):
    fake_twilio.fail_next("429")
    with pytest.raises(RetryLater) as raised:
        channel.send(sms())
    assert raised.value.backpressure is True
    assert raised.value.code == "20429"


def test_the_senders_rate_limit_answers_429_then_lets_the_next_second_through(channel, fake_twilio):
    fake_twilio.rate_limit = 1
    channel.send(sms())
    with pytest.raises(RetryLater) as raised:
        channel.send(sms(to="+16175550124"))
    assert raised.value.backpressure is True
    assert fake_twilio.requests["rate_limited"] == 1


def test_the_provider_refuses_each_sender_past_its_own_limit_in_any_second(
    channel, fake_twilio, settings
):
    settings.VECINOS_SMS_SENDERS = "+12155550100:2,+12155550101:1"
    fake_twilio.rate_limit = {"+12155550100": 2, "+12155550101": 1}
    sent = []
    for sender in ["+12155550100"] * 3 + ["+12155550101"] * 2:
        message = sms()
        message.sender = sender
        try:
            channel.send(message)
            sent.append(sender)
        except RetryLater as refused:
            assert (refused.backpressure, refused.code) == (True, "20429")
    assert sent == ["+12155550100", "+12155550100", "+12155550101"]
    assert fake_twilio.requests["rate_limited"] == 2


def test_a_reset_connection_is_a_retry(channel, fake_twilio):
    fake_twilio.fail_next("reset")
    with pytest.raises(RetryLater) as raised:
        channel.send(sms())
    assert raised.value.code == "network"


def test_a_provider_that_hangs_times_out_as_a_retry(fake_twilio, monkeypatch):
    monkeypatch.setattr(twilio_sms, "REQUEST_TIMEOUT_SECONDS", 0.5)
    fake_twilio.hang_seconds = 5
    fake_twilio.fail_next("hang")
    with pytest.raises(RetryLater) as raised:
        twilio_sms.TwilioSMSChannel().send(sms())
    assert raised.value.code == "network"
    assert fake_twilio.messages == []


def test_an_invalid_number_is_a_permanent_failure_with_twilios_code(channel, fake_twilio):
    fake_twilio.fail_next("invalid")
    with pytest.raises(PermanentFailure) as raised:
        channel.send(sms())
    assert raised.value.code == "21211"


def test_a_wrong_auth_token_is_refused_and_nothing_is_sent(fake_twilio, settings):
    settings.TWILIO_AUTH_TOKEN = "not-the-token"
    with pytest.raises(PermanentFailure) as raised:
        twilio_sms.TwilioSMSChannel().send(sms())
    assert raised.value.code == "20003"
    assert fake_twilio.messages == []
    assert fake_twilio.requests["unauthorized"] == 1


class _Receiver(http.server.BaseHTTPRequestHandler):
    received: list

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.received.append(
            (self.path, dict(urllib.parse.parse_qsl(body)), self.headers["X-Twilio-Signature"])
        )
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def callback_receiver(settings):
    """A plain HTTP server standing in for our public URL, keeping the callbacks it gets."""
    received = []
    handler = type("Receiver", (_Receiver,), {"received": received})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.PUBLIC_URL = f"http://127.0.0.1:{server.server_address[1]}"
    yield received
    server.shutdown()
    server.server_close()


def test_status_callbacks_are_signed_the_way_twilios_own_validator_expects(
    channel, fake_twilio, callback_receiver, settings
):
    fake_twilio.callbacks.outcome = "failed"
    fake_twilio.callbacks.error_code = "30006"
    fake_twilio.callbacks.gap = 0.2
    sid = channel.send(sms()).provider_id
    assert fake_twilio.wait_for_callbacks(2)

    statuses = []
    for path, params, signature in callback_receiver:
        url = settings.PUBLIC_URL + path
        assert twilio_sms.validate_signature(url, params, signature)
        assert not twilio_sms.validate_signature(url, {**params, "MessageStatus": "x"}, signature)
        assert params["MessageSid"] == sid
        statuses.append((params["MessageStatus"], params.get("ErrorCode")))
    assert statuses == [("sent", None), ("failed", "30006")]


def test_callbacks_can_come_twice_and_out_of_order(channel, fake_twilio, callback_receiver):
    fake_twilio.callbacks.duplicate = True
    fake_twilio.callbacks.reorder = True
    fake_twilio.callbacks.gap = 0.1
    channel.send(sms())
    assert fake_twilio.wait_for_callbacks(4)
    assert [params["MessageStatus"] for _path, params, _sig in callback_receiver] == [
        "delivered",
        "delivered",
        "sent",
        "sent",
    ]


def test_callbacks_wait_for_the_configured_delay(channel, fake_twilio, callback_receiver):
    fake_twilio.callbacks.delay = 0.5
    channel.send(sms())
    sent_at = fake_twilio.messages[0].received_at
    assert fake_twilio.wait_for_callbacks(2)
    assert fake_twilio.callback_log[0].posted_at - sent_at >= 0.5
