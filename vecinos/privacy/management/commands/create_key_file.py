"""Write a fresh key-encryption key to a file outside the data folder."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vecinos.privacy import crypto


class Command(BaseCommand):
    requires_system_checks = []
    help = "Write a new random 32-byte key-encryption key to PATH (mode 0600), outside DATA_DIR."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        problem = crypto.key_file_problem(path)
        if problem:
            raise CommandError(problem)
        target = Path(path).expanduser()
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            # O_EXCL: an existing key is never overwritten, since every value sealed under it
            # would be lost with it.
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise CommandError(f"{target} already exists; it was left untouched.") from None
        with os.fdopen(fd, "wb") as handle:
            handle.write(crypto.new_key())
        self.stdout.write(
            f"Wrote a new key to {target}. Keep a copy apart from the backups of the data: "
            "without it, nothing encrypted can be read again."
        )
