import re
from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.users.models import UserProfile

from vecinos.accounts import services
from vecinos.core.models import AuditEntry

from .conftest import PASSWORD, add_app, current_code, make_staff

pytestmark = pytest.mark.django_db

SETUP = "/admin/two-factor/setup/"
VERIFY = "/admin/two-factor/verify/"
BACKUP_CODES = "/admin/two-factor/backup-codes/"


def audit_trail(user):
    entries = AuditEntry.objects.filter(actor_id=user.pk, object_id=str(user.pk)).order_by("seq")
    return [(entry.action, entry.detail) for entry in entries]


ADMIN_PAGES = [
    "/admin/",
    "/admin/pages/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/account/",
    "/admin/users/",
    "/admin/reports/site-history/",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_organizer_without_an_app_is_sent_to_setup_from_every_admin_page(client, organizer, path):
    client.force_login(organizer)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP + "?next=")


@pytest.mark.parametrize("path", ADMIN_PAGES[:3])
def test_organizer_with_an_app_is_asked_for_a_code(client, organizer, path):
    add_app(organizer)
    client.force_login(organizer)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY + "?next=")


def test_sign_in_and_out_pages_stay_open_before_the_second_factor(client, organizer):
    client.force_login(organizer)
    assert client.get("/admin/jsi18n/").status_code == 200
    assert client.get(SETUP).status_code == 200
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/"


def test_password_sign_in_leads_to_the_code_page(client, organizer):
    add_app(organizer)
    response = client.post(
        "/admin/login/", {"username": "orla", "password": PASSWORD, "next": "/admin/pages/"}
    )
    assert response["Location"] == "/admin/pages/"
    response = client.get("/admin/pages/")
    assert response["Location"] == VERIFY + "?next=%2Fadmin%2Fpages%2F"


def test_setup_confirms_the_app_shows_backup_codes_once_and_reaches_the_dashboard(
    client, organizer
):
    client.force_login(organizer)
    response = client.get(SETUP + "?next=/admin/pages/")
    assert response.status_code == 200
    assert b"<svg" in response.content
    device = TOTPDevice.objects.get(user=organizer, confirmed=False)
    secret = response.context["secret"].replace(" ", "")
    assert len(secret) == 32

    response = client.post(SETUP, {"code": current_code(device), "next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == BACKUP_CODES + "?next=%2Fadmin%2Fpages%2F"

    response = client.get(response["Location"])
    codes = response.context["codes"]
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=organizer).values_list("token", flat=True)
    )
    assert all(code.encode() in response.content for code in codes)
    assert b'href="/admin/pages/"' in response.content
    # Shown once: the codes are gone from the session after the first view.
    assert client.get(BACKUP_CODES)["Location"] == "/admin/"

    assert TOTPDevice.objects.get(user=organizer).confirmed
    assert client.get("/admin/").status_code == 200
    assert audit_trail(organizer) == [
        ("accounts.authenticator.confirmed", {}),
        ("accounts.backup_codes.issued", {"count": 10}),
    ]


def test_reloading_setup_keeps_the_same_secret(client, organizer):
    client.force_login(organizer)
    first = client.get(SETUP).context["secret"]
    assert client.get(SETUP).context["secret"] == first
    assert TOTPDevice.objects.filter(user=organizer).count() == 1


def test_setup_refuses_a_wrong_code(client, organizer):
    client.force_login(organizer)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "That code did not match. Check that your phone's clock is right and try again."
    ]
    assert not TOTPDevice.objects.filter(user=organizer, confirmed=True).exists()
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_setup_page_is_in_spanish_for_a_spanish_speaking_user(client, organizer):
    profile = UserProfile.get_for_user(organizer)
    profile.preferred_language = "es"
    profile.save()
    client.force_login(organizer)
    response = client.get(SETUP)
    assert "Configure el inicio de sesión en dos pasos" in response.content.decode()


