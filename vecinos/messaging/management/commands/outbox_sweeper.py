import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from vecinos.messaging.tasks import SWEEP_INTERVAL, sweep_once

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Sweep the outbox on a clock of its own, for task queues in Redis: a Redis restart "
        "forgets a sweep booked there, this process does not. Safe to run more than one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=SWEEP_INTERVAL.total_seconds(),
            help="Seconds between sweeps (default: %(default)s).",
        )

    def handle(self, *args, interval: float, **options):
        while True:
            try:
                report = sweep_once()
                if report["resumed"] or report["expired"] or report["drainers"]:
                    logger.info("outbox sweep: %s", report)
            except Exception:
                # A database or Redis that is briefly away must not end the clock.
                logger.exception("outbox sweep failed; trying again in %s s", interval)
            finally:
                close_old_connections()
            time.sleep(interval)
