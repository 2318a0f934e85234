"""Factories for tests of letters (and for the demo): a letter page in both languages."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from django.utils import timezone

from vecinos.broadcasts import segments
from vecinos.broadcasts.segments import Recipient
from vecinos.content.services import add_translated_pages

from .models import EventPage, LetterPage, PetitionPage


def make_letter(homes, *, days: int = 30, en: dict | None = None, es: dict | None = None):
    """Create and publish a letter under each home page; return {"en": page, "es": page}."""
    deadline = timezone.localdate() + timedelta(days=days)
    pages = add_translated_pages(
        homes,
        {
            "en": LetterPage(
                **{
                    "title": "End the detention contract",
                    "slug": "end-the-contract",
                    "summary": "Organizations of the region ask the council to end it.",
                    "addressee": "Philadelphia City Council",
                    "body": "<p>We, the undersigned, ask the Council to end the contract.</p>",
                    "deadline": deadline,
                    **(en or {}),
                }
            ),
            "es": LetterPage(
                **{
                    "title": "Terminen el contrato de detención",
                    "slug": "terminen-el-contrato",
                    "summary": "Organizaciones de la región piden al concejo que lo termine.",
                    "addressee": "Concejo Municipal de Filadelfia",
                    "body": "<p>Quienes firmamos pedimos al Concejo que termine el contrato.</p>",
                    "deadline": deadline,
                    **(es or {}),
                }
            ),
        },
    )
    for page in pages.values():
        page.save_revision().publish()
    return {code: LetterPage.objects.get(pk=page.pk) for code, page in pages.items()}


def make_petition(homes, *, code: str = "PARS", milestones: str = "2,100", days: int | None = 30):
    """Create and publish a petition under each home page; return {"en": page, "es": page}."""
    deadline = timezone.localdate() + timedelta(days=days) if days is not None else None
    shared = {"short_code": code, "milestones": milestones, "deadline": deadline}
    pages = add_translated_pages(
        homes,
        {
            "en": PetitionPage(
                title="Keep our data from ICE",
                slug="keep-our-data",
                summary="The city must share no data with immigration agents.",
                addressee="The Mayor",
                body="<p>We ask the Mayor to end every data-sharing agreement.</p>",
                **shared,
            ),
            "es": PetitionPage(
                title="Nuestros datos, lejos de ICE",
                slug="nuestros-datos",
                summary="La ciudad no debe compartir datos con agentes de inmigración.",
                addressee="La alcaldía",
                body="<p>Pedimos a la alcaldía que termine todo acuerdo de datos.</p>",
                **shared,
            ),
        },
    )
    for page in pages.values():
        page.save_revision().publish()
    return {code_: PetitionPage.objects.get(pk=page.pk) for code_, page in pages.items()}


def make_event(homes, *, days: float = 3, capacity: int | None = None):
    """Create and publish a march under each home page; return {"en": page, "es": page}."""
    start = timezone.now() + timedelta(days=days)
    shared = {"starts_at": start, "ends_at": start + timedelta(hours=2), "capacity": capacity}
    pages = add_translated_pages(
        homes,
        {
            "en": EventPage(
                title="March to City Hall",
                slug="march",
                summary="From the neighborhood to the Council hearing.",
                place="Mifflin Square Park",
                address="S 5th St & W Ritner St",
                accessibility="A slow group and a van for those who cannot walk the route.",
                childcare="Child care at the church hall on Ritner Street.",
                **shared,
            ),
            "es": EventPage(
                title="Marcha a la alcaldía",
                slug="marcha",
                summary="Del barrio a la audiencia del Concejo.",
                place="Parque Mifflin Square",
                address="S 5th St y W Ritner St",
                accessibility="Un grupo a paso lento y una camioneta para quien no pueda caminar.",
                childcare="Cuidado de niños en el salón de la iglesia de Ritner Street.",
                **shared,
            ),
        },
    )
    for page in pages.values():
        page.save_revision().publish()
    return {code: EventPage.objects.get(pk=page.pk) for code, page in pages.items()}


@contextmanager
def audience_above_threshold(settings, key: str, label: str):
    """Register `key`, an audience of three people, above an approval threshold of two.

    Yield the list the segment reads each time it is resolved, so that a test can change who
    is in it between asking and sending.
    """
    settings.VECINOS_BROADCAST_APPROVAL_THRESHOLD = 2
    people = [
        Recipient("person:1", "sms", "+12155550101", "es"),
        Recipient("person:2", "sms", "+12155550102", "en"),
        Recipient("person:3", "sms", "+12155550103", "es"),
    ]
    segments.register_segment(key, label, lambda params: list(people))
    try:
        yield people
    finally:
        segments.unregister_segment(key)