def test_editor_is_not_asked_for_a_second_factor(client, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/").status_code == 200
    assert client.get(VERIFY)["Location"] == "/admin/"


def test_superuser_is_asked_for_a_second_factor(client):
    boss = make_staff("boss", superuser=True)
    client.force_login(boss)
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_a_right_code_verifies_the_session_and_follows_next(client, organizer):
    device = add_app(organizer)
    client.force_login(organizer)
    response = client.post(VERIFY, {"code": current_code(device), "next": "/admin/account/"})
    assert response["Location"] == "/admin/account/"
    assert client.get("/admin/account/").status_code == 200


def test_verify_ignores_a_next_address_on_another_site(client, organizer):
    device = add_app(organizer)
    client.force_login(organizer)
    response = client.post(VERIFY, {"code": current_code(device), "next": "https://evil.test/"})
    assert response["Location"] == "/admin/"


def test_wrong_codes_are_counted_and_the_fifth_locks_for_fifteen_minutes(
    client, organizer, no_device_throttle
):
    device = add_app(organizer)
    other = make_staff("otto", "organizer")
    client.force_login(organizer)
    for _ in range(services.FAILURE_LIMIT - 1):
        response = client.post(VERIFY, {"code": "123456"})
        assert response.status_code == 200
        assert response.context["form"].errors["code"] == ["That code is not right. Try again."]
    response = client.post(VERIFY, {"code": "123456"})
    assert response.status_code == 429
    assert response.context["locked"]

    # Locked: even the right code is refused, and the session stays unverified.
    response = client.post(VERIFY, {"code": current_code(device)})
    assert response.status_code == 429
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    assert services.is_locked(organizer)
    assert not services.is_locked(other)
    assert audit_trail(organizer) == [("accounts.two_factor.locked", {"minutes": 15})]


def test_lock_lasts_fifteen_minutes(organizer, no_device_throttle, monkeypatch):
    timeouts = {}
    real_set = services.cache.set

    def remember_set(key, value, timeout=None, **kwargs):
        timeouts[key] = timeout
        return real_set(key, value, timeout, **kwargs)

    monkeypatch.setattr(services.cache, "set", remember_set)
    add_app(organizer)
    for _ in range(services.FAILURE_LIMIT - 1):
        with pytest.raises(services.WrongCode):
            services.verify_second_factor(organizer, code="000000")
    with pytest.raises(services.TwoFactorLocked):
        services.verify_second_factor(organizer, code="000000")
    assert timeouts == {f"vecinos:two-factor:locked:{organizer.pk}": 15 * 60}
    with pytest.raises(services.TwoFactorLocked):
        services.verify_second_factor(organizer, code="000000")


def test_a_right_code_clears_earlier_failures(organizer, no_device_throttle):
    device = add_app(organizer)
    for _ in range(services.FAILURE_LIMIT - 1):
        with pytest.raises(services.WrongCode):
            services.verify_second_factor(organizer, code="000000")
    assert services.verify_second_factor(organizer, code=current_code(device)) == device
    with pytest.raises(services.WrongCode):
        services.verify_second_factor(organizer, code="000000")
    assert not services.is_locked(organizer)


def test_a_code_right_after_a_wrong_one_is_not_checked_nor_counted(client, organizer):
    device = add_app(organizer)
    client.force_login(organizer)
    client.post(VERIFY, {"code": "000000"})
    # django-otp's own back-off: the device waits a second after a wrong code.
    response = client.post(VERIFY, {"code": current_code(device)})
    assert response.context["form"].errors["code"] == [
        "That came quickly after a wrong code. Wait a few seconds and try again."
    ]
    assert services.cache.get(f"vecinos:two-factor:failures:{organizer.pk}") == 1


def test_a_backup_code_works_once(client, organizer, no_device_throttle):
    add_app(organizer)
    code = services.issue_backup_codes(organizer)[0]
    client.force_login(organizer)
    response = client.post(VERIFY, {"code": code.upper()[:4] + " " + code.upper()[4:]})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(device__user=organizer).count() == 9

    client.logout()
    client.force_login(organizer)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["That code is not right. Try again."]


def test_issuing_backup_codes_replaces_the_old_ones(organizer):
    old = services.issue_backup_codes(organizer)
    new = services.issue_backup_codes(organizer)
    assert len(new) == 10
    assert all(re.fullmatch(r"[a-z2-7]{8}", code) for code in new)
    stored = set(StaticToken.objects.filter(device__user=organizer).values_list("token", flat=True))
    assert stored == set(new)
    assert not stored & set(old)


def verified_client(client, user):
    device = add_app(user)
    client.force_login(user)
    client.post(VERIFY, {"code": current_code(device)})
    return client


def test_an_admin_resets_a_lost_app_and_the_user_sets_up_again(client, organizer):
    add_app(organizer)
    services.issue_backup_codes(organizer)
    admin = make_staff("ana", "admin")
    verified_client(client, admin)

    listing = client.get("/admin/users/")
    assert f"/admin/two-factor/reset/{organizer.pk}/".encode() in listing.content
    page = client.get(f"/admin/two-factor/reset/{organizer.pk}/")
    assert page.status_code == 200
    assert page.context["has_app"]
    response = client.post(f"/admin/two-factor/reset/{organizer.pk}/")
    assert response["Location"] == "/admin/users/"

    assert not TOTPDevice.objects.filter(user=organizer).exists()
    assert not StaticToken.objects.filter(device__user=organizer).exists()
    reset_entries = AuditEntry.objects.filter(action="accounts.two_factor.reset")
    assert list(reset_entries.values_list("actor_id", "object_id")) == [
        (admin.pk, str(organizer.pk))
    ]

    client.force_login(organizer)
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_only_admins_may_reset_someone_elses_app(client, organizer):
    add_app(organizer)
    dispatcher = make_staff("dora", "dispatcher")
    verified_client(client, dispatcher)
    # (Django's LocaleMiddleware sends an admin 404 on to /en/…, where it is a 404 again.)
    assert client.get(f"/admin/two-factor/reset/{organizer.pk}/", follow=True).status_code == 404
    assert client.post(f"/admin/two-factor/reset/{organizer.pk}/", follow=True).status_code == 404
    assert TOTPDevice.objects.filter(user=organizer).count() == 1


def test_reset_command_clears_the_app_and_the_lock(organizer, no_device_throttle):
    add_app(organizer)
    for _ in range(services.FAILURE_LIMIT):
        with pytest.raises(services.CodeNotAccepted):
            services.verify_second_factor(organizer, code="000000")
    assert services.is_locked(organizer)
    call_command("reset_two_factor", "orla", stdout=StringIO())
    assert not services.is_locked(organizer)
    assert not TOTPDevice.objects.filter(user=organizer).exists()


@pytest.mark.django_db
def test_a_flood_of_new_sessions_does_not_erase_a_lockout(
    organizer, no_device_throttle, settings, tmp_path
):
    # The caches of the embedded default, in files: each culls a third of its entries at
    # random once it holds 300. Every sign-up or sign-in starts a session.
    from importlib import import_module

    from config.settings import base

    if base.REDIS_URL:
        pytest.skip("REDIS_URL is set: the embedded default's caches are not in use")
    settings.CACHES = {
        alias: {**config, "LOCATION": str(tmp_path / alias)}
        for alias, config in base.CACHES.items()
    }
    settings.SESSION_CACHE_ALIAS = getattr(base, "SESSION_CACHE_ALIAS", "default")
    add_app(organizer)
    for _ in range(services.FAILURE_LIMIT - 1):
        with pytest.raises(services.WrongCode):
            services.verify_second_factor(organizer, code="000000")
    with pytest.raises(services.TwoFactorLocked):
        services.verify_second_factor(organizer, code="000000")

    store = import_module(settings.SESSION_ENGINE).SessionStore
    for n in range(1000):
        session = store()
        session["n"] = n
        session.save()
    assert services.is_locked(organizer)
