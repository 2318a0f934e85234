from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone

from vecinos.accounts.testing import sign_in_verified
from vecinos.content.services import add_translated_pages
from vecinos.content.testing import make_homes
from vecinos.fundraising.models import CampaignPage
from vecinos.fundraising.testing.fake_stripe import FakeStripe
from vecinos.messaging.channels import locmem

WEBHOOK_SECRET = "whsec_test_secret"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def empty_message_outbox():
    locmem.reset()
    yield
    locmem.reset()


@pytest.fixture
def development(settings):
    """The development checkout instead of Stripe: no keys, DEBUG on."""
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""
    settings.DEBUG = True
    return settings


@pytest.fixture(autouse=True)
def stripe_settings(settings):
    """Stripe is set up by default (keys and the fake's base); tests unset what they need."""
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    settings.VECINOS_LEGAL_NAME = "Vecinos Unidos of South Philadelphia, Inc."
    settings.VECINOS_TAX_ID = "12-3456789"
    return settings


def make_campaign(homes, *, goal=10_000, days=30):
    end = timezone.localdate() + timedelta(days=days)
    shared = {"goal": goal, "end_date": end, "preset_amounts": "10,25,50,100"}
    pages = add_translated_pages(
        homes,
        {
            "en": CampaignPage(
                title="Stay in the neighborhood",
                slug="stay",
                summary="Help us move nearby.",
                story="<p>Our lease ends.</p>",
                offline_ways="<p>Bring a check to the office.</p>",
                **shared,
            ),
            "es": CampaignPage(
                title="Quedarnos en el barrio",
                slug="quedarnos",
                summary="Ayúdenos a mudarnos cerca.",
                story="<p>Se acaba el contrato.</p>",
                offline_ways="<p>Traiga un cheque a la oficina.</p>",
                **shared,
            ),
        },
    )
    for page in pages.values():
        page.save_revision().publish()
    return {code: CampaignPage.objects.get(pk=page.pk) for code, page in pages.items()}


@pytest.fixture
def homes(db):
    return make_homes()


@pytest.fixture
def campaign(homes):
    return make_campaign(homes)


@pytest.fixture
def fake_stripe(live_server, settings):
    """A running fake Stripe whose events reach this test's live server, signed."""
    with FakeStripe(
        webhook_url=live_server.url + "/hooks/stripe/",
        secret_key="sk_test_fake",
        webhook_secret=WEBHOOK_SECRET,
    ) as fake:
        settings.STRIPE_API_BASE = fake.url
        yield fake


def make_staff(username, *roles):
    user = get_user_model().objects.create_user(
        username=username, password="a long enough test password"
    )
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


def sign_in(client, user):
    sign_in_verified(client, user)
    return client


@pytest.fixture
def fundraiser(db):
    return make_staff("fran", "fundraiser")


@pytest.fixture
def organizer(db):
    return make_staff("olga", "organizer")
