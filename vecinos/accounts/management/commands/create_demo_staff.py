from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vecinos.accounts.demo import DEMO_PASSWORD, ensure_demo_staff


class Command(BaseCommand):
    help = (
        "Create one demo staff user per role (admin, organizer, dispatcher, editor, fundraiser, "
        "researcher) and print how to sign in. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off. Demo accounts have a published password.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo staff with DEBUG off: their password is public. "
                "Use --force if this really is a demonstration server."
            )
        logins = ensure_demo_staff()
        admin_url = f"{settings.WAGTAILADMIN_BASE_URL}/admin/"
        self.stdout.write(f"Demo staff sign in at {admin_url} with the password {DEMO_PASSWORD}")
        for login in logins:
            if not login.totp_secret:
                self.stdout.write(f"  {login.username:<11} password only (no second factor)")
                continue
            codes = ", ".join(login.backup_codes)
            self.stdout.write(
                f"  {login.username:<11} authenticator key {login.totp_secret}"
                f"  backup codes {codes}"
            )
        self.stdout.write(
            "Add the key to an authenticator app (or run `oathtool --totp -b KEY`) "
            "to get the six-digit code asked for after the password."
        )
