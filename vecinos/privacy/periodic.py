"""Retention's hourly run: every shredder purges what is past its period."""

from datetime import timedelta

from vecinos.core.periodic import Periodic, every, register

from .retention import run_shredders

RETENTION_INTERVAL = timedelta(hours=1)


def shred_due() -> dict:
    """Run the shredders (nothing while the legal hold is on) and return their counts."""
    return run_shredders().as_dict()


register(
    Periodic(
        name="privacy.retention",
        run=shred_due,
        next_run=every(RETENTION_INTERVAL),
        description="Purge what is past its retention period, every hour.",
    )
)
