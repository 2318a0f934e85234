"""Fixtures for the hotline: two real Philadelphia zones, members in their blocks, staff."""

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.template import TemplateDoesNotExist

from vecinos.hotline.testing import block_with_neighbours, import_city
from vecinos.messaging.channels import locmem
from vecinos.zones import services as zone_services
from vecinos.zones.models import Block, Member

__all__ = ["block_with_neighbours", "import_city", "make_member"]


@pytest.fixture
def city(db):
    import_city()
    return Block.objects.select_related("zone")


def make_member(block, phone, *, language="es", role=Member.Role.MEMBER, **extra) -> Member:
    """Sign a neighbour up by text (active at once), then give them their role."""
    signup = zone_services.Signup(
        name=f"Vecina {phone[-4:]}", language=language, phone=phone, block=block, **extra
    )
    try:
        member = zone_services.join_zone(signup, source="sms")
    except TemplateDoesNotExist:
        # The zones app's welcome text may not exist yet; the hotline needs only the member.
        with mock.patch.object(zone_services, "send_to_member"):
            member = zone_services.join_zone(signup, source="sms")
    if role != Member.Role.MEMBER:
        Member.objects.filter(pk=member.pk).update(role=role)
        member.refresh_from_db()
    return member


@pytest.fixture
def dispatcher_user(db):
    user = get_user_model().objects.create_user(
        username="dina", password="a long enough test password", email="dina@example.org"
    )
    user.groups.add(Group.objects.get(name="dispatcher"))
    return user


@pytest.fixture
def outbox():
    locmem.reset()
    yield locmem.outbox
    locmem.reset()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters and the shapes' version live in the cache; each test starts clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
