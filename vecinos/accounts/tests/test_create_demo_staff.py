import re
from base64 import b32decode
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vecinos.accounts.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

LINE = re.compile(
    r"^  (\w+) +authenticator key ([A-Z2-7]{32})  backup codes ([a-z2-7]{8}), ([a-z2-7]{8}), "
    r"([a-z2-7]{8})$"
)


def run(**kwargs):
    out = StringIO()
    call_command("create_demo_staff", stdout=out, **kwargs)
    return out.getvalue()


def logins(output):
    return {m[1]: (m[2], [m[3], m[4], m[5]]) for m in map(LINE.match, output.splitlines()) if m}


def test_creates_one_user_per_role_and_prints_how_to_sign_in(settings):
    settings.DEBUG = True
    output = run()
    users = get_user_model().objects.order_by("username")
    assert [(u.username, [g.name for g in u.groups.all()]) for u in users] == [
        ("admin", ["admin"]),
        ("captain", ["captain"]),
        ("dispatcher", ["dispatcher"]),
        ("editor", ["editor"]),
        ("fundraiser", ["fundraiser"]),
        ("organizer", ["organizer"]),
        ("researcher", ["researcher"]),
    ]
    assert all(u.check_password(DEMO_PASSWORD) for u in users)
    assert DEMO_PASSWORD in output
    assert "  editor      password only (no second factor)" in output.splitlines()

    printed = logins(output)
    assert sorted(printed) == [
        "admin",
        "captain",
        "dispatcher",
        "fundraiser",
        "organizer",
        "researcher",
    ]
    for username, (secret, codes) in printed.items():
        device = TOTPDevice.objects.get(user__username=username)
        assert device.confirmed
        assert b32decode(secret) == device.bin_key
        stored = StaticToken.objects.filter(device__user__username=username)
        assert stored.count() == 10
        assert set(codes) <= set(stored.values_list("token", flat=True))


def test_running_again_changes_nothing_and_prints_the_same_logins(settings):
    settings.DEBUG = True
    first = run()
    hashes = dict(get_user_model().objects.values_list("username", "password"))
    second = run()
    assert second == first
    assert get_user_model().objects.count() == 7
    assert TOTPDevice.objects.count() == 6
    assert StaticToken.objects.count() == 60
    assert dict(get_user_model().objects.values_list("username", "password")) == hashes


def test_used_backup_codes_are_replaced(settings):
    settings.DEBUG = True
    secret, codes = logins(run())["organizer"]
    StaticToken.objects.filter(token=codes[0]).delete()
    again_secret, again_codes = logins(run())["organizer"]
    assert again_secret == secret
    assert again_codes[:2] == codes[1:]
    assert StaticToken.objects.filter(device__user__username="organizer").count() == 10


def test_refuses_to_run_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        run()
    assert not get_user_model().objects.exists()
    run(force=True)
    assert get_user_model().objects.count() == 7


def test_a_changed_demo_password_is_put_back_and_the_others_keep_their_hash(settings):
    settings.DEBUG = True
    run()
    organizer = get_user_model().objects.get(username="organizer")
    organizer.set_password("someone changed it")
    organizer.save()
    hashes = dict(get_user_model().objects.values_list("username", "password"))

    run()

    after = dict(get_user_model().objects.values_list("username", "password"))
    assert get_user_model().objects.get(username="organizer").check_password(DEMO_PASSWORD)
    assert after["organizer"] != hashes["organizer"]
    assert {k: v for k, v in after.items() if k != "organizer"} == {
        k: v for k, v in hashes.items() if k != "organizer"
    }


def test_a_restart_checks_one_slow_hash_for_every_account(settings, monkeypatch):
    from django.contrib.auth import hashers

    settings.DEBUG = True
    run()
    checks = []
    real_check = hashers.check_password
    monkeypatch.setattr(
        "vecinos.accounts.demo.check_password",
        lambda *args, **kwargs: checks.append(args) or real_check(*args, **kwargs),
    )

    run()

    assert len(set(get_user_model().objects.values_list("password", flat=True))) == 1
    assert len(checks) == 1
