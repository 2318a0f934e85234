"""The broadcast audiences coalition adds: signers of a letter or a petition, and people who
answered an event, who agreed to hear more.

A recipient is named "signature:<uuid>", never by an address. Signers are reached by e-mail,
in the language they signed in; only signatures on the public list count, and a signer whose
contacts were purged after delivery has no address left.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from vecinos.broadcasts.segments import Recipient, register_segment
from vecinos.core.pages import one_per_translation
from vecinos.messaging.models import Channel

from .models import EventPage, LetterPage, PetitionPage, Rsvp


def _choices(pages):
    return [(page.pk, page.title) for page in one_per_translation(pages)]


def letter_options():
    return _choices(LetterPage.objects.order_by("pk"))


def letter_signers(params: dict) -> Iterator[Recipient]:
    page = LetterPage.objects.filter(pk=params.get("option")).first()
    if page is None:
        return
    signatures = page.signatures().public().filter(may_contact=True, purged_at__isnull=True)
    for signature in signatures.order_by("pk").iterator(chunk_size=500):
        if signature.email:
            yield Recipient(
                f"signature:{signature.pk}", Channel.EMAIL, signature.email, signature.language
            )


register_segment(
    "letter_signers",
    _("Signers of a letter who agreed to hear more"),
    letter_signers,
    options=letter_options,
)


def petition_options():
    return _choices(PetitionPage.objects.order_by("pk"))


def petition_signers(params: dict) -> Iterator[Recipient]:
    """Confirmed signers who agreed to hear more, by text if they signed with a phone."""
    page = PetitionPage.objects.filter(pk=params.get("option")).first()
    if page is None:
        return
    signatures = page.signatures().counted().filter(may_contact=True, purged_at__isnull=True)
    for signature in signatures.order_by("pk").iterator(chunk_size=500):
        if signature.phone:
            yield Recipient(
                f"petition:{signature.pk}", Channel.SMS, signature.phone, signature.language
            )
        if signature.email:
            yield Recipient(
                f"petition:{signature.pk}", Channel.EMAIL, signature.email, signature.language
            )


register_segment(
    "petition_signers",
    _("Signers of a petition who agreed to hear more"),
    petition_signers,
    options=petition_options,
)


def event_options():
    return _choices(EventPage.objects.order_by("-starts_at"))


def event_people(params: dict) -> Iterator[Recipient]:
    page = EventPage.objects.filter(pk=params.get("option")).first()
    if page is None:
        return
    rsvps = (
        page.rsvps().filter(may_contact=True, purged_at__isnull=True).exclude(answer=Rsvp.Answer.NO)
    )
    for rsvp in rsvps.order_by("pk").iterator(chunk_size=500):
        if rsvp.phone:
            yield Recipient(f"rsvp:{rsvp.pk}", Channel.SMS, rsvp.phone, rsvp.language)
        if rsvp.email:
            yield Recipient(f"rsvp:{rsvp.pk}", Channel.EMAIL, rsvp.email, rsvp.language)


register_segment(
    "event_people",
    _("People coming to an event who agreed to hear more"),
    event_people,
    options=event_options,
)
