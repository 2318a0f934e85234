"""Create the organization's tip key. Prints the public key's fingerprint, nothing secret."""

from django.core.management.base import BaseCommand, CommandError

from vecinos.tips import services

from ._passphrase import read_passphrase


class Command(BaseCommand):
    help = (
        "Create the tip key, its private half locked under a passphrase typed at the prompt; "
        "or, with --public-key, keep only the public key of a pair made offline "
        "(new_offline_tip_key)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--public-key", default="", help="hex public key of an offline pair")

    def handle(self, *args, public_key, **options):
        try:
            if public_key:
                raw = bytes.fromhex(public_key.strip())
                if len(raw) != 32:
                    raise CommandError("A public key is 64 hexadecimal characters.")
                key = services.create_tip_key(passphrase="", offline_public_key=raw)
            else:
                passphrase = read_passphrase(
                    "Tip passphrase: ", confirm=True, from_environment=True
                )
                key = services.create_tip_key(passphrase=passphrase)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Tip key created (public key {bytes(key.public_key).hex()[:16]}…).")
