"""The hotline's models, one module a stage (see incidents.py for the whole picture).

incidents: reports, incidents, their timeline, photos and documentation; dispatch:
dispatchers, shifts and pages; verification: responders asked to verify; alerts: alerts,
their recipients and contacts; cases: follow-up cases and their tasks.
"""

from .alerts import Alert, AlertContact, AlertRecipient
from .cases import Case, CaseQuerySet, CaseTask
from .dispatch import Dispatcher, DispatcherPage, Shift, ShiftQuerySet
from .incidents import (
    Activity,
    Agency,
    Incident,
    IncidentQuerySet,
    IncidentRecord,
    Photo,
    Recording,
    Report,
    TimelineEntry,
)
from .verification import VerificationRequest

__all__ = [
    "Activity",
    "Agency",
    "Alert",
    "AlertContact",
    "AlertRecipient",
    "Case",
    "CaseQuerySet",
    "CaseTask",
    "Dispatcher",
    "DispatcherPage",
    "Incident",
    "IncidentQuerySet",
    "IncidentRecord",
    "Photo",
    "Recording",
    "Report",
    "Shift",
    "ShiftQuerySet",
    "TimelineEntry",
    "VerificationRequest",
]
