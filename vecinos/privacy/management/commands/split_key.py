"""Print Shamir shares of the current key-encryption key, for a locked start."""

from django.core.management.base import BaseCommand, CommandError

from vecinos.privacy import crypto


class Command(BaseCommand):
    help = (
        "Split the current key-encryption key into N shares, any K of which unlock vecinos "
        "after a locked start. Hand each share to a different person."
    )

    def add_arguments(self, parser):
        parser.add_argument("--shares", type=int, required=True, help="how many people (N)")
        parser.add_argument(
            "--threshold", type=int, required=True, help="how many must come together (K)"
        )

    def handle(self, *args, shares, threshold, **options):
        try:
            kek = crypto.current_kek()
        except crypto.Locked:
            raise CommandError(
                "No key is loaded: set VECINOS_KEY_FILE (or VECINOS_KEK) to the key to split."
            ) from None
        try:
            texts = crypto.split_kek(kek, shares=shares, threshold=threshold)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stderr.write(
            f"{shares} shares; any {threshold} of them unlock vecinos. Give each to one person, "
            "on paper, and do not keep them together or with the backups."
        )
        for text in texts:
            self.stdout.write(text)
