"""The jobs app's audit codes, `jobs.<thing>.<verb>`.

Rows written before these codes carry "job_application.<verb>" (for example
"job_application.viewed"): the log is hash-chained, so they stay as they are. OLD_CODES maps
each code to the one it replaced, for anything that reads history.
"""

from django.db import models


class AuditCode(models.TextChoices):
    APPLICATION_SUBMITTED = "jobs.application.submitted", "Application received"
    APPLICATION_UPDATED = "jobs.application.updated", "Application changed"
    APPLICATION_DELETED = "jobs.application.deleted", "Application deleted"
    APPLICATIONS_LISTED = "jobs.applications.listed", "Applications listed"
    APPLICATION_VIEWED = "jobs.application.viewed", "Application read"
    RESUME_DOWNLOADED = "jobs.resume.downloaded", "Résumé downloaded"


OLD_CODES = {
    AuditCode.APPLICATION_SUBMITTED: "job_application.submitted",
    AuditCode.APPLICATION_UPDATED: "job_application.updated",
    AuditCode.APPLICATION_DELETED: "job_application.deleted",
    AuditCode.APPLICATIONS_LISTED: "job_application.listed",
    AuditCode.APPLICATION_VIEWED: "job_application.viewed",
    AuditCode.RESUME_DOWNLOADED: "job_application.resume_downloaded",
}
