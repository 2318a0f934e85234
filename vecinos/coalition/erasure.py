"""What coalition holds about a person: their signatures on letters, found by e-mail.

Erasing removes the signature altogether, public name included: a person who asks to be
forgotten is taken off the letter too.
"""

from vecinos.core import pagecache
from vecinos.privacy.erasure import PersonalDataSource, register

from .models import Signature


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
