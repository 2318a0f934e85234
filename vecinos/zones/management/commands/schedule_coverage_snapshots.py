"""Make sure tonight's coverage snapshot is waiting in the task queue."""

from django.core.management.base import BaseCommand

from vecinos.zones.tasks import schedule_coverage_snapshots


class Command(BaseCommand):
    help = "Enqueue the nightly coverage snapshot unless one is already waiting."

    def handle(self, *args, **options):
        if schedule_coverage_snapshots():
            self.stdout.write("Coverage snapshot booked for tonight.")
        else:
            self.stdout.write(
                "A coverage snapshot is already waiting (or the backend runs at once)."
            )
