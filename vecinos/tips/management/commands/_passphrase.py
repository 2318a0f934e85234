"""Reading a passphrase for the tip commands: typed at a prompt, never an argument (which
would land in the shell's history and the process list)."""

import getpass
import os

from django.core.management.base import CommandError

MIN_LENGTH = 16
ENVIRONMENT = "VECINOS_TIP_PASSPHRASE"


def read_passphrase(prompt: str, *, confirm: bool = False, from_environment: bool = False) -> str:
    """Prompt for a passphrase; with `from_environment`, VECINOS_TIP_PASSPHRASE if it is set."""
    value = os.environ.get(ENVIRONMENT) if from_environment else None
    if value is None:
        value = getpass.getpass(prompt)
        if confirm and getpass.getpass("Again: ") != value:
            raise CommandError("The two passphrases differ; nothing was changed.")
    if confirm and len(value) < MIN_LENGTH:
        raise CommandError(f"Choose a passphrase of at least {MIN_LENGTH} characters.")
    return value
