"""The hotline's audit codes, `hotline.<thing>.<verb>`.

Rows written before these codes carry the older, unprefixed ones (for example
"incident.merged" for HOTLINE_INCIDENT_MERGED): the log is hash-chained, so they stay as
they are. OLD_CODES maps each code to the one it replaced, for anything that reads history.
"""

from django.db import models


class AuditCode(models.TextChoices):
    REPORT_RECEIVED = "hotline.report.received", "Report received"
    INCIDENT_VIEWED = "hotline.incident.viewed", "Incident viewed"
    INCIDENT_ACKNOWLEDGED = "hotline.incident.acknowledged", "Incident taken by a dispatcher"
    INCIDENT_VERIFYING = "hotline.incident.verifying", "Incident put to verification"
    INCIDENT_CONFIRMED = "hotline.incident.confirmed", "Incident confirmed"
    INCIDENT_FALSE_ALARM = "hotline.incident.false_alarm", "Incident marked a false alarm"
    INCIDENT_UNABLE_TO_VERIFY = "hotline.incident.unable_to_verify", "Incident not verifiable"
    INCIDENT_CLOSED = "hotline.incident.closed", "Incident closed"
    INCIDENT_NOTE_ADDED = "hotline.incident.note_added", "Note added to an incident"
    INCIDENT_PLACED = "hotline.incident.placed", "Incident placed on its block"
    INCIDENT_MERGED = "hotline.incident.merged", "Incidents merged"
    INCIDENT_SPLIT = "hotline.incident.split", "Report split off into its own incident"
    INCIDENT_SUMMARIZED = "hotline.incident.summarized", "Incident summarized"
    VERIFICATION_REQUESTED = "hotline.verification.requested", "Responders asked to verify"
    RECORD_SAVED = "hotline.record.saved", "Incident documentation saved"
    PHOTO_VIEWED = "hotline.photo.viewed", "Photo viewed"
    RECORDING_STORED = "hotline.recording.stored", "Voice recording stored, deleted at provider"
    RECORDING_PLAYED = "hotline.recording.played", "Voice recording played"
    ALERT_DRAFTED = "hotline.alert.drafted", "Alert drafted"
    ALERT_REQUESTED = "hotline.alert.requested", "Alert sending asked for"
    CORRECTION_REQUESTED = "hotline.correction.requested", "Correction sending asked for"
    ALL_CLEAR_REQUESTED = "hotline.all_clear.requested", "All-clear sending asked for"
    ALERT_SENT = "hotline.alert.sent", "Alert sent"
    CORRECTION_SENT = "hotline.correction.sent", "Correction sent"
    ALL_CLEAR_SENT = "hotline.all_clear.sent", "All-clear sent"
    ALERT_CONTACT_ADDED = "hotline.alert_contact.added", "Alert contact added"
    ALERT_CONTACT_DEACTIVATED = "hotline.alert_contact.deactivated", "Alert contact stopped"
    DISPATCHER_SAVED = "hotline.dispatcher.saved", "Dispatcher saved"
    SHIFT_ADDED = "hotline.shift.added", "Shift added"
    CASE_OPENED = "hotline.case.opened", "Case opened"
    CASE_VIEWED = "hotline.case.viewed", "Case viewed"
    CASE_UPDATED = "hotline.case.updated", "Case updated"
    CASE_CLOSED = "hotline.case.closed", "Case closed"
    CASE_TASK_ADDED = "hotline.case_task.added", "Case task added"
    CASE_TASK_DONE = "hotline.case_task.done", "Case task done"
    CASE_TASK_REMINDED = "hotline.case_task.reminded", "Task owner reminded of tasks due"
    INCIDENTS_EXPORTED = "hotline.incidents.exported", "Incidents exported without people"


# The code each incident state's change is recorded under.
STATE_CHANGED = {
    "verifying": AuditCode.INCIDENT_VERIFYING,
    "confirmed": AuditCode.INCIDENT_CONFIRMED,
    "false_alarm": AuditCode.INCIDENT_FALSE_ALARM,
    "unable_to_verify": AuditCode.INCIDENT_UNABLE_TO_VERIFY,
    "closed": AuditCode.INCIDENT_CLOSED,
}
# What sending each kind of alert is asked and recorded under.
ALERT_REQUESTED = {
    "alert": AuditCode.ALERT_REQUESTED,
    "correction": AuditCode.CORRECTION_REQUESTED,
    "all_clear": AuditCode.ALL_CLEAR_REQUESTED,
}
ALERT_SENT = {
    "alert": AuditCode.ALERT_SENT,
    "correction": AuditCode.CORRECTION_SENT,
    "all_clear": AuditCode.ALL_CLEAR_SENT,
}

OLD_CODES = {
    AuditCode.REPORT_RECEIVED: "report.received",
    AuditCode.INCIDENT_VIEWED: "incident.viewed",
    AuditCode.INCIDENT_ACKNOWLEDGED: "incident.acknowledged",
    AuditCode.INCIDENT_VERIFYING: "incident.verifying",
    AuditCode.INCIDENT_CONFIRMED: "incident.confirmed",
    AuditCode.INCIDENT_FALSE_ALARM: "incident.false_alarm",
    AuditCode.INCIDENT_UNABLE_TO_VERIFY: "incident.unable_to_verify",
    AuditCode.INCIDENT_CLOSED: "incident.closed",
    AuditCode.INCIDENT_NOTE_ADDED: "incident.note_added",
    AuditCode.INCIDENT_PLACED: "incident.placed",
    AuditCode.INCIDENT_MERGED: "incident.merged",
    AuditCode.INCIDENT_SPLIT: "incident.split",
    AuditCode.INCIDENT_SUMMARIZED: "incident.summarized",
    AuditCode.VERIFICATION_REQUESTED: "incident.verification_asked",
    AuditCode.RECORD_SAVED: "incident.record_saved",
    AuditCode.PHOTO_VIEWED: "photo.viewed",
    AuditCode.ALERT_DRAFTED: "alert.drafted",
    AuditCode.ALERT_REQUESTED: "alert.alert_requested",
    AuditCode.CORRECTION_REQUESTED: "alert.correction_requested",
    AuditCode.ALL_CLEAR_REQUESTED: "alert.all_clear_requested",
    AuditCode.ALERT_SENT: "alert.alert_sent",
    AuditCode.CORRECTION_SENT: "alert.correction_sent",
    AuditCode.ALL_CLEAR_SENT: "alert.all_clear_sent",
    AuditCode.ALERT_CONTACT_ADDED: "alert_contact.added",
    AuditCode.ALERT_CONTACT_DEACTIVATED: "alert_contact.deactivated",
    AuditCode.DISPATCHER_SAVED: "dispatcher.saved",
    AuditCode.SHIFT_ADDED: "shift.added",
    AuditCode.CASE_OPENED: "case.opened",
    AuditCode.CASE_VIEWED: "case.viewed",
    AuditCode.CASE_UPDATED: "case.updated",
    AuditCode.CASE_CLOSED: "case.closed",
    AuditCode.CASE_TASK_ADDED: "case.task_added",
    AuditCode.CASE_TASK_DONE: "case.task_done",
}
