import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django_otp.oath import totp

from vecinos.accounts.testing import sign_in_verified
from vecinos.broadcasts import segments
from vecinos.broadcasts.segments import Recipient
from vecinos.messaging.channels import locmem

PASSWORD = "a long enough test password"


class Audience:
    """A test-only segment whose members the test writes down: there is no member list yet."""

    def __init__(self):
        self.people: list[Recipient] = []
        self.calls: list[dict] = []

    def add(self, language="en", channel="sms", address=None, key=None):
        number = len(self.people) + 1
        recipient = Recipient(
            key=key or f"person:{uuid.uuid4()}",
            channel=channel,
            address=address
            or (f"+1215555{number:04d}" if channel == "sms" else f"p{number}@example.org"),
            language=language,
        )
        self.people.append(recipient)
        return recipient

    def __call__(self, params):
        self.calls.append(params)
        return iter(self.people)


@pytest.fixture(autouse=True)
def clean_state():
    cache.clear()
    locmem.reset()
    before = segments._segments.snapshot()
    # Apps register their own audiences when they load (zones); these tests make theirs.
    segments._segments.clear()
    yield
    segments._segments.restore(before)
    locmem.reset()
    cache.clear()


@pytest.fixture
def audience():
    people = Audience()
    segments.register_segment("test_people", "Test people", people)
    return people


def make_staff(username, *roles):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


def sign_in(client, user):
    """Sign in with a confirmed authenticator app, as the admin requires for these roles."""
    return sign_in_verified(client, user)


def current_code(device, steps_ahead=0):
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead
    )
    return f"{code:06d}"


@pytest.fixture
def organizer(db):
    return make_staff("orla", "organizer")


@pytest.fixture
def second_organizer(db):
    return make_staff("omar", "organizer")


@pytest.fixture
def no_device_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
