"""Retention for fundraising: donors' tax records after their years, checkouts never
completed, the monthly donor's used links and the log of processor events.

A US nonprofit keeps what proves a gift (who gave, how much, when) for as long as its tax
records need: VECINOS_DONOR_RECORD_YEARS (7 by default). After that the donor goes and their
gifts stay as anonymous amounts and dates, so the campaign's totals do not change.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet

from vecinos.privacy.retention import Shredder, register

from .models import Donor, DonorLink, Gift, Pledge, ProviderEvent


class DonorRecordShredder(Shredder):
    name = "donor_records"
    description = (
        "Donors (name, e-mail, the names shown on their gifts) after the tax-record years, "
        "counted from their last gift; the gifts stay, anonymous."
    )

    @property
    def default_period(self) -> timedelta:
        return timedelta(days=365 * settings.VECINOS_DONOR_RECORD_YEARS + 2)

    def due(self, now: datetime) -> QuerySet:
        return Donor.objects.filter(last_gift_at__lte=now - self.period).exclude(
            pledges__status=Pledge.Status.ACTIVE
        )

    def shred(self, queryset: QuerySet) -> int:
        pks = list(queryset.values_list("pk", flat=True))
        forget_donors(pks)
        return len(pks)


def forget_donors(pks: list) -> None:
    """Delete donors and blank the names their gifts showed; amounts and dates stay."""
    for model in (Gift, Pledge):
        for row in model.objects.filter(donor__in=pks).exclude(display_name=""):
            row.display_name = ""
            row.save(update_fields=["display_name"])
    Donor.objects.filter(pk__in=pks).delete()


class UnfinishedCheckoutShredder(Shredder):
    name = "donation_checkouts"
    description = "Card gifts started but never paid, with a donor who gave nothing else."
    # Stripe's checkout sessions expire after a day at most.
    default_period = timedelta(days=2)

    def due(self, now: datetime) -> QuerySet:
        cutoff = now - self.period
        return Donor.objects.filter(
            Q(gifts__status=Gift.Status.PENDING, gifts__given_at__lte=cutoff)
            | Q(pledges__status=Pledge.Status.PENDING, pledges__created_at__lte=cutoff)
        ).distinct()

    def shred(self, queryset: QuerySet) -> int:
        cutoff_donors = list(queryset.values_list("pk", flat=True))
        pending_gifts = Gift.objects.filter(donor__in=cutoff_donors, status=Gift.Status.PENDING)
        pending_pledges = Pledge.objects.filter(
            donor__in=cutoff_donors, status=Pledge.Status.PENDING, gifts__isnull=True
        )
        count = pending_gifts.count() + pending_pledges.count()
        pending_gifts.delete()
        pending_pledges.delete()
        # A donor who gave before keeps their record; one who only started a checkout goes.
        Donor.objects.filter(
            pk__in=cutoff_donors, gifts__isnull=True, pledges__isnull=True
        ).delete()
        return count


class DonorLinkShredder(Shredder):
    name = "donor_links"
    description = "Monthly donors' one-time links once used or expired."
    default_period = timedelta(0)

    def due(self, now: datetime) -> QuerySet:
        cutoff = now - self.period
        return DonorLink.objects.filter(Q(used_at__lte=cutoff) | Q(expires_at__lte=cutoff))


class ProviderEventShredder(Shredder):
    name = "payment_events"
    description = "The ids of processor events received, kept to recognise a repeat."
    # Stripe retries a delivery for three days; a month is plenty to recognise repeats.
    default_period = timedelta(days=30)

    def due(self, now: datetime) -> QuerySet:
        return ProviderEvent.objects.filter(received_at__lte=now - self.period)


donor_records = register(DonorRecordShredder())
donation_checkouts = register(UnfinishedCheckoutShredder())
donor_links = register(DonorLinkShredder())
payment_events = register(ProviderEventShredder())
