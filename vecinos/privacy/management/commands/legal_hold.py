"""Switch the legal hold that stops every shredder."""

from django.core.management.base import BaseCommand, CommandError

from vecinos.privacy.models import LegalHold
from vecinos.privacy.retention import set_legal_hold


class Command(BaseCommand):
    help = "Turn the legal hold on or off, or show it. While it is on, nothing is purged."

    def add_arguments(self, parser):
        parser.add_argument("state", nargs="?", choices=["on", "off", "status"], default="status")
        parser.add_argument("--reason", default="", help="Why records must be preserved.")

    def handle(self, *args, state, reason, **options):
        if state == "on":
            if not reason.strip():
                raise CommandError('Give the reason with --reason "...".')
            set_legal_hold(True, actor="system", reason=reason)
        elif state == "off":
            set_legal_hold(False, actor="system", reason=reason)
        hold = LegalHold.current()
        if hold.enabled:
            self.stdout.write(f"Legal hold is ON since {hold.changed_at:%Y-%m-%d %H:%M}.")
        else:
            self.stdout.write("Legal hold is off.")
