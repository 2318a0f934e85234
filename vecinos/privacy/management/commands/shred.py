"""Purge the personal data whose retention period is over."""

from django.core.management.base import BaseCommand

from vecinos.privacy.retention import registered, run_shredders


class Command(BaseCommand):
    help = "Run every registered shredder; with --dry-run, only count what is due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what is due without deleting anything."
        )

    def handle(self, *args, dry_run=False, **options):
        report = run_shredders(dry_run=dry_run)
        if report.held:
            self.stdout.write("A legal hold is on: nothing was purged.")
            return
        verb = "due" if dry_run else "purged"
        for shredder in registered():
            count = report.counts.get(shredder.name, 0)
            self.stdout.write(f"{shredder.name}: {count} {verb} (kept {shredder.period.days} days)")
        if dry_run:
            self.stdout.write("Dry run: nothing was deleted.")
