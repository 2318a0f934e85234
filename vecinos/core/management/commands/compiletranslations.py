"""Compile every .po catalogue of the project to .mo without needing GNU gettext installed."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def project_catalogues() -> list[Path]:
    """Return the project's own .po files: the top-level locale folder and each app's."""
    roots = [Path(settings.BASE_DIR) / "locale", Path(settings.BASE_DIR) / "vecinos"]
    return sorted(p for root in roots if root.exists() for p in root.rglob("LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = "Compile the project's translation catalogues (.po) to .mo files."

    def handle(self, *args, **options):
        for po_path in project_catalogues():
            polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
            self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR)}")
