"""Write everything held about one person to a JSON file, for a request to see their data."""

import json
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from vecinos.privacy.erasure import export_person


class Command(BaseCommand):
    help = "Export what vecinos holds about the person with this e-mail address or phone."

    def add_arguments(self, parser):
        parser.add_argument("--email")
        parser.add_argument("--phone")
        parser.add_argument(
            "--out", help="File to write (readable only by its owner); default: stdout."
        )

    def handle(self, *args, email=None, phone=None, out=None, **options):
        try:
            data = export_person(email=email, phone=phone)
        except ValueError as error:
            raise CommandError(str(error)) from None
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if out is None:
            sys.stdout.write(text)
            return
        # The file holds decrypted personal data: only its owner may read it.
        descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        count = sum(len(rows) for rows in data["records"].values())
        self.stderr.write(
            f"Wrote {count} records to {out}. Delete the file once it is handed over."
        )
