"""Builders for the archive's tests: a real PDF, agencies, requests and document pages."""

import datetime

from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Locale

from vecinos.content.services import add_translated_pages
from vecinos.records.demo import render_pdf
from vecinos.records.models import Agency, ArchiveDocumentPage, ArchiveIndexPage, RecordsRequest


def make_pdf_document(*paragraphs: str, name: str = "release.pdf", pages: int = 1) -> Document:
    """Upload a PDF whose text is the given paragraphs, split over `pages` pages."""
    blocks: list[tuple] = []
    per_page = max(1, -(-len(paragraphs) // pages))
    for number, start in enumerate(range(0, len(paragraphs), per_page)):
        if number:
            blocks.append(("page",))
        blocks.extend(("p", text) for text in paragraphs[start : start + per_page])
    return make_document(render_pdf("Release", "Agency", blocks), name=name)


def make_document(content: bytes, *, name: str) -> Document:
    document = Document(title=name, file=ContentFile(content, name=name))
    document.save()
    return document


def make_archives(homes) -> dict[str, ArchiveIndexPage]:
    return add_translated_pages(
        homes,
        {
            "en": ArchiveIndexPage(title="Public records", slug="public-records"),
            "es": ArchiveIndexPage(title="Documentos públicos", slug="documentos-publicos"),
        },
    )


def make_agency(*, en: str, es: str, abbreviation: str = "") -> dict[str, Agency]:
    english = Agency.objects.create(
        locale=Locale.objects.get(language_code="en"), name=en, abbreviation=abbreviation
    )
    spanish = Agency.objects.create(
        locale=Locale.objects.get(language_code="es"),
        translation_key=english.translation_key,
        name=es,
        abbreviation=abbreviation,
    )
    return {"en": english, "es": spanish}


def make_request(agency, *, en: str, es: str, filed="2024-01-10") -> dict[str, RecordsRequest]:
    common = {"date_filed": datetime.date.fromisoformat(filed), "reference_number": "RTK-1"}
    english = RecordsRequest.objects.create(
        locale=agency["en"].locale, agency=agency["en"], title=en, **common
    )
    spanish = RecordsRequest.objects.create(
        locale=agency["es"].locale,
        translation_key=english.translation_key,
        agency=agency["es"],
        title=es,
        **common,
    )
    return {"en": english, "es": spanish}


def make_document_pages(
    archives, request, document, *, en: str, es: str | None, received="2024-02-01", **fields
) -> dict[str, ArchiveDocumentPage]:
    """Add a document page under the English archive and, if `es` is given, its translation."""
    common = {
        "document": document,
        "date_received": datetime.date.fromisoformat(received),
        **fields,
    }
    if es is None:
        page = ArchiveDocumentPage(title=en, request=request["en"], **common)
        archives["en"].add_child(instance=page)
        return {"en": page}
    return add_translated_pages(
        archives,
        {
            "en": ArchiveDocumentPage(title=en, request=request["en"], **common),
            "es": ArchiveDocumentPage(title=es, request=request["es"], **common),
        },
    )
