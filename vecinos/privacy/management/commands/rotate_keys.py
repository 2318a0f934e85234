"""Re-encrypt every personal value and private file under a new data key."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vecinos.privacy import crypto, rotation


class Command(BaseCommand):
    help = (
        "Make a new data key and re-encrypt every encrypted value and private file with it, in "
        "batches, while vecinos runs. Run it again to resume an interrupted rotation. With "
        "--new-kek-file, only wrap the data keys under a new key-encryption key instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--max-batches", type=int, default=None, help="stop after this many batches"
        )
        parser.add_argument(
            "--delete-old",
            action="store_true",
            help="once nothing is sealed with them any more, delete the old data keys",
        )
        parser.add_argument(
            "--new-kek-file", help="wrap every data key under the key in this file and stop"
        )

    def handle(self, *args, batch_size, max_batches, delete_old, new_kek_file, **options):
        try:
            if new_kek_file:
                self.rewrap(Path(new_kek_file))
                return
            report = rotation.rotate(
                batch_size=batch_size,
                max_batches=max_batches,
                delete_old=delete_old,
                progress=lambda line: self.stdout.write(line),
            )
        except crypto.Locked as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Data key {report.key_id}: {report.values} values and {report.files} files "
            "re-encrypted."
        )
        for failure in report.failures:
            self.stderr.write(f"Could not open {failure}; left as it was.")
        if report.deleted_keys:
            self.stdout.write(f"Deleted old data keys {report.deleted_keys}.")
        if not report.finished:
            raise CommandError("The rotation is not finished; run rotate_keys again to resume.")
        self.stdout.write("The rotation is finished.")

    def rewrap(self, path: Path) -> None:
        try:
            new_kek = crypto.read_key_file(path)
        except (OSError, crypto.ImproperlyConfigured) as error:
            raise CommandError(str(error)) from None
        count = rotation.rewrap(new_kek)
        self.stdout.write(
            f"{count} keys are now wrapped by {path}. Point VECINOS_KEY_FILE at it and restart "
            "every vecinos process now: the old key no longer opens them. Then destroy the old "
            "key file and make new shares with split_key if you use a locked start."
        )
