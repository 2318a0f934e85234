"""Rows of each kind the coalition shredders purge, dated `at`, for the retention tests."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from .models import EventPage, LetterDelivery, PetitionPage, PetitionSignature, Rsvp, Signature


def _homes():
    from vecinos.content.models import HomePage
    from vecinos.content.testing import make_homes

    if HomePage.objects.exists():
        return {page.locale.language_code: page for page in HomePage.objects.all()}
    return make_homes()


def make_unconfirmed_signature(at):
    return Signature.objects.create(
        letter_key=uuid.uuid4(),
        kind=Signature.Kind.INDIVIDUAL,
        public_name="Lupe Ocampo",
        city="Philadelphia",
        email="lupe@example.org",
        created_at=at,
    )


def signature_exists(signature):
    return Signature.objects.filter(pk=signature.pk).exists()


def make_delivered_signature(at):
    """A public signature of a letter delivered on the day of `at` (a date, no time)."""
    key = uuid.uuid4()
    LetterDelivery.objects.create(letter_key=key, delivered_on=timezone.localdate(at))
    return Signature.objects.create(
        letter_key=key,
        kind=Signature.Kind.ORGANIZATION,
        public_name="Red de Madres",
        city="Philadelphia",
        contact_name="Lupe Ocampo",
        email="lupe@example.org",
        status=Signature.Status.PUBLIC,
        created_at=at,
    )


def signature_names_someone(signature):
    return Signature.objects.get(pk=signature.pk).contact_name != ""


def make_unconfirmed_petition_signature(at):
    return PetitionSignature.objects.create(
        petition_key=uuid.uuid4(), email="lupe@example.org", source="web", created_at=at
    )


def petition_signature_exists(signature):
    return PetitionSignature.objects.filter(pk=signature.pk).exists()


def make_petition_signature_after_deadline(at):
    """A confirmed signature of a petition whose deadline was the day of `at`."""
    from .testing import make_petition

    pages = make_petition(_homes(), code=f"S{uuid.uuid4().hex[:6]}")
    PetitionPage.objects.filter(translation_key=pages["en"].translation_key).update(
        deadline=timezone.localdate(at)
    )
    return PetitionSignature.objects.create(
        petition_key=pages["en"].translation_key,
        phone="+12155550177",
        source="sms",
        status=PetitionSignature.Status.CONFIRMED,
        created_at=at,
    )


def petition_signature_names_someone(signature):
    return PetitionSignature.objects.get(pk=signature.pk).phone != ""


def make_rsvp_of_ended_event(at):
    from .testing import make_event

    pages = make_event(_homes())
    EventPage.objects.filter(translation_key=pages["en"].translation_key).update(
        starts_at=at - timedelta(hours=2), ends_at=at
    )
    return Rsvp.objects.create(
        event_key=pages["en"].translation_key,
        answer=Rsvp.Answer.YES,
        name="Lupe Ocampo",
        phone="+12155550177",
        source="sms",
    )


def rsvp_names_someone(rsvp):
    return Rsvp.objects.get(pk=rsvp.pk).name != ""
