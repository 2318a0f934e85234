"""Rows for the retention test every shredder answers to (vecinos/privacy/tests)."""

import uuid
from datetime import timedelta

from vecinos.privacy.blind_index import blind_index

from ..models import Donor, DonorLink, Gift, Pledge, ProviderEvent


def _donor(at):
    return Donor.objects.create(
        name="Guadalupe Ferreira",
        email="lupe@example.org",
        email_index=blind_index("email", "lupe@example.org"),
        language="es",
        created_at=at,
        last_gift_at=at,
    )


def make_donor_record(at):
    donor = _donor(at)
    Gift.objects.create(
        campaign_key=uuid.uuid4(),
        donor=donor,
        amount_cents=2500,
        method=Gift.Method.CARD,
        status=Gift.Status.PAID,
        display_name="Lupe",
        given_at=at,
    )
    return donor


def donor_exists(donor):
    return Donor.objects.filter(pk=donor.pk).exists()


def make_unfinished_checkout(at):
    return Gift.objects.create(
        campaign_key=uuid.uuid4(),
        donor=_donor(at),
        amount_cents=2500,
        method=Gift.Method.CARD,
        given_at=at,
    )


def gift_exists(gift):
    return Gift.objects.filter(pk=gift.pk).exists()


def make_donor_link(at):
    pledge = Pledge.objects.create(
        campaign_key=uuid.uuid4(), donor=_donor(at), amount_cents=2500, created_at=at
    )
    return DonorLink.objects.create(
        pledge=pledge,
        secret_hash=uuid.uuid4().hex,
        created_at=at - timedelta(days=1),
        expires_at=at,
    )


def donor_link_exists(link):
    return DonorLink.objects.filter(pk=link.pk).exists()


def make_payment_event(at):
    return ProviderEvent.objects.create(
        event_id=f"evt_{uuid.uuid4().hex}", type="invoice.paid", received_at=at, applied_at=at
    )


def payment_event_exists(event):
    return ProviderEvent.objects.filter(pk=event.pk).exists()
