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
from vecinos.records.models import (
    Agency,
    ArchiveDocumentPage,
    ArchiveIndexPage,
    RecordsRequest,
    RequestEvent,
    TransparencyLaw,
)
from vecinos.records.services import sync_request_translations

# Each demo request's steps, as the agency's letters dated them.
TIMELINES = {
    "detainers": [
        ("filed", "2024-03-04"),
        ("extended", "2024-03-11"),
        ("partly_granted", "2024-04-15"),
        ("appealed", "2024-04-26"),
        ("granted", "2024-05-02"),
        ("closed", "2024-05-02"),
    ],
    "database": [
        ("filed", "2024-05-20"),
        ("extended", "2024-05-24"),
        ("granted", "2024-07-01"),
        ("closed", "2024-07-22"),
    ],
    "transfers": [
        ("filed", "2024-06-11"),
        ("extended", "2024-06-18"),
        ("denied", "2024-07-19"),
        ("appealed", "2024-08-05"),
        ("granted", "2024-08-19"),
        ("closed", "2024-09-05"),
    ],
    "arrests": [
        ("filed", "2024-01-22"),
        ("acknowledged", "2024-01-29"),
        ("extended", "2024-02-16"),
        ("partly_granted", "2024-10-30"),
        ("closed", "2024-11-12"),
    ],
    "language": [
        ("filed", "2024-08-02"),
        ("extended", "2024-08-09"),
        ("granted", "2024-09-23"),
        ("closed", "2024-10-07"),
    ],
}

# Requests still open, filed a few days before the demo is loaded, so that their deadlines are
# ahead: (key, agency, law, reference, business days ago filed, steps as (status, days ago),
# {language: (title, summary)}).
CURRENT = [
    (
        "raids",
        "ice",
        "foia",
        "2026-ICFO-00412",
        12,
        [("filed", 12), ("acknowledged", 8)],
        {
            "en": (
                "Enforcement operations in Philadelphia this year",
                "We asked for the number of at-large arrests in Philadelphia by month and the "
                "operation plans that named the city.",
            ),
            "es": (
                "Operativos de control migratorio en Filadelfia este año",
                "Pedimos el número de arrestos en la comunidad en Filadelfia por mes y los "
                "planes de operativos que mencionan la ciudad.",
            ),
        },
    ),
    (
        "cameras",
        "ppd",
        "pa-rtkl",
        "PPD-RTK-2026-1187",
        9,
        [("filed", 9)],
        {
            "en": (
                "Police cameras that read license plates",
                "We asked where the police department's license-plate readers stand and who "
                "can search what they record.",
            ),
            "es": (
                "Cámaras policiales que leen matrículas",
                "Pedimos dónde están los lectores de matrículas de la policía y quién puede "
                "buscar lo que graban.",
            ),
        },
    ),
]

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
                "law": TransparencyLaw.objects.filter(code=law).first(),
                "reference_number": reference,
                "date_filed": _date(filed),
            },
            {
                code: {"title": title, "summary": summary}
                for code, (title, summary) in texts.items()
            },
            locales,
        )

    owner = _demo_owner()
    for key, steps in TIMELINES.items():
        _add_steps(requests[key]["en"], [(status, _date(on)) for status, on in steps], owner)
    _add_current_requests(agencies, locales, owner)

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


def _demo_owner():
    """The demo admin, when `manage.py create_demo_staff` made one, owns the demo requests."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username="admin").first()


def _add_steps(english: RecordsRequest, steps, owner) -> None:
    for status, on in steps:
        RequestEvent.objects.create(request=english, status=status, on=on)
    english.owner = owner
    english.public_timeline = True
    english.save(update_fields=["owner", "public_timeline"])
    sync_request_translations(english)


def _business_days_ago(days: int) -> datetime.date:
    from django.utils import timezone

    day = timezone.localdate()
    while days:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _add_current_requests(agencies, locales, owner) -> None:
    for _key, agency, law, reference, filed_ago, steps, texts in CURRENT:
        filed = _business_days_ago(filed_ago)
        pair = _translated_snippets(
            RecordsRequest,
            {"reference_number": reference},
            {
                "agency": {code: agencies[agency][code] for code in locales},
                "law": TransparencyLaw.objects.filter(code=law).first(),
                "reference_number": reference,
                "date_filed": filed,
            },
            {
                code: {"title": title, "summary": summary}
                for code, (title, summary) in texts.items()
            },
            locales,
        )
        if not pair["en"].events.exists():
            _add_steps(
                pair["en"], [(status, _business_days_ago(ago)) for status, ago in steps], owner
            )
