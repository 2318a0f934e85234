from django.db import models


class AuditCode(models.TextChoices):
    KEY_CREATED = "tips.key.created", "Tip key created"
    KEY_PASSPHRASE_CHANGED = "tips.key.passphrase_changed", "Tip key passphrase changed"
    KEY_UNLOCKED = "tips.key.unlocked", "Tip key unlocked"
    KEY_UNLOCK_FAILED = "tips.key.unlock_failed", "Tip key unlock failed"
    KEY_LOCKED = "tips.key.locked", "Tip key locked"
    SOURCE_VIEWED = "tips.source.viewed", "Tips of a source read"
    ATTACHMENT_VIEWED = "tips.attachment.viewed", "Tip attachment opened"
    SOURCE_STARRED = "tips.source.starred", "Source starred"
    SOURCE_UNSTARRED = "tips.source.unstarred", "Source unstarred"
    REPLY_SENT = "tips.reply.sent", "Reply sent to a source"
    SOURCE_DELETED = "tips.source.deleted", "Source and tips deleted"
    EXPORTED = "tips.tips.exported", "Sealed tips exported"
