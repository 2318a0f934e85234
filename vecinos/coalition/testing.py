"""Factories for tests of letters (and for the demo): a letter page in both languages."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from vecinos.content.services import add_translated_pages

from .models import LetterPage


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
