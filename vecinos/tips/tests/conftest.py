import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache

from vecinos.accounts.roles import Role
from vecinos.accounts.testing import sign_in_verified
from vecinos.tips import services

PASSPHRASE = "correct horse battery staple for tips"  # noqa: S105


@pytest.fixture
def tip_key(db):
    return services.create_tip_key(passphrase=PASSPHRASE)


def make_staff(username, role=None):
    user = get_user_model().objects.create_user(username, password="x" * 20, is_staff=True)
    if role:
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
    return user


@pytest.fixture
def reader(db):
    return make_staff("reader", Role.ADMIN)


@pytest.fixture
def reader_client(client, reader):
    device = sign_in_verified(client, reader)
    client.device = device
    return client


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()
