"""Erase everything held about one person, on their request."""

from django.core.management.base import BaseCommand, CommandError

from vecinos.privacy.erasure import erase_person, find_person


class Command(BaseCommand):
    help = "Erase what vecinos holds about the person with this e-mail address or phone."

    def add_arguments(self, parser):
        parser.add_argument("--email")
        parser.add_argument("--phone")
        parser.add_argument("--no-input", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, email=None, phone=None, no_input=False, **options):
        try:
            found = find_person(email=email, phone=phone)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if not found:
            self.stdout.write("Nothing is held about this person.")
            return
        for name, rows in found.items():
            self.stdout.write(f"{name}: {len(rows)}")
        if not no_input:
            answer = input("Erase all of the above for good? Type 'yes' to continue: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was erased.")
        counts = erase_person(email=email, phone=phone)
        self.stdout.write(f"Erased {sum(counts.values())} records.")
