"""What every stage of the hotline shares: its error and its timeline.

An incident's timeline (what the dispatcher sees) and the audit log (who did what, for the
record) are written together by `record_event`, so no step writes one without the other.
"""

from __future__ import annotations

from vecinos.core.audit import log_action

from ..models import Incident, TimelineEntry


class HotlineError(Exception):
    """A hotline action that cannot be done; str() says why, in the user's language."""


def add_timeline(incident: Incident, kind: str, *, actor=None, note: str = "", **detail):
    """Append an entry to the incident's timeline: a code, numbers or ids, an optional note."""
    return TimelineEntry.objects.create(
        incident=incident,
        kind=kind,
        detail=detail,
        note=note,
        actor=actor if getattr(actor, "pk", None) else None,
    )


def record_event(
    incident: Incident,
    kind: str,
    *,
    actor,
    action: str,
    target=None,
    note: str = "",
    audit_detail: dict | None = None,
    **detail,
) -> TimelineEntry:
    """Append `kind` to the incident's timeline and write the audit row `action` with it.

    The audit row names `target` (the incident when not given); `audit_detail` holds codes
    and counts only, as the audit log requires. Call it last in the step's transaction.
    """
    entry = add_timeline(incident, kind, actor=actor, note=note, **detail)
    log_action(actor, action, target or incident, detail=audit_detail or {})
    return entry
