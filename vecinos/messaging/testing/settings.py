"""Settings for worker processes started by the reliability tests and the messaging bench.

The base settings (which read the channel, Twilio and rate settings from the environment that
`workers.Deployment` builds) with DEBUG off, so no query log grows through a long fan-out.
"""

import os

from config.settings.base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("VECINOS_LOG_LEVEL", "WARNING")},
}

# A killed worker's messages come back once their lease runs out; tests shorten the wait.
VECINOS_OUTBOX_LEASE_SECONDS = float(os.environ.get("VECINOS_OUTBOX_LEASE_SECONDS", "30"))
