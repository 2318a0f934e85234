"""Retention for letters, petitions and events.

Letters: signers' contacts go a while after delivery; the public names stay.

The name, city, state and type or affiliation of a signature are what the signer agreed to
publish under the letter, and stay with it. The contact person, the e-mail and any staff note
are blanked `letter_contacts` days after the letter was delivered (VECINOS_RETENTION), and a
signature never confirmed is deleted with everything it gave. Petitions: e-mails and phones
go after the deadline. Events: who answered goes two days after the event; the answers and
the head count stay, anonymous, for the counts.
"""

from datetime import datetime, timedelta

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from vecinos.privacy.retention import Shredder, register

from .models import EventPage, LetterDelivery, PetitionPage, PetitionSignature, Rsvp, Signature

CONTACT_DAYS = 30
UNCONFIRMED_DAYS = 7
OPEN_PETITION_DAYS = 365
RSVP_DAYS = 2


class LetterContactShredder(Shredder):
    name = "letter_contacts"
    description = "Contact names, e-mails and staff notes of a letter's signatures, after delivery."
    default_period = timedelta(days=CONTACT_DAYS)

    def due(self, now: datetime) -> QuerySet:
        cutoff = timezone.localdate(now) - self.period
        delivered = LetterDelivery.objects.filter(delivered_on__lte=cutoff).values("letter_key")
        return Signature.objects.filter(letter_key__in=delivered, purged_at__isnull=True)

    def shred(self, queryset: QuerySet) -> int:
        from .services.letters import PURGED_VALUES

        # Signatures that never reached the letter have no public half worth keeping.
        kept = queryset.filter(status__in=[Signature.Status.PUBLIC, Signature.Status.REMOVED])
        gone = queryset.exclude(pk__in=kept.values("pk"))
        count = kept.update(**PURGED_VALUES, purged_at=timezone.now())
        deleted, _by_model = gone.delete()
        return count + deleted


class UnconfirmedSignatureShredder(Shredder):
    name = "letter_unconfirmed"
    description = "Signatures whose confirmation link was never opened, with what they gave."
    default_period = timedelta(days=UNCONFIRMED_DAYS)

    def due(self, now: datetime) -> QuerySet:
        return Signature.objects.filter(
            status=Signature.Status.UNCONFIRMED, created_at__lte=now - self.period
        )


class PetitionContactShredder(Shredder):
    """A petition's signers' e-mails and phones; the counted rows, first names and cities stay."""

    name = "petition_contacts"
    description = "E-mails and phones of a petition's signers, after its deadline."
    default_period = timedelta(days=CONTACT_DAYS)

    def due(self, now: datetime) -> QuerySet:
        cutoff = timezone.localdate(now) - self.period
        ended = PetitionPage.objects.filter(deadline__lte=cutoff).values("translation_key")
        # A petition without a deadline keeps its signers' contacts a year at most.
        old = now - timedelta(days=OPEN_PETITION_DAYS)
        return (
            PetitionSignature.objects.filter(purged_at__isnull=True)
            .filter(models.Q(petition_key__in=ended) | models.Q(created_at__lte=old))
            .exclude(status=PetitionSignature.Status.UNCONFIRMED)
        )

    def shred(self, queryset: QuerySet) -> int:
        from .services.petitions import PURGED_VALUES

        return queryset.update(**PURGED_VALUES, purged_at=timezone.now())


class UnconfirmedPetitionShredder(Shredder):
    name = "petition_unconfirmed"
    description = "Petition signatures never confirmed by their link or code."
    default_period = timedelta(days=UNCONFIRMED_DAYS)

    def due(self, now: datetime) -> QuerySet:
        return PetitionSignature.objects.filter(
            status=PetitionSignature.Status.UNCONFIRMED, created_at__lte=now - self.period
        )


class RsvpContactShredder(Shredder):
    """Names, phones and e-mails of an event's RSVPs; the answers stay for the counts."""

    name = "event_rsvps"
    description = "Names, phones and e-mails of people who answered an event, after it."
    default_period = timedelta(days=RSVP_DAYS)

    def due(self, now: datetime) -> QuerySet:
        ended = EventPage.objects.filter(ends_at__lte=now - self.period).values("translation_key")
        return Rsvp.objects.filter(event_key__in=ended, purged_at__isnull=True)

    def shred(self, queryset: QuerySet) -> int:
        from .services.events import PURGED_VALUES

        return queryset.update(**PURGED_VALUES, purged_at=timezone.now())


letter_contacts = register(LetterContactShredder())
event_rsvps = register(RsvpContactShredder())
petition_contacts = register(PetitionContactShredder())
petition_unconfirmed = register(UnconfirmedPetitionShredder())
letter_unconfirmed = register(UnconfirmedSignatureShredder())
