"""The privacy app's audit codes, `privacy.<thing>.<verb>`.

Rows written before these codes keep theirs (the log is hash-chained); OLD_CODES maps each
code to the one it replaced, for anything that reads history.
"""

from django.db import models


class AuditCode(models.TextChoices):
    PERSON_EXPORTED = "privacy.person.exported", "Person's data exported"
    PERSON_ERASED = "privacy.person.erased", "Person erased"
    SHARE_REFUSED = "privacy.share.refused", "Key share refused"
    SHARE_ENTERED = "privacy.share.entered", "Key share entered"
    KEY_UNLOCKED = "privacy.key.unlocked", "Platform unlocked with key shares"
    RETENTION_SHREDDED = "privacy.retention.shredded", "Retention run shredded data"
    LEGAL_HOLD_ENABLED = "privacy.legal_hold.enabled", "Legal hold switched on"
    LEGAL_HOLD_UPDATED = "privacy.legal_hold.updated", "Legal hold changed"
    LEGAL_HOLD_DISABLED = "privacy.legal_hold.disabled", "Legal hold switched off"
    POST_HELD = "privacy.held_post.held", "Post held during a flood"
    POST_ACCEPTED = "privacy.held_post.accepted", "Held post accepted"
    POST_DISCARDED = "privacy.held_post.discarded", "Held post discarded"
    POSTS_VIEWED = "privacy.held_post.viewed", "Held posts read"


OLD_CODES = {
    AuditCode.PERSON_EXPORTED: "person.exported",
    AuditCode.PERSON_ERASED: "person.erased",
    AuditCode.SHARE_REFUSED: "privacy.share_refused",
    AuditCode.SHARE_ENTERED: "privacy.share_entered",
    AuditCode.KEY_UNLOCKED: "privacy.unlocked",
    AuditCode.RETENTION_SHREDDED: "retention.shredded",
    AuditCode.LEGAL_HOLD_ENABLED: "legal_hold.enabled",
    AuditCode.LEGAL_HOLD_UPDATED: "legal_hold.updated",
    AuditCode.LEGAL_HOLD_DISABLED: "legal_hold.disabled",
}
