"""Real peers for the messaging tests: a fake Twilio API and an SMTP server on loopback."""

import os

import pytest

from vecinos.messaging import conversations, keywords, voice
from vecinos.messaging.testing.fake_twilio import FakeTwilio
from vecinos.messaging.testing.smtp import SMTPServer
from vecinos.messaging.testing.workers import Deployment, MigratedTemplate


@pytest.fixture(autouse=True)
def only_messaging_hooks():
    """Set aside the flows, keyword hooks and call options other apps register (zones' JOIN,
    a member's language, the hotline's menu), so these tests see the engine alone; put them
    back afterwards."""
    registries = (
        conversations._flows,
        keywords._language_lookups,
        keywords._language_setters,
        keywords._stop_hooks,
        voice._options,
    )
    saved = [registry.snapshot() for registry in registries]
    for name in conversations._flows.names():
        if not name.startswith("messaging."):
            conversations._flows.unregister(name)
    for registry in registries[1:]:
        registry.clear()
    yield
    for registry, before in zip(registries, saved, strict=True):
        registry.restore(before)


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


@pytest.fixture(scope="session")
def outbox_template(tmp_path_factory):
    """A database migrated once per run for out-of-process tests, on the run's own server.

    Under DATABASE_URL=postgres://… the copies are PostgreSQL databases on that server;
    otherwise SQLite files.
    """
    server = os.environ.get("DATABASE_URL", "")
    template = MigratedTemplate(tmp_path_factory.mktemp("outbox-template"), server)
    yield template
    template.close()


@pytest.fixture
def deployment_factory(outbox_template, tmp_path):
    """Make Deployments (a database copy and worker processes) that are torn down after."""
    made = []

    def make(fake, **options):
        deployment = Deployment(
            tmp_path / f"deployment-{len(made)}",
            fake=fake,
            database_server_url=os.environ.get("DATABASE_URL", ""),
            template=outbox_template,
            **options,
        )
        made.append(deployment)
        return deployment

    yield make
    for deployment in made:
        deployment.close()
