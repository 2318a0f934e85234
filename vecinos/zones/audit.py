"""The zones' audit codes, `zones.<thing>.<verb>`.

Rows written before these codes keep theirs (the log is hash-chained); OLD_CODES maps each
code whose text changed to the one it replaced, for anything that reads history.
"""

from django.db import models


class AuditCode(models.TextChoices):
    MEMBER_JOINED = "zones.member.joined", "Member joined"
    MEMBER_JOIN_REPEATED = "zones.member.join_repeated", "Member signed up again"
    MEMBER_CONFIRMED = "zones.member.confirmed", "Member confirmed their number"
    MEMBER_CONFIRMED_BY_STAFF = "zones.member.confirmed_by_staff", "Member confirmed in person"
    MEMBER_ADDED = "zones.member.added", "Member added by staff"
    MEMBER_MOVED = "zones.member.moved", "Member moved to another block"
    MEMBER_LANGUAGE_CHANGED = "zones.member.language_changed", "Member's language changed"
    MEMBER_STOPPED = "zones.member.stopped", "Member stopped"
    MEMBER_RESUMED = "zones.member.resumed", "Member started again"
    MEMBER_ERASED = "zones.member.erased", "Member erased"
    MEMBER_ROLE_CHANGED = "zones.member.role_changed", "Member's role changed"
    MEMBER_TRAINED = "zones.member.trained", "Member marked trained"
    MEMBER_TRAINING_EXPIRED = "zones.member.training_expired", "Member's training expired"
    MEMBER_TAGS_CHANGED = "zones.member.tags_changed", "Member's tags changed"
    MEMBER_NOTES_CHANGED = "zones.member.notes_changed", "Member's notes changed"
    MEMBERS_LISTED = "zones.member.listed", "Members listed"
    MEMBER_VIEWED = "zones.member.viewed", "Member viewed"
    MEMBER_REVEALED = "zones.member.revealed", "Member's contact revealed"
    BLOCK_RENAMED = "zones.block.renamed", "Block renamed"
    BLOCK_CAPTAINS_CHANGED = "zones.block.captains_changed", "Block captains changed"
    CONSENT_TEXT_CREATED = "zones.consent_text.created", "Consent text written"
    SHAPES_IMPORTED = "zones.shapes.imported", "Zone and block shapes imported"
    COVERAGE_EXPORTED = "zones.coverage.exported", "Coverage exported as CSV"


OLD_CODES = {
    AuditCode.MEMBER_LANGUAGE_CHANGED: "zones.member.language",
    AuditCode.MEMBER_ROLE_CHANGED: "zones.member.role",
    AuditCode.MEMBER_TAGS_CHANGED: "zones.member.tags",
    AuditCode.MEMBER_NOTES_CHANGED: "zones.member.notes",
    AuditCode.BLOCK_CAPTAINS_CHANGED: "zones.block.captains",
    AuditCode.COVERAGE_EXPORTED: "export.csv",
}
