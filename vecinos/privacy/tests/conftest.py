import pytest

from vecinos.privacy import crypto


@pytest.fixture(autouse=True)
def fresh_keyring(settings, tmp_path):
    key_file = tmp_path.parent / f"{tmp_path.name}-key" / "vecinos.key"
    key_file.parent.mkdir()
    key_file.write_bytes(crypto.new_key())
    settings.VECINOS_KEY_FILE = str(key_file)
    settings.DATA_DIR = tmp_path / "data"
    crypto.reload_configured_key()
    yield key_file
    crypto.forget_keys()


def signed_in(client, username, *roles, superuser=False):
    """Return the client signed in as a new staff user who has passed the second factor."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from vecinos.accounts.testing import sign_in_verified

    user = get_user_model().objects.create_user(
        username=username, password="a long enough test password", is_superuser=superuser
    )
    user.groups.set(Group.objects.filter(name__in=roles))
    sign_in_verified(client, user)
    return user


@pytest.fixture
def locked_start(settings):
    """Start locked, as after a reboot with VECINOS_LOCKED_START=true."""
    from vecinos.privacy import services

    services._collector.clear()
    settings.VECINOS_LOCKED_START = True
    crypto.reload_configured_key()
    yield
    services._collector.clear()
