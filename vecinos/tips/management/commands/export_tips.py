"""Write every sealed tip to a file, still sealed, for reading on the offline machine."""

import base64
import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vecinos.core.audit import log_action
from vecinos.tips.audit import AuditCode
from vecinos.tips.models import Source


def _b64(value) -> str:
    return base64.b64encode(bytes(value)).decode()


class Command(BaseCommand):
    help = "Export every source's sealed tips and files to PATH (JSON, still sealed)."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        sources = []
        for source in Source.objects.prefetch_related("tips__attachments", "replies"):
            sources.append(
                {
                    "source": source.pk,
                    "starred": source.starred,
                    "tips": [
                        {
                            "day": tip.received_on.isoformat(),
                            "body": _b64(tip.sealed_body),
                            "attachments": [_b64(a.sealed_content) for a in tip.attachments.all()],
                        }
                        for tip in source.tips.all()
                    ],
                    "replies": [
                        {"day": reply.sent_on.isoformat(), "body": _b64(reply.sealed_for_staff)}
                        for reply in source.replies.all()
                    ],
                }
            )
        target = Path(path).expanduser()
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise CommandError(f"{target} already exists; it was left untouched.") from None
        with os.fdopen(fd, "w") as handle:
            json.dump({"sources": sources}, handle)
        log_action("system", AuditCode.EXPORTED, detail={"sources": len(sources)})
        self.stdout.write(f"Exported {len(sources)} sources, sealed, to {target}.")
