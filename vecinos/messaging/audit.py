"""The messaging app's audit codes, `messaging.<thing>.<verb>`.

Rows written before these codes keep theirs (the log is hash-chained); OLD_CODES maps each
code to the one it replaced, for anything that reads history.
"""

from django.db import models


class AuditCode(models.TextChoices):
    BATCH_CANCELLED = "messaging.batch.cancelled", "Queued messages cancelled"
    MESSAGE_SENT_BY_STAFF = "messaging.message.sent_by_staff", "Message sent by staff"
    REPLY_SIMULATED = "messaging.reply.simulated", "Reply simulated on the Test phone"
    VERIFICATION_BUDGET_REACHED = (
        "messaging.verification_budget.reached",
        "Hourly budget of verification texts reached",
    )


OLD_CODES = {
    AuditCode.BATCH_CANCELLED: "message.batch_cancelled",
    AuditCode.MESSAGE_SENT_BY_STAFF: "message.sent_by_staff",
    AuditCode.REPLY_SIMULATED: "message.reply_simulated",
}
