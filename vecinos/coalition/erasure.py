"""What coalition holds about a person: their signatures on letters and petitions.

Erasing removes the signature altogether, public name included: a person who asks to be
forgotten is taken off the letter too.
"""

from vecinos.core import pagecache
from vecinos.privacy.erasure import PersonalDataSource, register

from .models import PetitionSignature, Rsvp, Signature


class SignatureSource(PersonalDataSource):
    name = "letter_signatures"
    model = Signature
    email_field = "email"
    export_fields = (
        "kind",
        "public_name",
        "city",
        "state",
        "org_type",
        "affiliation",
        "contact_name",
        "email",
        "language",
        "may_contact",
        "status",
        "created_at",
        "confirmed_at",
    )

    def erase(self, rows):
        pks = [row.pk for row in rows]
        Signature.objects.filter(pk__in=pks).delete()
        pagecache.purge()
        return len(pks)


register(SignatureSource())


class PetitionSignatureSource(PersonalDataSource):
    name = "petition_signatures"
    model = PetitionSignature
    email_field = "email"
    phone_field = "phone"
    export_fields = (
        "first_name",
        "city",
        "show_publicly",
        "email",
        "phone",
        "language",
        "may_contact",
        "source",
        "status",
        "created_at",
        "confirmed_at",
    )

    def erase(self, rows):
        pks = [row.pk for row in rows]
        PetitionSignature.objects.filter(pk__in=pks).delete()
        pagecache.purge()
        return len(pks)


register(PetitionSignatureSource())


class RsvpSource(PersonalDataSource):
    name = "event_rsvps"
    model = Rsvp
    email_field = "email"
    phone_field = "phone"
    export_fields = ("answer", "party_size", "name", "phone", "email", "language", "answered_at")

    def erase(self, rows):
        pks = [row.pk for row in rows]
        Rsvp.objects.filter(pk__in=pks).delete()
        return len(pks)


register(RsvpSource())
