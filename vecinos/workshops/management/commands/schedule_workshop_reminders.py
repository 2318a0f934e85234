"""Make sure a workshop reminder run is waiting in the task queue."""

from django.core.management.base import BaseCommand

from vecinos.workshops.tasks import schedule_reminders


class Command(BaseCommand):
    help = "Enqueue the workshop reminder run unless one is already waiting."

    def handle(self, *args, **options):
        if schedule_reminders():
            self.stdout.write("Workshop reminders booked for ten minutes from now.")
        else:
            self.stdout.write("A reminder run is already waiting (or the backend runs at once).")
