"""Fill an empty installation with a demo organization's site in English and Spanish."""

from django.core.management.base import BaseCommand, CommandError

from vecinos import demo


class Command(BaseCommand):
    help = (
        "Create the demo site: locales, organization settings and every section's pages "
        "in English and Spanish."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when a site already exists, so that editors' changes are kept.",
        )
        group.add_argument(
            "--reset",
            action="store_true",
            help=(
                "Delete the home pages, everything under them and the documents they hold, "
                "then rebuild."
            ),
        )

    def handle(self, *args, if_empty=False, reset=False, **options):
        if demo.demo_exists():
            if if_empty:
                self.stdout.write("A site already exists; nothing to do.")
                return
            if not reset:
                raise CommandError(
                    "A site already exists. Use --reset to delete it and build the demo again."
                )
            demo.reset()
        homes = demo.build()
        count = sum(home.get_descendants(inclusive=True).count() for home in homes.values())
        self.stdout.write(self.style.SUCCESS(f"Demo site built: {count} pages."))
