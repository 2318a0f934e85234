"""The broadcasts' audit codes, `broadcasts.<thing>.<verb>`.

Rows written before these codes keep theirs (the log is hash-chained); OLD_CODES maps each
code to the one it replaced, for anything that reads history.
"""

from django.db import models


class AuditCode(models.TextChoices):
    BROADCAST_CREATED = "broadcasts.broadcast.created", "Broadcast created"
    BROADCAST_CHANGED = "broadcasts.broadcast.changed", "Broadcast changed"
    BROADCAST_APPROVAL_REQUESTED = (
        "broadcasts.broadcast.approval_requested",
        "Broadcast approval requested",
    )
    BROADCAST_APPROVED = "broadcasts.broadcast.approved", "Broadcast approved"
    BROADCAST_SENT = "broadcasts.broadcast.sent", "Broadcast sent"
    BROADCAST_CANCELLED = "broadcasts.broadcast.cancelled", "Broadcast cancelled"


OLD_CODES = {
    AuditCode.BROADCAST_CREATED: "broadcast.created",
    AuditCode.BROADCAST_CHANGED: "broadcast.changed",
    AuditCode.BROADCAST_APPROVAL_REQUESTED: "broadcast.approval_requested",
    AuditCode.BROADCAST_APPROVED: "broadcast.approved",
    AuditCode.BROADCAST_SENT: "broadcast.sent",
    AuditCode.BROADCAST_CANCELLED: "broadcast.cancelled",
}
