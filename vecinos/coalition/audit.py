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
    PETITION_SIGNATURE_CREATED = "coalition.petition_signature.created", "Petition signed"
    PETITION_SIGNATURE_REPEATED = (
        "coalition.petition_signature.repeated",
        "Petition signed again by the same e-mail or phone",
    )
    PETITION_SIGNATURE_CONFIRMED = "coalition.petition_signature.confirmed", "Petition confirmed"
    PETITION_SIGNATURE_RELEASED = (
        "coalition.petition_signature.released",
        "Held petition signature counted by staff",
    )
    PETITION_SIGNATURE_REMOVED = (
        "coalition.petition_signature.removed",
        "Petition signature removed",
    )
    PETITION_MILESTONE_ANNOUNCED = "coalition.petition.announced", "Petition milestone announced"
    PETITION_EXPORTED = "coalition.petition.exported", "Petition signatures exported"
    RSVP_RECORDED = "coalition.rsvp.recorded", "RSVP recorded"
    RSVP_CHANGED = "coalition.rsvp.changed", "RSVP answer changed"
    RSVP_PROMOTED = "coalition.rsvp.promoted", "RSVP moved off the waitlist"
    EVENT_INVITED = "coalition.event.invited", "Event invitation sent"
    EVENT_COUNTED = "coalition.event.counted", "Head count recorded"
    INVITATION_REQUESTED = (
        "coalition.invitation.requested",
        "Large event invitation held for a second approval",
    )
    INVITATION_APPROVED = "coalition.invitation.approved", "Event invitation approved"
    INVITATION_REFUSED = "coalition.invitation.refused", "Event invitation refused"
    INVITATION_WITHDRAWN = (
        "coalition.invitation.withdrawn",
        "Event invitation withdrawn by the one who asked",
    )
