"""Send the workshop reminders that are due now (the worker does this every ten minutes)."""

from django.core.management.base import BaseCommand

from vecinos.workshops.services import send_due_reminders


class Command(BaseCommand):
    help = "Queue every workshop reminder whose time has come."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_due_reminders()} reminders queued.")
