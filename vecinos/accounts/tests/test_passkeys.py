import json

import pytest
from django.urls import reverse

from vecinos.accounts import services
from vecinos.accounts.models import Passkey
from vecinos.accounts.testing import sign_in_verified
from vecinos.core.models import AuditEntry

from .authenticator import SoftAuthenticator
from .conftest import add_app, make_staff

pytestmark = pytest.mark.django_db

ORIGIN = "https://vecinos.example"


@pytest.fixture(autouse=True)
def public_url(settings):
    settings.PUBLIC_URL = ORIGIN


@pytest.fixture
def authenticator():
    return SoftAuthenticator("vecinos.example", ORIGIN)


def post_json(client, name, body=None, **params):
    url = reverse(name)
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def options(client, name):
    response = post_json(client, name)
    assert response.status_code == 200
    return response.json()


def register(client, authenticator, name="Work laptop"):
    credential = authenticator.create(options(client, "accounts:passkey-register-options"))
    return post_json(client, "accounts:passkey-register", {"credential": credential, "name": name})


def actions(user):
    return list(
        AuditEntry.objects.filter(object_id=str(user.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_a_verified_organizer_registers_a_passkey(client, organizer, authenticator):
    sign_in_verified(client, organizer)
    response = register(client, authenticator, name="  Work   laptop ")
    assert response.status_code == 200
    assert response.json() == {"redirect": reverse("accounts:passkeys")}
    passkey = Passkey.objects.get(user=organizer)
    assert passkey.name == "Work laptop"
    assert bytes(passkey.credential_id) == authenticator.credential_id
    assert passkey.sign_count == 0
    assert passkey.transports == "internal"
    assert passkey.created_at is not None and passkey.last_used_at is None
    assert "accounts.passkey.registered" in actions(organizer)
    page = client.get(reverse("accounts:passkeys"))
    assert page.status_code == 200
    assert "Work laptop" in page.content.decode()


def test_registration_from_another_origin_is_refused(client, organizer, authenticator):
    sign_in_verified(client, organizer)
    opts = options(client, "accounts:passkey-register-options")
    credential = authenticator.create(opts, origin="https://evil.example")
    response = post_json(
        client, "accounts:passkey-register", {"credential": credential, "name": "Phone"}
    )
    assert response.status_code == 400
    assert not Passkey.objects.exists()


def test_a_registration_answer_cannot_be_replayed(client, organizer, authenticator):
    sign_in_verified(client, organizer)
    credential = authenticator.create(options(client, "accounts:passkey-register-options"))
    body = {"credential": credential, "name": "Phone"}
    assert post_json(client, "accounts:passkey-register", body).status_code == 200
    assert post_json(client, "accounts:passkey-register", body).status_code == 400
    assert Passkey.objects.count() == 1


def test_registration_needs_a_name_and_a_verified_session(client, organizer, authenticator):
    add_app(organizer)
    client.force_login(organizer)
    response = post_json(client, "accounts:passkey-register-options")
    assert response.status_code == 302
    assert "/two-factor/verify/" in response["Location"]
    sign_in_verified(client, organizer)
    credential = authenticator.create(options(client, "accounts:passkey-register-options"))
    response = post_json(
        client, "accounts:passkey-register", {"credential": credential, "name": ""}
    )
    assert response.status_code == 400
    assert not Passkey.objects.exists()


def registered(client, user, authenticator):
    sign_in_verified(client, user)
    assert register(client, authenticator).status_code == 200
    client.logout()
    return Passkey.objects.get(user=user)


def test_a_passkey_is_the_second_factor_after_the_password(client, organizer, authenticator):
    passkey = registered(client, organizer, authenticator)
    client.force_login(organizer)
    assert client.get("/admin/").status_code == 302
    assertion = authenticator.get(options(client, "accounts:passkey-verify-options"))
    response = post_json(
        client, "accounts:passkey-verify", {"credential": assertion}, next="/admin/pages/"
    )
    assert response.status_code == 200
    assert response.json() == {"redirect": "/admin/pages/"}
    assert client.get("/admin/").status_code == 200
    passkey.refresh_from_db()
    assert passkey.sign_count == 1 and passkey.last_used_at is not None
    used = AuditEntry.objects.filter(action="accounts.passkey.used").get()
    assert used.detail == {"passkey": passkey.pk, "without_password": False}
    # The session is marked verified the way django-otp marks it for a code.
    assert client.session["otp_device_id"] == passkey.persistent_id


def test_a_sign_count_that_goes_backwards_is_refused(client, organizer, authenticator):
    registered(client, organizer, authenticator)
    client.force_login(organizer)
    first = authenticator.get(options(client, "accounts:passkey-verify-options"), sign_count=5)
    assert post_json(client, "accounts:passkey-verify", {"credential": first}).status_code == 200
    client.logout()
    client.force_login(organizer)
    cloned = authenticator.get(options(client, "accounts:passkey-verify-options"), sign_count=3)
    assert post_json(client, "accounts:passkey-verify", {"credential": cloned}).status_code == 400
    assert client.get("/admin/").status_code == 302
    assert Passkey.objects.get().sign_count == 5


def test_someone_elses_passkey_is_not_a_second_factor(client, organizer, authenticator):
    registered(client, organizer, authenticator)
    other = make_staff("otto", "organizer")
    add_app(other)
    client.force_login(other)
    assertion = authenticator.get(options(client, "accounts:passkey-verify-options"))
    assert (
        post_json(client, "accounts:passkey-verify", {"credential": assertion}).status_code == 400
    )
    assert client.get("/admin/").status_code == 302


def test_a_passkey_alone_signs_in_with_both_factors(client, organizer, authenticator):
    passkey = registered(client, organizer, authenticator)
    opts = options(client, "accounts_sign_in:passkey-options")
    assert opts["userVerification"] == "required"
    assert "allowCredentials" not in opts or opts["allowCredentials"] == []
    response = post_json(
        client, "accounts_sign_in:passkey", {"credential": authenticator.get(opts)}
    )
    assert response.status_code == 200
    assert response.json() == {"redirect": "/admin/"}
    assert client.get("/admin/").status_code == 200
    assert client.session["otp_device_id"] == passkey.persistent_id
    used = AuditEntry.objects.filter(action="accounts.passkey.used").get()
    assert used.detail["without_password"] is True


def test_a_passkey_alone_needs_user_verification(client, organizer, authenticator):
    registered(client, organizer, authenticator)
    authenticator.user_verified = False
    opts = options(client, "accounts_sign_in:passkey-options")
    response = post_json(
        client, "accounts_sign_in:passkey", {"credential": authenticator.get(opts)}
    )
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_an_unknown_passkey_or_garbage_does_not_sign_in(client, organizer, authenticator):
    opts = options(client, "accounts_sign_in:passkey-options")
    response = post_json(
        client, "accounts_sign_in:passkey", {"credential": authenticator.get(opts)}
    )
    assert response.status_code == 400
    response = client.post(
        reverse("accounts_sign_in:passkey"), b"\xff[", content_type="application/json"
    )
    assert response.status_code == 400
    assert post_json(client, "accounts_sign_in:passkey", {"credential": "x"}).status_code == 400


def test_an_inactive_account_cannot_sign_in_with_its_passkey(client, organizer, authenticator):
    registered(client, organizer, authenticator)
    organizer.is_active = False
    organizer.save()
    opts = options(client, "accounts_sign_in:passkey-options")
    response = post_json(
        client, "accounts_sign_in:passkey", {"credential": authenticator.get(opts)}
    )
    assert response.status_code == 400


def test_removing_a_passkey_is_audited_and_only_for_its_owner(client, organizer, authenticator):
    passkey = registered(client, organizer, authenticator)
    other = make_staff("otto", "organizer")
    sign_in_verified(client, other)
    url = reverse("accounts:passkey-remove", args=[passkey.pk])
    assert client.post(url).status_code == 404
    sign_in_verified(client, organizer)
    response = client.post(url)
    assert response.status_code == 302
    assert not Passkey.objects.exists()
    assert "accounts.passkey.removed" in actions(organizer)


def test_resetting_two_factor_removes_the_passkeys(client, organizer, authenticator):
    registered(client, organizer, authenticator)
    services.reset_two_factor(organizer, actor=organizer)
    assert not Passkey.objects.exists()


def test_the_sign_in_and_code_pages_offer_a_passkey(client, organizer, authenticator):
    page = client.get("/admin/login/").content.decode()
    assert "Sign in with a passkey" in page
    assert "accounts/passkeys.js" in page
    assert "This browser cannot use passkeys. Sign in with your password" in page
    registered(client, organizer, authenticator)
    client.force_login(organizer)
    page = client.get("/admin/two-factor/verify/").content.decode()
    assert "Use a passkey" in page
    assert "This browser cannot use passkeys. Use your code instead" in page


def test_every_second_factor_notes_when_it_was_proved(client, organizer, authenticator):
    import time

    from vecinos.accounts.stepup import VERIFIED_AT_SESSION_KEY

    registered(client, organizer, authenticator)
    client.force_login(organizer)
    assertion = authenticator.get(options(client, "accounts:passkey-verify-options"))
    post_json(client, "accounts:passkey-verify", {"credential": assertion})
    assert abs(client.session[VERIFIED_AT_SESSION_KEY] - time.time()) < 5

    # An old proof: the code page asks again when a step-up is wanted, and a passkey renews it.
    session = client.session
    session[VERIFIED_AT_SESSION_KEY] = int(time.time()) - 3600
    session.save()
    assert client.get("/admin/two-factor/verify/").status_code == 302
    page = client.get("/admin/two-factor/verify/?step_up=1")
    assert page.status_code == 200 and "confirm it is you" in page.content.decode()
    assertion = authenticator.get(options(client, "accounts:passkey-verify-options"))
    post_json(client, "accounts:passkey-verify", {"credential": assertion})
    assert abs(client.session[VERIFIED_AT_SESSION_KEY] - time.time()) < 5
