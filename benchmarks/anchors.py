"""The anchors vecinos is measured beside: a minimal Django project, written at run time.

D is a plain Django page: a template with a translated string under LocaleMiddleware and
language-prefixed URLs, showing 20 rows read by one query. W is a plain ModelForm: its page
carries a CSRF token, and a POST validates it and inserts one row, then redirects. Both run
on SQLite in WAL mode with persistent connections, under `gunicorn -w 2` sync workers, with
the Django of this project's virtual environment. Nothing of vecinos is imported, so the
anchors say what this machine does with Django alone.
"""

import contextlib
import os
import subprocess
import sys
from pathlib import Path

from benchmarks import processes

PACKAGE = "anchor"
PAGE_PATH = "/en/rows/"
FORM_PATH = "/en/signup/"
ROWS = 20
TABLE = "anchor_signup"

FILES = {
    "__init__.py": "",
    "settings.py": """
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEBUG = False
SECRET_KEY = "anchor-only-never-used-for-anything-else-" + "x" * 20
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "anchor",
]
# startproject's middleware, with LocaleMiddleware where Django's documentation puts it.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "anchor.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": HERE.parent / "anchor.sqlite3",
        "CONN_MAX_AGE": 600,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_I18N = True
USE_TZ = True
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Spanish")]
LOCALE_PATHS = [HERE / "locale"]
""",
    "models.py": """
from django.db import models


class Row(models.Model):
    title = models.CharField(max_length=100)
    body = models.TextField()
    created = models.DateTimeField()


class Signup(models.Model):
    name = models.CharField(max_length=100)
    phone = models.CharField(max_length=40)
    created = models.DateTimeField(auto_now_add=True)
""",
    "migrations/__init__.py": "",
    "migrations/0001_initial.py": f"""
import datetime

from django.db import migrations, models


def rows(apps, schema_editor):
    Row = apps.get_model("anchor", "Row")
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    Row.objects.bulk_create(
        Row(
            title=f"Meeting {{number}}",
            body="Neighbours met to plan the spring workshops on tenants' rights.",
            created=start + datetime.timedelta(days=number),
        )
        for number in range({ROWS})
    )


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            "Row",
            [
                ("id", models.BigAutoField(primary_key=True)),
                ("title", models.CharField(max_length=100)),
                ("body", models.TextField()),
                ("created", models.DateTimeField()),
            ],
        ),
        migrations.CreateModel(
            "Signup",
            [
                ("id", models.BigAutoField(primary_key=True)),
                ("name", models.CharField(max_length=100)),
                ("phone", models.CharField(max_length=40)),
                ("created", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.RunPython(rows),
    ]
""",
    "views.py": """
from django import forms
from django.http import HttpResponseRedirect
from django.shortcuts import render

from .models import Row, Signup


class SignupForm(forms.ModelForm):
    class Meta:
        model = Signup
        fields = ["name", "phone"]


def rows(request):
    return render(request, "anchor/rows.html", {"rows": Row.objects.order_by("id")[:20]})


def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        return HttpResponseRedirect(request.path + "?done=1")
    return render(request, "anchor/signup.html", {"form": form})
""",
    "urls.py": """
from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from . import views

urlpatterns = i18n_patterns(
    path("rows/", views.rows),
    path("signup/", views.signup),
)
""",
    "wsgi.py": """
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anchor.settings")
application = get_wsgi_application()
""",
    "templates/anchor/base.html": """{% load i18n %}<!doctype html>
<html lang="{{ LANGUAGE_CODE|default:'en' }}"><head><meta charset="utf-8">
<title>{% block title %}{% endblock %}</title></head>
<body><main>{% block main %}{% endblock %}</main></body></html>
""",
    "templates/anchor/rows.html": """{% extends "anchor/base.html" %}{% load i18n %}
{% block title %}{% translate "Meetings of the neighbours" %}{% endblock %}
{% block main %}<h1>{% translate "Meetings of the neighbours" %}</h1>
<ul>{% for row in rows %}<li><h2>{{ row.title }}</h2><p>{{ row.body }}</p>
<time datetime="{{ row.created|date:'c' }}">{{ row.created|date }}</time></li>{% endfor %}</ul>
{% endblock %}
""",
    "templates/anchor/signup.html": """{% extends "anchor/base.html" %}{% load i18n %}
{% block title %}{% translate "Sign up" %}{% endblock %}
{% block main %}<form method="post">{% csrf_token %}{{ form }}
<button>{% translate "Sign up" %}</button></form>{% endblock %}
""",
}
SPANISH = {"Meetings of the neighbours": "Reuniones de los vecinos", "Sign up": "Inscribirse"}


def write_project(folder: Path) -> Path:
    """Write the anchor project under `folder` (its import root) and return `folder`."""
    import polib

    package = folder / PACKAGE
    for name, text in FILES.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.lstrip("\n"))
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es"}
    for english, spanish in SPANISH.items():
        catalog.append(polib.POEntry(msgid=english, msgstr=spanish))
    messages = package / "locale" / "es" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    catalog.save_as_mofile(str(messages / "django.mo"))
    return folder


def environment(folder: Path) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "VECINOS_", "DATABASE_URL"))
    }
    env.update(DJANGO_SETTINGS_MODULE=f"{PACKAGE}.settings", PYTHONPATH=str(folder))
    return env


def prepare(folder: Path) -> Path:
    """Write the project, create its database with the 20 rows; return the database's path."""
    write_project(folder)
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "-v", "0"],
        cwd=folder,
        env=environment(folder),
        check=True,
        timeout=120,
    )
    return folder / "anchor.sqlite3"


@contextlib.contextmanager
def serving(folder: Path, port: int, gunicorn: Path):
    """Serve the anchors with `gunicorn -w 2` (sync workers) on 127.0.0.1:`port`."""
    log = folder / "gunicorn.log"
    command = [str(gunicorn), f"{PACKAGE}.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}"]
    with processes.running(
        "anchor", command, env=environment(folder), log=log, cwd=folder
    ) as server:
        processes.wait_for(f"http://127.0.0.1:{port}{PAGE_PATH}", server, log)
        yield server
