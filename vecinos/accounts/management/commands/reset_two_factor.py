from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from vecinos.accounts.services import reset_two_factor


class Command(BaseCommand):
    help = (
        "Remove a staff user's authenticator app and backup codes, so that they set up two-step "
        "sign-in again. For when no admin can sign in to do it from the users list."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as error:
            raise CommandError(f"No user is called {username!r}.") from error
        reset_two_factor(user, actor="system")
        self.stdout.write(f"Two-step sign-in reset for {username}; they will set it up again.")
