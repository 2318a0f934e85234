"""The public workshop page tells nobody whether a phone is already registered."""

import re

import pytest

from vecinos.content.testing import make_homes
from vecinos.workshops import services
from vecinos.workshops.models import Registration

from .conftest import make_workshop

KNOWN = "215 555 0177"
UNKNOWN = "215 555 0188"


@pytest.fixture(autouse=True)
def homes(db):
    return make_homes()


def post(client, workshop, phone, family="2"):
    data = {"name": "Lupe", "phone": phone, "language": "es", "family_size": family}
    return client.post(f"/es/talleres/{workshop.pk}/", data)


def seats_shown(client, workshop) -> int | None:
    page = client.get(f"/es/talleres/{workshop.pk}/").content.decode()
    found = re.search(r"(\d+) (?:asiento|lugar|plaza|cupo)", page)
    return int(found.group(1)) if found else None


def comparable(response, phone) -> tuple[int, str, bytes]:
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    body = body.replace(phone, "PHONE")
    return response.status_code, response.get("Location", ""), body.encode()


def register_known(workshop):
    services.register_for_workshop(
        workshop,
        services.Registrant(name="Rocío", language="es", phone=KNOWN, family_size=2),
        source=Registration.Source.WEB,
    )


def test_the_seat_figure_moves_the_same_for_a_known_and_an_unknown_phone(client, topic):
    workshop = make_workshop(topic, capacity=10)
    register_known(workshop)
    before = seats_shown(client, workshop)
    assert before == 8

    known = post(client, workshop, KNOWN)
    after_known = seats_shown(client, workshop)
    unknown = post(client, workshop, UNKNOWN)
    after_unknown = seats_shown(client, workshop)

    assert comparable(known, KNOWN) == comparable(unknown, UNKNOWN)
    assert before - after_known == after_known - after_unknown == 2


def test_a_full_workshop_answers_a_known_phone_as_it_answers_a_new_one(client, topic):
    workshop = make_workshop(topic, capacity=2, waitlist=False)
    register_known(workshop)

    known = post(client, workshop, KNOWN)
    unknown = post(client, workshop, UNKNOWN)

    assert known.status_code == unknown.status_code == 409
    assert comparable(known, KNOWN) == comparable(unknown, UNKNOWN)
    # The registered family keeps its seat, and its ticket is sent again to its own phone.
    assert Registration.objects.filter(workshop=workshop).count() == 1


def test_a_full_workshop_counts_every_post_toward_the_rate_limit_alike(client, topic, settings):
    """The count commits with the registration; a refusal undoes the registration only, so a
    known phone (answered as full, a repeat written) and a new one (refused) count alike."""
    from vecinos.core.models import RateLimitCounter
    from vecinos.workshops.views import RATE_LIMIT

    settings.VECINOS_RATELIMIT_STORE = "database"
    workshop = make_workshop(topic, capacity=2, waitlist=False)
    register_known(workshop)

    for _ in range(RATE_LIMIT // 2):
        assert post(client, workshop, KNOWN).status_code == 409
        assert post(client, workshop, UNKNOWN).status_code == 409
    (count,) = RateLimitCounter.objects.filter(key__contains="trainings.register")
    assert count.count == RATE_LIMIT
    assert post(client, workshop, UNKNOWN).status_code == 429
    assert post(client, workshop, KNOWN).status_code == 429
