"""Floods from many addresses on a workshop's registration form: a registration without the
proof of work is held, gets the usual next page, and registers when an admin accepts it."""

import re

import pytest

from vecinos.core.ratelimit import count_everyone
from vecinos.core.tests.conftest import signed_in
from vecinos.privacy.floods import PERIOD
from vecinos.privacy.models import HeldPost
from vecinos.workshops.models import Registration

from .test_pages import form_data


@pytest.fixture
def flood(settings, workshop):
    settings.VECINOS_FLOOD_POSTS_PER_MINUTE = 1
    settings.VECINOS_FLOOD_BITS = 8
    for _ in range(2):
        count_everyone("flood.workshops.register", period=PERIOD)
    return workshop


def test_a_held_registration_registers_when_an_admin_accepts_it(client, flood):
    url = f"/es/talleres/{flood.pk}/"
    assert re.search(r'name="pow_seed" value="[^"]+"', client.get(url).text)
    response = client.post(url, form_data())
    assert response.status_code == 302
    assert response["Location"] == f"/es/talleres/{flood.pk}/inscripcion/"
    assert Registration.objects.count() == 0
    held = HeldPost.objects.get()
    assert held.view_kwargs == {"pk": str(flood.pk)}

    signed_in(client, "adela", "admin")
    client.post("/admin/held-posts/", {"held": held.pk, "action": "accept"})
    registration = Registration.objects.get()
    assert registration.workshop == flood and registration.name == "Lupe"
    held.refresh_from_db()
    assert held.status == "accepted"
