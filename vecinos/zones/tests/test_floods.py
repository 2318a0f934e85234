"""Floods from many addresses on the sign-up form: a sign-up without the proof of work is
held, gets the page every sign-up gets, and joins only when staff accept it."""

import re

import pytest
from django.core.cache import cache

from vecinos.core.models import AuditEntry
from vecinos.core.ratelimit import count_everyone
from vecinos.core.tests.conftest import signed_in
from vecinos.privacy.floods import PERIOD
from vecinos.privacy.models import HeldPost
from vecinos.zones.models import Member

from .test_signup import CONFIRM, E164, JOIN, form_data, place, sent_to  # noqa: F401

THRESHOLD = 2


@pytest.fixture
def flood(settings, place):  # noqa: F811
    cache.clear()
    settings.VECINOS_FLOOD_POSTS_PER_MINUTE = THRESHOLD
    settings.VECINOS_FLOOD_BITS = 8
    for _ in range(THRESHOLD + 1):
        count_everyone("flood.zones.join", period=PERIOD)
    yield place
    cache.clear()


def test_during_a_flood_the_join_form_carries_a_challenge(client, flood):
    page = client.get(JOIN).content.decode()
    assert re.search(r'name="pow_seed" value="[^"]+" data-pow-bits="8"', page)


def test_a_held_sign_up_gets_the_same_next_page_and_joins_when_staff_accept(
    client, flood, django_capture_on_commit_callbacks
):
    response = client.post(JOIN, form_data(flood))
    assert response.status_code == 302 and response["Location"] == CONFIRM
    code_page = client.get(CONFIRM)
    assert code_page.status_code == 200
    assert Member.objects.count() == 0
    assert sent_to(E164) == []
    held = HeldPost.objects.get()
    assert held.form_key == "zones.join" and held.language == "es"

    signed_in(client, "adela", "admin")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/held-posts/", {"held": held.pk, "action": "accept"})
    member = Member.objects.get()
    assert member.language == "es" and member.block == flood["block"]
    assert len(sent_to(E164)) == 1
    assert AuditEntry.objects.filter(action="privacy.held_post.accepted").count() == 1


def test_showing_the_blocks_without_javascript_is_not_held(client, flood):
    data = form_data(flood, block=None)
    data["show_blocks"] = "1"
    response = client.post(JOIN, data)
    assert response.status_code == 200
    assert HeldPost.objects.count() == 0
