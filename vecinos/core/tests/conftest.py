import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def signed_in(client, username, *roles, superuser=False):
    """Return the client signed in as a new staff user who has passed the second factor."""
    user = get_user_model().objects.create_user(
        username=username, password="a long enough test password", is_superuser=superuser
    )
    user.groups.set(Group.objects.filter(name__in=roles))
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return user


@pytest.fixture
def admin_user(client, db):
    return signed_in(client, "adela", "admin")
