"""Make sure an hourly retention run is waiting in the task queue."""

from django.core.management.base import BaseCommand

from vecinos.privacy.tasks import schedule_retention


class Command(BaseCommand):
    help = "Enqueue the retention run unless one is already waiting."

    def handle(self, *args, **options):
        if schedule_retention():
            self.stdout.write("Retention run booked for an hour from now.")
        else:
            self.stdout.write("A retention run is already waiting (or the backend runs at once).")
