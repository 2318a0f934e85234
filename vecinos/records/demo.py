"""Demo archive: four agencies, five requests and twenty documents, each a real PDF.

vecinos/demo.py (manage.py load_demo) calls build() once on an empty site. The PDFs are drawn with
reportlab so that their text is really inside them and is found by the archive search.
"""

import datetime
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from wagtail.documents.models import Document
from wagtail.models import Locale

from vecinos.content.models import HomePage
from vecinos.content.services import add_translated_pages
from vecinos.records.demo_documents import AGENCIES, DOCUMENTS, REQUESTS
from vecinos.records.models import Agency, ArchiveDocumentPage, ArchiveIndexPage, RecordsRequest

INDEX = {
    "en": {
        "title": "Public records",
        "slug": "public-records",
        "intro": (
            "<p>Every document we have obtained through Pennsylvania's Right-to-Know Law and "
            "the federal Freedom of Information Act is posted here, grouped by the agency "
            "that released it and the request that asked for it. Search finds words inside "
            "the documents too.</p>"
        ),
    },
    "es": {
        "title": "Documentos públicos",
        "slug": "documentos-publicos",
        "intro": (
            "<p>Aquí publicamos todos los documentos que obtuvimos mediante la Ley de Derecho "
            "a Saber de Pensilvania y la Ley federal de Libertad de Información, agrupados por "
            "la agencia que los entregó y la solicitud que los pidió. La búsqueda también "
            "encuentra palabras dentro de los documentos.</p>"
        ),
    },
}


def render_pdf(title: str, author: str, blocks: list[tuple]) -> bytes:
    """Draw a document's blocks into a PDF whose text can be selected and extracted."""
    styles = getSampleStyleSheet()
    buffer = BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        title=title,
        author=author,
        leftMargin=inch,
        rightMargin=inch,
        topMargin=inch,
        bottomMargin=inch,
        # No creation date or random id in the file: the same text gives the same bytes.
        invariant=True,
    )
    story = []
    for block in blocks:
        kind = block[0]
        if kind == "h":
            story.append(Paragraph(block[1], styles["Heading2"]))
        elif kind == "meta":
            story.append(Paragraph(block[1], styles["Code"]))
        elif kind == "p":
            story.append(Paragraph(block[1], styles["BodyText"]))
            story.append(Spacer(1, 6))
        elif kind == "redacted":
            bar = Table([[""]], colWidths=[5.5 * inch], rowHeights=[0.3 * inch])
            bar.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.black)]))
            story.extend([bar, Paragraph(f"[Redacted: {block[1]}]", styles["Italic"])])
            story.append(Spacer(1, 6))
        elif kind == "table":
            table = Table(block[1], repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                    ]
                )
            )
            story.extend([table, Spacer(1, 10)])
        elif kind == "page":
            story.append(PageBreak())
        else:
            raise ValueError(f"unknown block kind {kind!r}")
    template.build(story)
    return buffer.getvalue()


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def _translated_snippets(
    model, lookup: dict, key_fields: dict, values: dict, locales: dict
) -> dict:
    """Create one snippet per language, the Spanish one sharing the English translation key.

    A pair left behind by an earlier demo (demo pages are deleted on reset, snippets are not)
    is found by `lookup` and used again rather than copied.
    """
    english = model.objects.filter(locale=locales["en"], **lookup).first()
    if english is not None:
        spanish = english.get_translation_or_none(locales["es"])
        if spanish is not None:
            return {"en": english, "es": spanish}
    english = english or model.objects.create(
        locale=locales["en"],
        **{name: _localize(value, "en") for name, value in key_fields.items()},
        **values["en"],
    )
    spanish = model.objects.create(
        locale=locales["es"],
        translation_key=english.translation_key,
        **{name: _localize(value, "es") for name, value in key_fields.items()},
        **values["es"],
    )
    return {"en": english, "es": spanish}


def _localize(value, code):
    return value[code] if isinstance(value, dict) else value


@transaction.atomic
def build(homes: dict[str, HomePage]) -> dict[str, ArchiveIndexPage]:
    """Add the archive with its agencies, requests and documents under both home pages.

    Does nothing and returns the existing archives if the English home already has one.
    """
    existing = ArchiveIndexPage.objects.child_of(homes["en"]).first()
    if existing is not None:
        return {code: existing.get_translation(home.locale) for code, home in homes.items()}

    locales = {code: Locale.objects.get(language_code=code) for code in homes}
    indexes = add_translated_pages(
        homes,
        {code: ArchiveIndexPage(show_in_menus=True, **INDEX[code]) for code in homes},
    )

    agencies = {
        key: _translated_snippets(
            Agency,
            {"name": by_language["en"][0]},
            {},
            {
                code: dict(zip(("name", "abbreviation", "jurisdiction"), names, strict=True))
                for code, names in by_language.items()
            },
            locales,
        )
        for key, by_language in AGENCIES.items()
    }
    requests = {}
    for key, (agency, law, reference, filed, texts) in REQUESTS.items():
        requests[key] = _translated_snippets(
            RecordsRequest,
            {"reference_number": reference},
            {
                "agency": {code: agencies[agency][code] for code in locales},
                "law": law,
                "reference_number": reference,
                "date_filed": _date(filed),
            },
            {
                code: {"title": title, "summary": summary}
                for code, (title, summary) in texts.items()
            },
            locales,
        )

    for entry in DOCUMENTS:
        request = requests[entry["request"]]
        english_title = entry["pages"]["en"][0]
        author = request["en"].agency.name
        pdf = render_pdf(english_title, author, entry["blocks"])
        document = Document(title=english_title, file=ContentFile(pdf, name=entry["file"]))
        document.save()
        document.get_file_hash()
        add_translated_pages(
            indexes,
            {
                code: ArchiveDocumentPage(
                    title=title,
                    slug=entry["slug"],
                    description=description,
                    document=document,
                    document_language=entry["language"],
                    request=request[code],
                    date_received=_date(entry["received"]),
                )
                for code, (title, description) in entry["pages"].items()
            },
        )
    return indexes
