import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from vecinos.accounts.testing import sign_in_verified


def signed_in(client, username, *roles, superuser=False):
    """Return the client signed in as a new staff user who has passed the second factor."""
    user = get_user_model().objects.create_user(
        username=username, password="a long enough test password", is_superuser=superuser
    )
    user.groups.set(Group.objects.filter(name__in=roles))
    sign_in_verified(client, user)
    return user


@pytest.fixture
def admin_user(client, db):
    return signed_in(client, "adela", "admin")
