"""Run the key agent that holds the key in memory after a locked start."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vecinos.privacy import keyagent


class Command(BaseCommand):
    help = (
        "Gather key shares and hold the unlocked key in memory for every vecinos process on "
        "this machine (see docs/privacy.md, Locked start). Start it before the web workers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--socket", default=settings.VECINOS_KEY_AGENT_SOCKET)

    def handle(self, *args, socket, **options):
        if not socket:
            raise CommandError("Set VECINOS_KEY_AGENT_SOCKET (or --socket) to a socket path.")
        self.stdout.write(f"The key agent is waiting for shares on {socket}.")
        keyagent.serve(socket)
