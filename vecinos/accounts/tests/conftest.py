import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a long enough test password"


def make_staff(username, *roles, superuser=False):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_superuser=superuser
    )
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


def add_app(user):
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_device_throttle(settings):
    # django-otp's own back-off makes a right code fail if sent within a second of a wrong one.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def organizer(db):
    return make_staff("orla", "organizer")


@pytest.fixture
def editor(db):
    return make_staff("eddie", "editor")
