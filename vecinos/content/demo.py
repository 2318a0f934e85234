"""Build the demo site: a fictional organization's pages in English and Spanish.

`vecinos/demo.py` (what `manage.py load_demo` calls) builds these pages first, then every
other app's demo: the archive and jobs sections under each home page come from
`vecinos.records.demo` and `vecinos.jobs.demo`.
"""

import datetime
from io import BytesIO
from typing import Any

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import (
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, Site

from vecinos.content import demo_content as words
from vecinos.content.models import (
    CoSigner,
    HomePage,
    NewsIndexPage,
    NewsPage,
    PressIndexPage,
    PressItemPage,
    PublicationIndexPage,
    PublicationPage,
    StandardPage,
    TestimonyIndexPage,
    TestimonyPage,
)
from vecinos.content.services import add_translated_pages, install_home_pages, tree_root
from vecinos.core.models import OrganizationSettings

LANGUAGES = ("en", "es")
DEMO_COLLECTION = "Demo publications"


def demo_exists() -> bool:
    """Tell whether a site has already been built: any home page counts, demo or not."""
    return HomePage.objects.exists()


@transaction.atomic
def build() -> dict[str, HomePage]:
    """Create the organization settings and the site's own pages in both languages."""
    configure_organization()
    homes = install_home_pages(HomePage(**words.HOME["en"]), HomePage(**words.HOME["es"]))
    for text in (words.ABOUT, words.WHAT_WE_DO):
        add_pair(homes, StandardPage, text, show_in_menus=True)
    add_pair(homes, StandardPage, words.PRIVACY, show_in_footer=True)

    news = add_pair(homes, NewsIndexPage, words.SECTIONS["news"], show_in_menus=True)
    # Oldest first, so that the page tree's own order matches the listing's.
    for item in sorted(words.NEWS + words.STATEMENTS, key=lambda i: -i["days_ago"]):
        pages = add_pair(news, NewsPage, item, kind=item["kind"], date=days_ago(item["days_ago"]))
        for page in pages.values():
            for order, (name, url) in enumerate(item.get("co_signers", [])):
                CoSigner.objects.create(page=page, sort_order=order, name=name, url=url)

    publications = add_pair(
        homes, PublicationIndexPage, words.SECTIONS["publications"], show_in_menus=True
    )
    add_publication(publications, words.PUBLICATION)

    press = add_pair(homes, PressIndexPage, words.SECTIONS["press"], show_in_menus=True)
    for item in sorted(words.PRESS, key=lambda i: -i["days_ago"]):
        add_pair(
            press,
            PressItemPage,
            item,
            date=days_ago(item["days_ago"]),
            outlet=item["outlet"],
            external_url=item["external_url"],
        )

    testimony = add_pair(homes, TestimonyIndexPage, words.SECTIONS["testimony"], show_in_menus=True)
    for item in sorted(words.TESTIMONIES, key=lambda i: -i["days_ago"]):
        add_pair(testimony, TestimonyPage, item, date=days_ago(item["days_ago"]))
    return homes


@transaction.atomic
def reset() -> None:
    """Delete the home pages with everything under them, and the documents those pages hold."""
    homes = list(HomePage.objects.all())
    pages = Page.objects.none()
    for home in homes:
        pages |= home.get_descendants(inclusive=True)
    documents = documents_held_by(pages)
    # A Site is deleted with its root page; keep it (and its host name) by pointing it at the
    # tree root until build() points it at the new home page.
    Site.objects.filter(root_page__in=homes).update(root_page=tree_root())
    for home in homes:
        # Deleting one home may already have taken the other with it.
        if Page.objects.filter(pk=home.pk).exists():
            Page.objects.get(pk=home.pk).delete()
    for document in documents:
        storage, name = document.file.storage, document.file.name
        document.delete()
        # The file goes only once the rows are gone for good; a rollback keeps both.
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    for collection in Collection.objects.filter(name=DEMO_COLLECTION):
        if not get_document_model().objects.filter(collection=collection).exists():
            collection.delete()


def documents_held_by(pages: models.QuerySet) -> list:
    """Return the documents that the given pages point at through a foreign key.

    Every section's demo pages hold their PDFs this way (a publication, an archived record),
    so deleting these with the pages keeps --reset from piling up copies.
    """
    document_model = get_document_model()
    ids = set()
    for page in pages.specific():
        for field in page._meta.concrete_fields:
            if field.is_relation and field.related_model is document_model:
                value = getattr(page, field.attname)
                if value is not None:
                    ids.add(value)
    return list(document_model.objects.filter(pk__in=ids))


def configure_organization() -> OrganizationSettings:
    """Fill in the organization settings with the demo organization's name and contacts."""
    settings = OrganizationSettings.load()
    for field, value in words.ORGANIZATION.items():
        setattr(settings, field, value)
    settings.save()
    return settings


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def add_pair(
    parents: dict[str, Page], model: type[Page], text: dict[str, Any], **shared: Any
) -> dict[str, Page]:
    """Add a page in each language from `text["en"]` and `text["es"]` plus shared fields."""
    return add_translated_pages(
        parents, {code: model(**shared, **text[code]) for code in LANGUAGES}
    )


def add_publication(parents: dict[str, Page], text: dict[str, Any]) -> dict[str, Page]:
    """Add the publication in both languages, each with a PDF of the report in its language."""
    collection = demo_collection()
    date = days_ago(text["days_ago"])
    pages = {}
    for code in LANGUAGES:
        version = text[code]
        document = get_document_model()(
            title=version["title"],
            collection=collection,
            file=ContentFile(report_pdf(version, date=date), name=f"{version['slug']}-{code}.pdf"),
        )
        document._set_document_file_metadata()
        document.save()
        pages[code] = PublicationPage(
            title=version["title"],
            slug=version["slug"],
            date=date,
            authors=version["authors"],
            summary=version["summary"],
            key_findings=[("finding", finding) for finding in version["key_findings"]],
            pdf=document,
        )
    return add_translated_pages(parents, pages)


def demo_collection() -> Collection:
    existing = Collection.objects.filter(name=DEMO_COLLECTION).first()
    if existing is not None:
        return existing
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    return root.add_child(name=DEMO_COLLECTION)


def report_pdf(version: dict[str, Any], *, date: datetime.date) -> bytes:
    """Typeset the report as a three-page PDF: title page, summary, findings."""
    labels = version["pdf_labels"]
    styles = getSampleStyleSheet()
    title = ParagraphStyle("ReportTitle", parent=styles["Title"], fontSize=26, leading=32)
    centred = ParagraphStyle("Centred", parent=styles["Normal"], alignment=TA_CENTER)
    body = ParagraphStyle("Body", parent=styles["BodyText"], fontSize=11, leading=16)

    story = [
        Spacer(1, 2 * inch),
        Paragraph(version["title"], title),
        Spacer(1, 0.3 * inch),
        Paragraph(labels["subtitle"], centred),
        Spacer(1, 1.5 * inch),
        Paragraph(version["authors"], centred),
        Paragraph(words.ORGANIZATION["name"], centred),
        Paragraph(date.isoformat(), centred),
        PageBreak(),
        Paragraph(labels["summary"], styles["Heading1"]),
        *[Paragraph(paragraph, body) for paragraph in version["summary_pdf"]],
        PageBreak(),
        Paragraph(labels["findings"], styles["Heading1"]),
        ListFlowable(
            [ListItem(Paragraph(finding, body)) for finding in version["key_findings"]],
            bulletType="1",
        ),
        Paragraph(labels["recommendations"], styles["Heading1"]),
        ListFlowable(
            [ListItem(Paragraph(item, body)) for item in version["recommendations"]],
            bulletType="bullet",
        ),
    ]

    def number_page(canvas, document):
        canvas.setFont("Helvetica", 9)
        canvas.drawRightString(LETTER[0] - inch, 0.6 * inch, f"{labels['page']} {document.page}")

    buffer = BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        title=version["title"],
        author=words.ORGANIZATION["name"],
    ).build(story, onLaterPages=number_page)
    return buffer.getvalue()
