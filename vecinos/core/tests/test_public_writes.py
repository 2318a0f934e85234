"""How many write transactions and statements each public form's post costs.

On the embedded database every write transaction waits for the one write lock, so a sign-up
that committed six times (its flood count, its rate-limit count, its rows with the audit row,
its session twice, its task row) waited six times. The settings are those of a running server,
not the test stand-ins: the rate limits and the flood counts in the database, tasks in the
database, data keys kept in memory, the hourly budget of verification texts on. The demo
organization is the fixture, so the forms are the ones a visitor sees; each form is posted
once to warm up, then by a new person from a new browser, and that post is counted.
"""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from vecinos.core.testing import counting_writes
from vecinos.privacy import crypto

pytestmark = pytest.mark.django_db

# Per form: (write transactions, most statements) of one post by a new person, the whole
# request with its middleware, as measured on PostgreSQL (SQLite makes one fewer: PostgreSQL
# takes the audit chain's lock with a statement of its own). Before, on SQLite: the sign-up 6
# transactions and 36 statements, the workshop 4 and 28, the hotline 3 and 23, the letter,
# petition and event 3 each and 23, 21 and 24, the gift 3 and 17, the tip 2 and 13.
#
# The zone sign-up, the workshop registration, the hotline report and the coalition's letter,
# petition and event forms check their form first, with no lock held, and then make the
# rate-limit count (and the flood guard's, which waits for it: privacy/floods.py) in the
# transaction of their rows (core/ratelimit.py, counted_post): one commit, and the write lock
# held for the writes only. One transaction around the whole view was tried: it holds the lock
# through the view's reads, form checks, encryption and message rendering, and a quick check
# of 16 concurrent sign-ups on SQLite showed the p99 doubled though the median fell. The other
# forms still make their count as a statement of its own in autocommit, before their rows.
EXPECTED = {
    # The flood count, rate-limit count, member, audit row, code, message, task row and the
    # session with its ticket.
    "zones:join": (1, 20),
    # The flood count, rate-limit count, the registration with its message and task row.
    "workshops:detail": (1, 24),
    "hotline:report": (1, 20),
    # The flood count, rate-limit count, the signature with its message and task row.
    "coalition:sign": (1, 23),
    "coalition:petition-sign": (1, 21),
    "coalition:event-rsvp": (1, 25),
    # The count commits before the codename's key derivation (Argon2id, tens of milliseconds
    # at a server's cost), which must not hold the write lock; the source and its tip after.
    "tips:send": (2, 13),
    # The count and the gift's rows commit in one short transaction before the card
    # processor is called, its checkout id after: a network call must not hold the lock.
    "fundraising:give": (2, 20),
}


