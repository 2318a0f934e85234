"""The audit codes fundraising writes."""

from django.db import models


class AuditCode(models.TextChoices):
    GIFT_STARTED = "fundraising.gift.started", "Card gift started"
    GIFT_PAID = "fundraising.gift.paid", "Gift paid"
    GIFT_RECORDED = "fundraising.gift.recorded", "Offline gift recorded"
    GIFT_REFUNDED = "fundraising.gift.refunded", "Gift refunded"
    GIFT_DISPUTED = "fundraising.gift.disputed", "Gift disputed"
    PLEDGE_STARTED = "fundraising.pledge.started", "Monthly gift started"
    PLEDGE_ACTIVATED = "fundraising.pledge.activated", "Monthly gift active"
    PLEDGE_CHANGED = "fundraising.pledge.changed", "Monthly gift amount changed"
    PLEDGE_CANCELLED = "fundraising.pledge.cancelled", "Monthly gift stopped"
    RECEIPT_QUEUED = "fundraising.receipt.queued", "Receipt queued"
    STATEMENTS_QUEUED = "fundraising.statement.queued", "Yearly statements queued"
    DONORS_SEARCHED = "fundraising.donor.searched", "Donors searched by e-mail"
    GIFT_VIEWED = "fundraising.gift.viewed", "Gift viewed"
    GIFTS_EXPORTED = "fundraising.gift.exported", "Gifts exported as CSV"
