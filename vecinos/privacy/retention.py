"""Retention: each kind of personal data has a shredder that removes it when its time is up.

An app declares what it holds in a `shredders.py` module that calls `register()`; this module
finds those on first use, the way Wagtail finds `wagtail_hooks.py`. Periods come from the
VECINOS_RETENTION setting (days) with each shredder's default. A legal hold, switched on by an
admin when records must be preserved, stops every shredder until it is switched off.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from vecinos.core.audit import log_action
from vecinos.core.registry import Registry
from vecinos.privacy.models import LegalHold

from .audit import AuditCode

logger = logging.getLogger(__name__)


class Shredder:
    """One kind of personal data and how it is removed once its retention period is over.

    Subclasses set `name` (also the key in VECINOS_RETENTION), `description` and
    `default_period`, and implement `due()`. The default `shred()` deletes the rows; a
    shredder that keeps a row but blanks or coarsens some fields overrides it.
    """

    name: str = ""
    description: str = ""
    default_period: timedelta = timedelta(days=30)

    @property
    def period(self) -> timedelta:
        days = getattr(settings, "VECINOS_RETENTION", {}).get(self.name)
        return self.default_period if days is None else timedelta(days=days)

    def due(self, now: datetime) -> QuerySet:
        """Return the rows whose period is over at `now`."""
        raise NotImplementedError

    def shred(self, queryset: QuerySet) -> int:
        """Remove the personal data of the given rows and return how many rows were affected."""
        count = queryset.count()
        queryset.delete()
        return count


_shredders = Registry[Shredder]("shredders")
register = _shredders.register
unregister = _shredders.unregister
# Every registered shredder, after loading each app's `shredders.py`.
registered = _shredders.registered


@dataclass
class RetentionReport:
    """What a retention run did (or would do, in a dry run), shredder by shredder."""

    held: bool
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict:
        return {"held": self.held, "dry_run": self.dry_run, "counts": dict(self.counts)}


def run_shredders(now: datetime | None = None, dry_run: bool = False) -> RetentionReport:
    """Run every shredder whose data is due; under a legal hold, do nothing and say so."""
    now = now or timezone.now()
    if LegalHold.is_on():
        logger.info("Retention skipped: a legal hold is on.")
        return RetentionReport(held=True, dry_run=dry_run)
    report = RetentionReport(held=False, dry_run=dry_run)
    for shredder in registered():
        # One transaction per shredder: a failure in one leaves the others' work done.
        with transaction.atomic():
            due = shredder.due(now)
            report.counts[shredder.name] = due.count() if dry_run else shredder.shred(due)
    if not dry_run and report.total:
        log_action("system", AuditCode.RETENTION_SHREDDED, detail=report.counts)
    return report


def set_legal_hold(enabled: bool, *, actor, reason: str = "") -> LegalHold:
    """Switch the legal hold on or off, recording who did it in the audit log.

    The reason stays on the switch itself, never in the audit row: it is free text.
    """
    reason = reason.strip()
    with transaction.atomic():
        LegalHold.current()
        hold = LegalHold.objects.select_for_update().get(pk=1)
        if hold.enabled == enabled and hold.reason == reason:
            return hold
        if enabled:
            action = AuditCode.LEGAL_HOLD_UPDATED if hold.enabled else AuditCode.LEGAL_HOLD_ENABLED
        else:
            action = AuditCode.LEGAL_HOLD_DISABLED
        hold.enabled = enabled
        hold.reason = reason
        hold.changed_at = timezone.now()
        hold.changed_by_id = getattr(actor, "pk", None)
        hold.save()
        log_action(actor, action, hold)
    return hold
