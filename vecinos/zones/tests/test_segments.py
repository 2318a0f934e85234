"""Broadcast audiences of members: exactly the right people, each once, on their channel."""

import pytest

from vecinos.broadcasts.segments import Recipient, get_segment, resolve
from vecinos.messaging.optout import opt_out
from vecinos.zones.models import Member, Tag

from .conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(zones):
    square, breeze = zones["Passyunk Square"], zones["Point Breeze"]
    block_a, block_b = list(square.blocks.order_by("name")[:2])
    church = Tag.objects.create(name="church group")
    made = {
        "ana": make_member(phone="+12155550101", block=block_a, language="es"),
        "beto": make_member(
            phone="+12155550102", email="beto@example.org", block=block_a, language="en"
        ),
        "carmela": make_member(email="carmela@example.org", block=block_b, language="es"),
        "dulce": make_member(
            phone="+12155550104", zone=square, role=Member.Role.RESPONDER, language="es"
        ),
        "eli": make_member(
            phone="+12155550105", block=block_b, role=Member.Role.CAPTAIN, language="en"
        ),
        "pending": make_member(phone="+12155550106", block=block_a, status="pending"),
        "stopped": make_member(phone="+12155550107", block=block_a, status="stopped"),
        "far": make_member(
            phone="+12155550108", zone=breeze, role=Member.Role.RESPONDER, language="en"
        ),
    }
    made["ana"].tags.add(church)
    made["carmela"].tags.add(church)
    made["stopped"].tags.add(church)
    return {
        "square": square,
        "breeze": breeze,
        "a": block_a,
        "b": block_b,
        "church": church,
        **made,
    }


def keys(segment, option, channel):
    return sorted(r.key for r in resolve(segment, {"option": str(option)}, channel=channel))


def key(people, *names):
    return sorted(f"member:{people[name].pk}" for name in names)


def test_members_of_a_zone_each_on_their_channel(people):
    assert keys("zone_members", people["square"].pk, "sms") == key(
        people, "ana", "beto", "dulce", "eli"
    )
    assert keys("zone_members", people["square"].pk, "email") == key(people, "carmela")
    assert keys("zone_members", people["breeze"].pk, "sms") == key(people, "far")


def test_a_recipient_has_the_address_and_language_of_the_member(people):
    [ana] = [
        r
        for r in resolve("block_members", {"option": str(people["a"].pk)}, channel="sms")
        if r.key == f"member:{people['ana'].pk}"
    ]
    assert ana == Recipient(f"member:{people['ana'].pk}", "sms", "+12155550101", "es")


def test_members_of_a_block(people):
    assert keys("block_members", people["a"].pk, "sms") == key(people, "ana", "beto")
    assert keys("block_members", people["b"].pk, "sms") == key(people, "eli")
    assert keys("block_members", people["b"].pk, "email") == key(people, "carmela")


def test_responders_of_a_zone_include_captains(people):
    assert keys("zone_responders", people["square"].pk, "sms") == key(people, "dulce", "eli")
    assert keys("zone_responders", people["breeze"].pk, "sms") == key(people, "far")


def test_members_by_language(people):
    assert keys("language_members", "es", "sms") == key(people, "ana", "dulce")
    assert keys("language_members", "en", "sms") == key(people, "beto", "eli", "far")
    assert keys("language_members", "es", "email") == key(people, "carmela")


def test_members_with_a_tag_only_active_ones(people):
    assert keys("tag_members", people["church"].pk, "sms") == key(people, "ana")
    assert keys("tag_members", people["church"].pk, "email") == key(people, "carmela")


def test_a_member_whose_phone_opted_out_is_reached_by_e_mail(people):
    opt_out("sms", "+12155550102")
    assert keys("block_members", people["a"].pk, "sms") == key(people, "ana")
    assert keys("block_members", people["a"].pk, "email") == key(people, "beto")


@pytest.mark.parametrize("option", ["", "999999", "abc", "12; DROP"])
def test_an_unknown_or_malformed_option_reaches_nobody(people, option):
    # Members without a zone, block or tag must not be caught by a missing option.
    make_member(phone="+12155550109")
    for segment in ("zone_members", "block_members", "zone_responders", "tag_members"):
        assert resolve(segment, {"option": option}, channel="sms") == []
    assert resolve("zone_members", {}, channel="sms") == []


def test_the_segments_offer_their_options_by_name(people):
    assert get_segment("zone_members").choices() == [
        (str(people["square"].pk), "Passyunk Square"),
        (str(people["breeze"].pk), "Point Breeze"),
    ]
    blocks = get_segment("block_members").choices()
    assert blocks[0] == (str(people["a"].pk), f"Passyunk Square · {people['a'].name}")
    assert get_segment("language_members").choices() == [("en", "English"), ("es", "Spanish")]
    assert get_segment("tag_members").choices() == [(str(people["church"].pk), "church group")]
