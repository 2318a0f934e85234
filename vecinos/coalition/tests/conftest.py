import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache

from vecinos.accounts.testing import sign_in_verified
from vecinos.coalition.testing import make_letter
from vecinos.content.testing import make_homes
from vecinos.messaging.channels import locmem


@pytest.fixture(autouse=True)
def fresh_state(settings):
    settings.PUBLIC_URL = "https://vecinos.example"
    cache.clear()
    locmem.reset()
    yield
    cache.clear()
    locmem.reset()


@pytest.fixture
def homes(db):
    return make_homes()


@pytest.fixture
def letter(homes):
    return make_letter(homes)


@pytest.fixture
def organizer_client(client, db):
    user = get_user_model().objects.create_user(username="orla", password="x" * 16)
    user.groups.add(Group.objects.get(name="organizer"))
    sign_in_verified(client, user)
    client.user = user
    return client
