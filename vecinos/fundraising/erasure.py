"""What fundraising holds about a person: their donor record, found by e-mail.

Erasing a donor removes their name, e-mail and the names shown on their gifts; the gifts stay
as anonymous amounts and dates, so the totals the organization reported do not change.
"""

from vecinos.privacy.erasure import PersonalDataSource, register

from .models import Donor, DonorLink
from .shredders import forget_donors


class DonorSource(PersonalDataSource):
    name = "donors"
    model = Donor
    email_field = "email"
    export_fields = ("name", "email", "language", "may_contact", "created_at", "last_gift_at")

    def export(self, row):
        data = super().export(row)
        data["gifts"] = [
            {
                "date": gift.given_at.date().isoformat(),
                "amount_cents": gift.amount_cents,
                "refunded_cents": gift.refunded_cents,
                "method": gift.method,
                "status": gift.status,
                "monthly": gift.pledge_id is not None,
                "shown_as": gift.display_name,
            }
            for gift in row.gifts.order_by("given_at")
        ]
        data["monthly_gifts"] = [
            {"amount_cents": pledge.amount_cents, "status": pledge.status}
            for pledge in row.pledges.all()
        ]
        return data

    def erase(self, rows):
        pks = [row.pk for row in rows]
        DonorLink.objects.filter(pledge__donor__in=pks).delete()
        forget_donors(pks)
        return len(pks)


register(DonorSource())
