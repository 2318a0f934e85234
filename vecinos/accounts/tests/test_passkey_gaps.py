"""Wrong passkeys count toward the lockout, the password-free sign-in is rate-limited, and
staff rename their passkeys."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from vecinos.accounts import services
from vecinos.accounts.models import Passkey
from vecinos.accounts.passkey_views import SIGN_IN_LIMIT
from vecinos.accounts.services import FAILURE_LIMIT
from vecinos.accounts.testing import sign_in_verified
from vecinos.core.models import AuditEntry

from .test_passkeys import authenticator, options, post_json, public_url, registered  # noqa: F401

WRONG_ORIGIN = "https://forger.example"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_wrong_passkey_proofs_at_sign_in_lock_the_owner_out(client, organizer, authenticator):  # noqa: F811
    registered(client, organizer, authenticator)
    for _ in range(FAILURE_LIMIT):
        opts = options(client, "accounts_sign_in:passkey-options")
        wrong = authenticator.get(opts, origin=WRONG_ORIGIN)
        assert (
            post_json(client, "accounts_sign_in:passkey", {"credential": wrong}).status_code == 400
        )
    assert services.is_locked(organizer)
    # Locked: even the right proof does not sign in now.
    opts = options(client, "accounts_sign_in:passkey-options")
    right = authenticator.get(opts)
    assert post_json(client, "accounts_sign_in:passkey", {"credential": right}).status_code == 400
    assert "_auth_user_id" not in client.session


def test_wrong_passkey_proofs_as_second_factor_count_like_wrong_codes(
    client,
    organizer,
    authenticator,  # noqa: F811
):
    registered(client, organizer, authenticator)
    client.force_login(organizer)
    statuses = []
    for _ in range(FAILURE_LIMIT):
        opts = options(client, "accounts:passkey-verify-options")
        wrong = authenticator.get(opts, origin=WRONG_ORIGIN)
        statuses.append(
            post_json(client, "accounts:passkey-verify", {"credential": wrong}).status_code
        )
    assert statuses == [400] * (FAILURE_LIMIT - 1) + [429]
    assert services.is_locked(organizer)
    assert post_json(client, "accounts:passkey-verify-options").status_code == 429


def test_the_password_free_sign_in_is_rate_limited(client, db):
    statuses = [
        post_json(client, "accounts_sign_in:passkey-options").status_code
        for _ in range(SIGN_IN_LIMIT + 1)
    ]
    assert statuses == [200] * SIGN_IN_LIMIT + [429]
    answers = [
        post_json(client, "accounts_sign_in:passkey", {"credential": "x"})
        for _ in range(SIGN_IN_LIMIT + 1)
    ]
    assert [answer.status_code for answer in answers] == [400] * SIGN_IN_LIMIT + [429]
    response = answers[-1]
    assert "Too many sign-in attempts" in response.json()["error"]


def test_staff_rename_their_own_passkey_and_it_is_audited(client, organizer, authenticator):  # noqa: F811
    passkey = registered(client, organizer, authenticator)
    sign_in_verified(client, organizer)
    url = reverse("accounts:passkey-rename", args=[passkey.pk])
    page = client.get(reverse("accounts:passkeys")).content.decode()
    assert url in page
    response = client.post(url, {"name": "  My   phone  "})
    assert response.status_code == 302
    assert Passkey.objects.get(pk=passkey.pk).name == "My phone"
    assert AuditEntry.objects.filter(action="accounts.passkey.renamed").count() == 1
    # An empty name keeps the old one.
    client.post(url, {"name": "   "})
    assert Passkey.objects.get(pk=passkey.pk).name == "My phone"


def test_nobody_renames_another_persons_passkey(client, organizer, authenticator):  # noqa: F811
    from .conftest import make_staff

    passkey = registered(client, organizer, authenticator)
    other = make_staff("otto", "organizer")
    sign_in_verified(client, other)
    url = reverse("accounts:passkey-rename", args=[passkey.pk])
    assert client.post(url, {"name": "Mine now"}).status_code == 404
    assert Passkey.objects.get(pk=passkey.pk).name != "Mine now"
