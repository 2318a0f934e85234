"""Make sure the hotline's once-a-minute check is waiting in the task queue."""

from django.core.management.base import BaseCommand

from vecinos.hotline.tasks import schedule_hotline_checks


class Command(BaseCommand):
    help = "Enqueue the hotline check (backup pages, next ring of responders) unless one waits."

    def handle(self, *args, **options):
        if schedule_hotline_checks():
            self.stdout.write("Hotline check booked for a minute from now.")
        else:
            self.stdout.write("A hotline check is already waiting (or the backend runs at once).")
