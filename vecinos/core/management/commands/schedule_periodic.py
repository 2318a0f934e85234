"""Book every periodic run that has none waiting (run when the platform starts)."""

from django.core.management.base import BaseCommand, CommandError

from vecinos.core.periodic import drop_vanished_tasks, get, registered, schedule


class Command(BaseCommand):
    help = "Enqueue each registered periodic run (retention, outbox sweep, ...) unless one waits."

    def add_arguments(self, parser):
        parser.add_argument(
            "names",
            nargs="*",
            help="Only these runs (messaging.outbox_sweep, ...); all by default.",
        )

    def handle(self, *args, names, **options):
        try:
            entries = [get(name) for name in names] if names else registered()
        except LookupError as error:
            raise CommandError(str(error)) from error
        dropped = drop_vanished_tasks()
        if dropped:
            self.stdout.write(f"Dropped {dropped} waiting task(s) whose code no longer exists.")
        for entry in entries:
            booked = schedule(entry.name)
            state = "booked" if booked else "already waiting (or the backend runs at once)"
            self.stdout.write(f"{entry.name}: {state}. {entry.description}")
