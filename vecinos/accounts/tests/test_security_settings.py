import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

from .conftest import add_app, current_code

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args, env_overrides, tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "VECINOS_DATA_DIR": str(tmp_path),
        **env_overrides,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "vecinos.example.org",
    "VECINOS_PUBLIC_URL": "https://vecinos.example.org",
}


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            **PRODUCTION,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            # The data key, without which vecinos starts locked (vecinos/privacy).
            "VECINOS_KEK": base64.b64encode(secrets.token_bytes(32)).decode(),
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    result = run_manage("check", env_overrides=PRODUCTION, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY" in result.stderr


def test_production_with_a_short_secret_key_refuses_to_start(tmp_path):
    result = run_manage(
        "check", env_overrides={**PRODUCTION, "DJANGO_SECRET_KEY": "short"}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_there_is_no_django_admin():
    from django.conf import settings

    assert "django.contrib.admin" not in settings.INSTALLED_APPS
    for path in ["/django-admin/", "/admin/auth/user/", "/en/django-admin/"]:
        try:
            match = resolve(path)
        except Resolver404:
            continue
        assert not match.func.__module__.startswith("django.contrib.admin"), path


@pytest.mark.django_db
def test_admin_is_wagtail_and_django_admin_urls_are_not_found(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "wagtailadmin/login.html"
    assert client.get("/django-admin/", follow=True).status_code == 404


@pytest.mark.django_db
def test_public_pages_keep_the_strict_policy(client):
    response = client.get("/en/", follow=True)
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Permissions-Policy"].startswith("accelerometer=(), autoplay=()")
    assert "camera=(self)" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_admin_pages_allow_inline_scripts_and_same_origin_frames_only(client, organizer):
    device = add_app(organizer)
    client.force_login(organizer)
    client.post("/admin/two-factor/verify/", {"code": current_code(device)})
    policy = dict(
        part.strip().split(" ", 1)
        for part in client.get("/admin/")["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
