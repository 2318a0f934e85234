"""The records app's audit codes, `records.<thing>.<verb>`."""

from django.db import models


class AuditCode(models.TextChoices):
    REQUEST_SYNCED = "records.request.synced", "Request's timeline copied to its translations"
    REMINDER_QUEUED = "records.reminder.queued", "Deadline reminder queued for the owner"
    REQUESTS_EXPORTED = "records.requests.exported", "Records requests exported"