@pytest.fixture
def server_settings(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.VECINOS_RATELIMIT_STORE = "database"
    settings.VECINOS_FLOOD_POSTS_PER_MINUTE = 30
    settings.VECINOS_VERIFICATION_TEXTS_PER_HOUR = 200
    settings.VECINOS_KEY_CACHE_SECONDS = 30
    settings.DEBUG = True  # the development stand-in for card gifts, as in `make run`
    crypto.forget_data_keys()
    yield
    crypto.forget_data_keys()


@pytest.fixture
def demo(server_settings):
    call_command("load_demo")
    cache.clear()


def post(path, data):
    """Post from a new browser that has seen the form; return the response and the count."""
    client = Client()
    client.get(path)
    with counting_writes() as counted:
        response = client.post(path, data)
    assert response.status_code in (200, 302), response.content.decode()[-2000:]
    return response, counted


def measure(name, path, person):
    """Post once to warm up, then count the post of a new person."""
    post(path, person(0))
    _response, counted = post(path, person(1))
    print(
        f"{name} [{connection.vendor}]: {counted.transactions} write transactions, "
        f"{counted.statements} statements, {counted.writes} writes"
    )
    return counted


FORMS = {}


def form(name):
    def register(function):
        FORMS[name] = function
        return function

    return register


@form("zones:join")
def zone_sign_up():
    from vecinos.zones.models import Block

    block = Block.objects.select_related("zone").filter(zone__isnull=False).first()
    with translation.override("es"):
        path = reverse("zones:join")
    page = Client().get(path).content.decode()
    version = re.search(r'name="consent_version" value="([^"]*)"', page).group(1)

    def person(n):
        return {
            "name": f"Vecina {n}",
            "phone": f"215555{n:04d}",
            "language": "es",
            "zone": block.zone.slug,
            "block": str(block.pk),
            "consent_version": version,
            "consent": "on",
        }

    return measure("zones:join", path, person)


@form("workshops:detail")
def workshop_registration():
    from vecinos.workshops.models import Topic
    from vecinos.workshops.tests.conftest import make_workshop

    workshop = make_workshop(Topic.objects.first(), capacity=20)
    with translation.override("es"):
        path = reverse("workshops:detail", args=[workshop.pk])

    def person(n):
        return {
            "name": f"Lupe {n}",
            "phone": f"215555{n:04d}",
            "language": "es",
            "family_size": "2",
        }

    return measure("workshops:detail", path, person)


@form("hotline:report")
def hotline_report():
    from vecinos.core.tests.test_no_membership_oracle import first_choice

    with translation.override("es"):
        path = reverse("hotline:report")
    page = Client().get(path).content.decode()

    def person(n):
        return {
            "agency": first_choice(page, "agency"),
            "activity": first_choice(page, "activity"),
            "block": first_choice(page, "block", index=n),
            "when": first_choice(page, "when"),
            "description": "Agentes en la esquina",
        }

    return measure("hotline:report", path, person)


@form("tips:send")
def tip():
    with translation.override("en"):
        path = reverse("tips:send")

    def person(n):
        return {"message": f"Agents wait outside the county jail, {n}."}

    return measure("tips:send", path, person)


@form("coalition:sign")
def letter_signature():
    from vecinos.coalition.models import LetterPage

    page = next(
        p for p in LetterPage.objects.live().filter(locale__language_code="en") if p.is_open
    )
    with translation.override("en"):
        path = reverse("coalition:sign", kwargs={"page_id": page.pk})

    def person(n):
        return {
            "kind": "person",
            "public_name": f"Tomás Ybarra {n}",
            "city": "Camden",
            "state": "NJ",
            "email": f"tomas{n}@example.org",
        }

    return measure("coalition:sign", path, person)


@form("coalition:petition-sign")
def petition_signature():
    from vecinos.coalition.models import PetitionPage

    page = next(
        p for p in PetitionPage.objects.live().filter(locale__language_code="en") if p.is_open
    )
    with translation.override("en"):
        path = reverse("coalition:petition-sign", kwargs={"page_id": page.pk})

    def person(n):
        return {"first_name": "Lucía", "city": "Camden", "email": f"lucia{n}@example.org"}

    return measure("coalition:petition-sign", path, person)


@form("coalition:event-rsvp")
def event_rsvp():
    from vecinos.coalition.models import EventPage

    page = next(p for p in EventPage.objects.live().filter(locale__language_code="en") if p.is_open)
    with translation.override("en"):
        path = reverse("coalition:event-rsvp", kwargs={"page_id": page.pk})

    def person(n):
        return {"answer": "yes", "phone": f"215555{n:04d}", "party_size": "2"}

    return measure("coalition:event-rsvp", path, person)


@form("fundraising:give")
def donation_start():
    from vecinos.fundraising.models import CampaignPage

    campaign = CampaignPage.objects.live().filter(locale__language_code="en").first()
    path = reverse("fundraising:give", args=[campaign.pk])

    def person(n):
        return {
            "amount": "25",
            "frequency": "once",
            "name": f"Donor {n}",
            "email": f"donor{n}@example.org",
            "show_as": "anonymous",
        }

    return measure("fundraising:give", path, person)


def test_public_posts_commit_few_times_with_few_statements(demo):
    measured = {name: function() for name, function in FORMS.items()}
    seen = {name: (c.transactions, c.statements) for name, c in measured.items()}
    for name, (transactions, most) in EXPECTED.items():
        counted = measured[name]
        assert counted.transactions == transactions, (name, seen, counted.sql)
        assert counted.statements <= most, (name, seen, counted.sql)
