"""Factories for the workshop tests: two real zones, a member, topics, workshops, staff."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone

from vecinos.accounts.testing import sign_in_verified
from vecinos.messaging.channels import locmem
from vecinos.messaging.models import OutboundMessage
from vecinos.privacy.blind_index import phone_index
from vecinos.workshops.models import Topic, Workshop
from vecinos.zones.models import Block, Member
from vecinos.zones.testing import load_zones

MEMBER_PHONE = "+12155550142"
PHONE = "+12155550177"
OTHER_PHONE = "+12675550188"


def make_member(block, *, phone=MEMBER_PHONE, name="Rocío Almendárez", language="es"):
    return Member.objects.create(
        name=name,
        phone=phone,
        phone_index=phone_index(phone),
        language=language,
        zone=block.zone,
        block=block,
        status=Member.Status.ACTIVE,
        source=Member.Source.WEB,
    )


def make_workshop(topic, *, days=3, capacity=10, zone=None, **fields):
    start = timezone.now() + timedelta(days=days)
    values = {
        "topic": topic,
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "place": "Parish hall",
        "address": "1631 S 17th St",
        "capacity": capacity,
        "zone": zone,
        "status": Workshop.Status.PUBLISHED,
    }
    return Workshop.objects.create(**{**values, **fields})


def messages_to(address):
    """Return the bodies queued to `address`, oldest first."""
    return [
        message.body
        for message in OutboundMessage.objects.order_by("created_at")
        if message.to_address == address
    ]


@pytest.fixture(autouse=True)
def clean_slate():
    cache.clear()
    locmem.reset()
    yield
    locmem.reset()


@pytest.fixture
def zones(db):
    return load_zones()


@pytest.fixture
def block(zones):
    return Block.objects.filter(zone=zones["Passyunk Square"]).order_by("code").first()


@pytest.fixture
def member(block):
    return make_member(block)


@pytest.fixture
def topic(db):
    return Topic.objects.create(name_en="Housing rights", name_es="Derechos de vivienda")


@pytest.fixture
def responder_topic(db):
    return Topic.objects.create(
        name_en="How to be a responder",
        name_es="Cómo ser respuesta rápida",
        is_responder_training=True,
        refresher_months=12,
    )


@pytest.fixture
def workshop(topic):
    return make_workshop(topic)


def make_staff(username, *roles):
    user = get_user_model().objects.create_user(
        username=username, password="a long enough test password"
    )
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


@pytest.fixture
def organizer_client(client, db):
    sign_in_verified(client, make_staff("olga", "organizer"))
    return client
