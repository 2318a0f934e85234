"""Settings for `make dev`: the base settings with Django's auto-reloading server."""

from .base import *  # noqa: F403
