"""Make a tip keypair on the offline machine: the private key goes to a file there."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from nacl.public import PrivateKey


class Command(BaseCommand):
    requires_system_checks = []
    help = (
        "Run on the offline machine: write a new tip private key to PATH (mode 0600) and print "
        "its public key, for create_tip_key --public-key on the server."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        target = Path(path).expanduser()
        private = PrivateKey.generate()
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise CommandError(f"{target} already exists; it was left untouched.") from None
        with os.fdopen(fd, "w") as handle:
            handle.write(bytes(private).hex() + "\n")
        self.stdout.write(bytes(private.public_key).hex())
