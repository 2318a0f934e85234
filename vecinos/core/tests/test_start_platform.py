"""`manage.py start_platform`: every step of a start in one process, and a restart skips work."""

import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from vecinos.core import periodic
from vecinos.core.management.commands import start_platform

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MANIFEST_STORAGE = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"


def waiting() -> list[str]:
    rows = DBTaskResult.objects.filter(task_path=periodic.run_periodic.module_path, status="READY")
    return sorted(row.args_kwargs["args"][0] for row in rows)


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    return settings.STATIC_ROOT / "staticfiles.json"


@override_settings(TASKS=DATABASE_TASKS)
def test_it_books_every_periodic_run_once_however_often_it_runs(collected):
    names = sorted(entry.name for entry in periodic.registered())
    call_command("start_platform", periodic=True, stdout=StringIO())
    assert waiting() == names
    call_command("start_platform", periodic=True, stdout=StringIO())
    assert waiting() == names


@override_settings(TASKS=DATABASE_TASKS)
def test_without_periodic_it_books_nothing(collected):
    call_command("start_platform", stdout=StringIO())
    assert waiting() == []


def test_demo_staff_and_site_come_once_and_editors_changes_stay(collected, settings):
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    settings.DEBUG = True
    out = StringIO()
    call_command("start_platform", demo=True, stdout=out)
    assert "Demo staff sign in at" in out.getvalue()
    assert "Demo site built" in out.getvalue()
    users, pages = get_user_model().objects.count(), Page.objects.count()
    Page.objects.filter(depth=2).first().specific.save_revision()

    again = StringIO()
    call_command("start_platform", demo=True, stdout=again)
    assert "A site already exists; nothing to do." in again.getvalue()
    assert (get_user_model().objects.count(), Page.objects.count()) == (users, pages)


def test_static_files_are_collected_only_when_one_changed(collected):
    assert not start_platform.static_files_are_current()
    call_command("start_platform", stdout=StringIO())
    assert collected.exists()
    assert start_platform.static_files_are_current()
    first = collected.stat().st_mtime_ns

    call_command("start_platform", stdout=StringIO())
    assert collected.stat().st_mtime_ns == first

    # A source file edited after the last collection (a pull, an edit) brings a new one.
    source = start_platform.finders.find("vecinos/site.css")
    later = collected.stat().st_mtime + 10
    original = os.stat(source)
    try:
        os.utime(source, (later, later))
        assert not start_platform.static_files_are_current()
    finally:
        os.utime(source, ns=(original.st_atime_ns, original.st_mtime_ns))


def test_catalogues_are_compiled_only_when_their_po_is_newer(collected, tmp_path, monkeypatch):
    po_path = tmp_path / "es" / "LC_MESSAGES" / "django.po"
    po_path.parent.mkdir(parents=True)
    po_path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Show the map"\nmsgstr "Ver el mapa"\n'
    )
    mo_path = po_path.with_suffix(".mo")
    monkeypatch.setattr(start_platform, "project_catalogues", lambda: [po_path])

    assert start_platform.stale_catalogues() == [po_path]
    call_command("start_platform", stdout=StringIO())
    assert mo_path.exists() and start_platform.stale_catalogues() == []

    later = mo_path.stat().st_mtime + 10
    os.utime(po_path, (later, later))
    assert start_platform.stale_catalogues() == [po_path]
