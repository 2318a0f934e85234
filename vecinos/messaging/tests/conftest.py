"""Real peers for the messaging tests: a fake Twilio API and an SMTP server on loopback."""

import pytest

from vecinos.messaging.testing.fake_twilio import FakeTwilio
from vecinos.messaging.testing.smtp import SMTPServer


@pytest.fixture
def fake_twilio(settings):
    """A running fake Twilio API; the Twilio channel is pointed at it for the test.

    `.url`, `.messages`, `.fail_next(kind, n)`, `.rate_limit` and `.callbacks` (a
    CallbackPlan: delay, duplicate, reorder, outcome) are what tests usually touch.
    """
    with FakeTwilio() as fake:
        settings.TWILIO_API_BASE = fake.url
        settings.TWILIO_ACCOUNT_SID = fake.account_sid
        settings.TWILIO_AUTH_TOKEN = fake.auth_token
        settings.TWILIO_FROM_NUMBER = "+15005550006"
        yield fake


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django's SMTP e-mail backend is pointed at it."""
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = server.host
        settings.EMAIL_PORT = server.port
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        yield server
