"""Channels: each turns a provider's answer into sent, retry later, or never."""

import smtplib
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from twilio.request_validator import RequestValidator

from vecinos.messaging.channels import base, email, locmem, twilio_sms
from vecinos.messaging.channels.base import PermanentFailure, RetryLater, get_channel
from vecinos.messaging.channels.console import ConsoleChannel
from vecinos.messaging.models import OutboundMessage


def message(channel="email", to="ana@example.org", **fields):
    return OutboundMessage(
        id=uuid.uuid4(),
        channel=channel,
        to_address=to,
        subject=fields.pop("subject", "Reunión"),
        body=fields.pop("body", "El martes a las 7"),
        language="es",
        purpose="notice",
        **fields,
    )


class RefusingBackend:
    """An e-mail backend that fails the way an SMTP server does, chosen per test."""

    error: Exception

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise RefusingBackend.error


@pytest.fixture
def refusing(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    return RefusingBackend


def test_get_channel_follows_the_settings(settings):
    assert isinstance(get_channel("sms"), locmem.LocmemChannel)
    settings.VECINOS_SMS_CHANNEL = "vecinos.messaging.channels.console.ConsoleChannel"
    assert isinstance(get_channel("sms"), ConsoleChannel)
    with pytest.raises(ValueError):
        base.channel_path("fax")


def test_locmem_keeps_what_it_sent_and_raises_what_it_is_told():
    locmem.reset()
    channel = locmem.LocmemChannel()
    result = channel.send(message())
    assert locmem.outbox[0].provider_id == result.provider_id
    locmem.fail_next.append(RetryLater(code="x"))
    with pytest.raises(RetryLater):
        channel.send(message())
    locmem.reset()


def test_console_names_the_message_not_the_person(caplog):
    caplog.set_level("INFO", logger="vecinos.messaging.channels.console")
    sent = message(channel="sms", to="+12155550134")
    result = ConsoleChannel().send(sent)
    assert result.provider_id.startswith("console-")
    assert str(sent.id) in caplog.text and "0134" not in caplog.text and "martes" not in caplog.text


def test_email_goes_through_djangos_backend(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "Vecinos <avisos@vecinos.example>"
    result = email.EmailChannel().send(message())
    [sent] = mail.outbox
    assert (sent.to, sent.subject, sent.body) == (
        ["ana@example.org"],
        "Reunión",
        "El martes a las 7",
    )
    assert sent.extra_headers["Message-ID"] == f"<{result.provider_id}>"
    assert result.provider_id.endswith("@vecinos.example")


@pytest.mark.parametrize(
    "error, outcome, backpressure",
    [
        (smtplib.SMTPRecipientsRefused({"ana@example.org": (550, b"no such user")}), "never", None),
        (smtplib.SMTPRecipientsRefused({"ana@example.org": (452, b"try later")}), "later", True),
        (smtplib.SMTPResponseException(421, b"too many connections"), "later", True),
        (smtplib.SMTPResponseException(554, b"rejected"), "never", None),
        (smtplib.SMTPServerDisconnected("gone"), "later", False),
        (ConnectionRefusedError(), "later", False),
        (TimeoutError(), "later", False),
    ],
)
def test_smtp_answers_are_sorted_into_later_and_never(refusing, error, outcome, backpressure):
    refusing.error = error
    expected = RetryLater if outcome == "later" else PermanentFailure
    with pytest.raises(expected) as raised:
        email.EmailChannel().send(message())
    if outcome == "later":
        assert raised.value.backpressure is backpressure


def test_email_reaches_a_real_smtp_server(smtp_server):
    result = email.EmailChannel().send(message(body="Hola desde el servidor"))
    # The SMTP conversation is over when send() returns, so the server already has it.
    [received] = smtp_server.messages
    assert received.rcpt_tos == ["ana@example.org"]
    assert (received.subject, received.text().strip()) == ("Reunión", "Hola desde el servidor")
    assert received.message["Message-ID"] == f"<{result.provider_id}>"


def test_twilio_validity_follows_the_expiry():
    assert twilio_sms.validity_seconds(None) is None
    assert 590 <= twilio_sms.validity_seconds(timezone.now() + timedelta(minutes=10)) <= 600
    assert twilio_sms.validity_seconds(timezone.now() - timedelta(minutes=1)) == 1
    assert twilio_sms.validity_seconds(timezone.now() + timedelta(days=2)) is None


def test_twilio_signatures_are_checked_with_the_auth_token(settings):
    settings.TWILIO_AUTH_TOKEN = "secret-token"
    url = "https://vecinos.example/hooks/twilio/sms/"
    params = {"From": "+12155550134", "Body": "ALTO"}
    signature = RequestValidator("secret-token").compute_signature(url, params)
    assert twilio_sms.validate_signature(url, params, signature)
    assert not twilio_sms.validate_signature(url, {**params, "Body": "START"}, signature)
    assert not twilio_sms.validate_signature(url, params, "")
    settings.TWILIO_AUTH_TOKEN = ""
    assert not twilio_sms.validate_signature(url, params, signature)
