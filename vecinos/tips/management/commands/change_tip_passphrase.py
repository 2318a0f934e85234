"""Lock the tip key under a new passphrase (after a tip reader leaves, for instance)."""

from django.core.management.base import BaseCommand, CommandError

from vecinos.tips import sealing, services

from ._passphrase import read_passphrase


class Command(BaseCommand):
    help = "Change the tip key's passphrase; both are typed at the prompt."

    def handle(self, *args, **options):
        old = read_passphrase("Current tip passphrase: ")
        try:
            sealing.unlock_private_key(services.tip_key(), old)
        except services.NoTipKey:
            raise CommandError("There is no tip key yet: create_tip_key makes one.") from None
        except sealing.WrongPassphrase:
            raise CommandError("That passphrase does not open the tip key.") from None
        new = read_passphrase("New tip passphrase: ", confirm=True)
        services.change_tip_passphrase(old=old, new=new)
        self.stdout.write("The tip key is now locked under the new passphrase.")
