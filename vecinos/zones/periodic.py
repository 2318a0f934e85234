"""The nightly coverage snapshot: every zone's counts for the progress chart."""

from datetime import time

from vecinos.core.periodic import Periodic, daily_at, register

from .coverage import record_all_snapshots

# Shortly before midnight, so a snapshot holds the whole day it is dated with.
SNAPSHOT_TIME = time(23, 50)
next_run = daily_at(SNAPSHOT_TIME)

register(
    Periodic(
        name="zones.coverage_snapshots",
        run=record_all_snapshots,
        next_run=next_run,
        description="Record every zone's coverage counts for the day, each night.",
    )
)
