"""On the offline machine: open an export with the private key file, write the tips out."""

import base64
import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from nacl.public import PrivateKey

from vecinos.tips import sealing


class Command(BaseCommand):
    requires_system_checks = []
    help = (
        "Open EXPORT (from export_tips) with the private key in KEY_FILE and write each tip, "
        "file and reply under OUT_DIR. Run it on the offline machine, never on the server."
    )

    def add_arguments(self, parser):
        parser.add_argument("export")
        parser.add_argument("key_file")
        parser.add_argument("out_dir")

    def handle(self, *args, export, key_file, out_dir, **options):
        try:
            private = PrivateKey(bytes.fromhex(Path(key_file).read_text().strip()))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the key file: {error}") from None
        data = json.loads(Path(export).read_text())
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True, mode=0o700)
        opened = 0
        for source in data["sources"]:
            folder = out / f"source-{source['source']}"
            folder.mkdir(exist_ok=True, mode=0o700)
            lines = []
            for number, tip in enumerate(source["tips"], start=1):
                try:
                    body = sealing.open_json(private, base64.b64decode(tip["body"]))
                except sealing.CannotOpen:
                    raise CommandError("This key does not open the export.") from None
                lines.append(f"--- tip {number}, {tip['day']}\n{body['text']}\n")
                opened += 1
                for sealed in tip["attachments"]:
                    plain = sealing.open_sealed(private, base64.b64decode(sealed))
                    header, _, content = plain.partition(b"\n")
                    name = f"tip{number}-{json.loads(header)['name']}"
                    (folder / name).write_bytes(content)
            for reply in source["replies"]:
                body = sealing.open_json(private, base64.b64decode(reply["body"]))
                lines.append(f"--- our reply, {reply['day']}\n{body['text']}\n")
            path = folder / "tips.txt"
            path.write_text("\n".join(lines), encoding="utf-8")
            os.chmod(path, 0o600)
        self.stdout.write(f"Opened {opened} tips into {out}.")
