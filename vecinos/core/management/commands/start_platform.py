"""Get an installation ready to serve, in one process: `make run` and `make dev` call this.

Each `manage.py` process pays a few seconds of imports before it does anything, and starting
the platform used to run six of them one after another. This runs the same steps in order in
one process, and skips what a restart does not need:

1. compile the translation catalogues whose .po is newer than its .mo (or has none);
2. collect the static files when one is newer than the collected manifest (or there is none);
3. migrate the database;
4. with --demo: the demo staff (printing how to sign in) and the demo site when it is empty;
5. with --periodic: book every periodic run that has none waiting.
"""

from io import StringIO
from pathlib import Path

import polib
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation.reloader import translation_file_changed

from vecinos.core.management.commands.compiletranslations import project_catalogues


def stale_catalogues() -> list[Path]:
    """The project's .po files whose .mo is missing or older than they are."""
    stale = []
    for po_path in project_catalogues():
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            stale.append(po_path)
    return stale


def newest_static_source() -> float:
    """The modification time of the newest file any static finder would collect."""
    newest = 0.0
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            newest = max(newest, Path(storage.path(path)).stat().st_mtime)
    return newest


def static_files_are_current() -> bool:
    """True when the collected files' manifest is newer than every source static file.

    A plain storage (no manifest) is always collected again: collectstatic then copies only
    what changed anyway.
    """
    manifest_name = getattr(staticfiles_storage, "manifest_name", None)
    if not manifest_name:
        return False
    manifest = Path(settings.STATIC_ROOT) / manifest_name
    if not manifest.exists():
        return False
    return manifest.stat().st_mtime >= newest_static_source()


class Command(BaseCommand):
    help = (
        "Compile changed translations, collect changed static files and migrate; with --demo "
        "also the demo staff and site, with --periodic book the periodic runs. One process."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Create the demo staff and, on an empty site, the demo site (DEBUG only).",
        )
        parser.add_argument(
            "--periodic", action="store_true", help="Book every periodic run that has none waiting."
        )

    def handle(self, *args, demo=False, periodic=False, **options):
        quiet = StringIO()
        compiled = [po_path.with_suffix(".mo") for po_path in stale_catalogues()]
        for mo_path in compiled:
            polib.pofile(str(mo_path.with_suffix(".po"))).save_as_mofile(str(mo_path))
        if compiled:
            # Django has loaded the catalogues while setting up: a process that goes on to
            # serve (the gunicorn master of bin/run-platform, whose workers it forks) must read
            # the new ones, as the development server does when a .mo changes.
            translation_file_changed(sender=None, file_path=compiled[0])
        if not static_files_are_current():
            call_command("collectstatic", interactive=False, verbosity=0, stdout=quiet)
        call_command("migrate", interactive=False, verbosity=0, stdout=quiet)
        if demo:
            # Staff first: the demo zones give the demo captain's account a block.
            call_command("create_demo_staff", stdout=self.stdout, stderr=self.stderr)
            call_command("load_demo", if_empty=True, stdout=self.stdout, stderr=self.stderr)
        if periodic:
            call_command("schedule_periodic", stdout=quiet, stderr=self.stderr)
