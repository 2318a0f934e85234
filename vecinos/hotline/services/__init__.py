"""Every write of the hotline, one module per stage.

- intake: a report arrives and joins its incident (or opens one).
- dispatch: pages to the dispatcher on shift and the backup, taking an incident, its states,
  notes, merges and splits, dispatchers and shifts.
- verification: asking nearby responders to go and see, and their answers.
- alerts: alerts, corrections and all-clears to the neighbours, lawyers and partners.
- cases: the incident's documentation and the follow-up cases of the families affected.
- base: the hotline's error, and `record_event`, which writes the incident's timeline row and
  the audit row together.

The intake and dispatch names are importable from here (`services.submit_report`).
"""

from . import alerts, cases, verification
from .base import HotlineError, add_timeline, record_event
from .dispatch import (
    PAGE_FLOW,
    PAGE_IDLE,
    RESOLVED,
    TRANSITIONS,
    ack_minutes,
    acknowledge_incident,
    add_dispatcher,
    add_note,
    add_shift,
    change_state,
    console_url,
    merge_incidents,
    on_shift,
    page_backups,
    page_dispatcher,
    set_block,
    set_summary,
    split_report,
)
from .intake import (
    GATHERING,
    GROUPING_WINDOW,
    NewReport,
    add_photo,
    find_incident_for,
    parse_point,
    submit_report,
)

__all__ = [
    "GATHERING",
    "GROUPING_WINDOW",
    "PAGE_FLOW",
    "PAGE_IDLE",
    "RESOLVED",
    "TRANSITIONS",
    "HotlineError",
    "NewReport",
    "ack_minutes",
    "acknowledge_incident",
    "add_dispatcher",
    "add_note",
    "add_photo",
    "add_shift",
    "add_timeline",
    "alerts",
    "cases",
    "change_state",
    "console_url",
    "find_incident_for",
    "merge_incidents",
    "on_shift",
    "page_backups",
    "page_dispatcher",
    "parse_point",
    "record_event",
    "set_block",
    "set_summary",
    "split_report",
    "submit_report",
    "verification",
]
