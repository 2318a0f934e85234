"""The audit codes coalition writes."""

from django.db import models


class AuditCode(models.TextChoices):
    SIGNATURE_CREATED = "coalition.signature.created", "Letter signed"
    SIGNATURE_REPEATED = "coalition.signature.repeated", "Letter signed again by the same e-mail"
    SIGNATURE_CONFIRMED = "coalition.signature.confirmed", "Signature confirmed by its e-mail"
    SIGNATURE_HELD = "coalition.signature.held", "Signature held for staff"
    SIGNATURE_VERIFIED = "coalition.signature.verified", "Signature verified by staff"
    SIGNATURE_REJECTED = "coalition.signature.rejected", "Signature rejected by staff"
    SIGNATURE_REMOVED = "coalition.signature.removed", "Signature removed by staff"
    SIGNATURES_VIEWED = "coalition.signature.viewed", "Signatures' contacts viewed"
    LETTER_DELIVERED = "coalition.letter.delivered", "Letter marked delivered"
    LETTER_EXPORTED = "coalition.letter.exported", "Letter exported as PDF"
