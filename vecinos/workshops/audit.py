"""The workshops' audit codes, `workshops.<thing>.<verb>`.

Rows written before these codes carry the app's former name, "trainings." (for example
"trainings.registration.created"): the log is hash-chained, so they stay as they are.
OLD_CODES maps each code to the one it replaced, for anything that reads history.
"""

from django.db import models


class AuditCode(models.TextChoices):
    REGISTRATION_CREATED = "workshops.registration.created", "Registration made"
    REGISTRATION_REPEATED = "workshops.registration.repeated", "Registration made again"
    REGISTRATION_CANCELLED = "workshops.registration.cancelled", "Registration cancelled"
    REGISTRATION_PROMOTED = "workshops.registration.promoted", "Moved up from the waitlist"
    REGISTRATION_CHECKED_IN = "workshops.registration.checked_in", "Checked in at the door"
    REGISTRATION_CHECK_IN_UNDONE = "workshops.registration.check_in_undone", "Check-in undone"
    REGISTRATION_WALKED_IN = "workshops.registration.walked_in", "Walk-in added"
    REGISTRATIONS_VIEWED = "workshops.registrations.viewed", "Registrations viewed at the door"
    SIGNIN_SHEET_EXPORTED = "workshops.signin_sheet.exported", "Sign-in sheet printed"
    WORKSHOP_UPDATED = "workshops.workshop.updated", "Workshop changed"
    FOLLOWUP_SENT = "workshops.followup.sent", "Follow-up sent"
    ATTENDANCE_EXPORTED = "workshops.attendance.exported", "Families trained exported as counts"


OLD_CODES = {
    AuditCode.REGISTRATION_CREATED: "trainings.registration.created",
    AuditCode.REGISTRATION_REPEATED: "trainings.registration.repeated",
    AuditCode.REGISTRATION_CANCELLED: "trainings.registration.cancelled",
    AuditCode.REGISTRATION_PROMOTED: "trainings.registration.promoted",
    AuditCode.REGISTRATION_CHECKED_IN: "trainings.registration.checked_in",
    AuditCode.REGISTRATION_CHECK_IN_UNDONE: "trainings.registration.check_in_undone",
    AuditCode.REGISTRATION_WALKED_IN: "trainings.registration.walk_in",
    AuditCode.REGISTRATIONS_VIEWED: "trainings.registrations.viewed",
    AuditCode.SIGNIN_SHEET_EXPORTED: "trainings.signin_sheet.exported",
    AuditCode.WORKSHOP_UPDATED: "trainings.workshop.updated",
    AuditCode.FOLLOWUP_SENT: "trainings.followup.sent",
}
