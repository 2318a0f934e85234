from django.core.management.base import BaseCommand

from vecinos.messaging.tasks import schedule_sweep


class Command(BaseCommand):
    help = "Make sure an outbox sweep is waiting in the task queue (run at start-up)."

    def handle(self, *args, **options):
        booked = schedule_sweep()
        self.stdout.write(
            "Outbox sweep booked." if booked else "An outbox sweep is already waiting."
        )
