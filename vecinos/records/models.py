"""The public-records archive: agencies, the requests filed with them and the documents received.

Agencies and requests are translatable snippets; each document is a page under the archive
index of its language. A Spanish document page shares the PDF of its English original unless
an editor attaches a Spanish one.
"""

import logging

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from vecinos.records.extraction import extract_pdf_text
from vecinos.records.text import folded_words

logger = logging.getLogger("vecinos.records")

# Whole sentences rather than a language name inside one: Spanish writes "inglés" in lower case.
DOCUMENT_LANGUAGE_NOTES = {
    "en": _("The document itself is in English."),
    "es": _("The document itself is in Spanish."),
}


class Agency(TranslatableMixin, index.Indexed, models.Model):
    """A public body that records were requested from: a police department, ICE, a city office."""

    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=30, blank=True)
    jurisdiction = models.CharField(
        _("jurisdiction"),
        max_length=120,
        blank=True,
        help_text=_("For example: City of Philadelphia, Commonwealth of Pennsylvania, federal."),
    )

    panels = [FieldPanel("name"), FieldPanel("abbreviation"), FieldPanel("jurisdiction")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("abbreviation"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = pgettext_lazy("public body", "agency")
        verbose_name_plural = pgettext_lazy("public body", "agencies")

    def __str__(self):
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


class RecordsRequest(TranslatableMixin, index.Indexed, models.Model):
    """A request for public records filed with one agency under one transparency law."""

    class Law(models.TextChoices):
        RIGHT_TO_KNOW = "pa-rtkl", _("Right-to-Know Law (Pennsylvania)")
        FOIA = "foia", _("Freedom of Information Act (federal)")
        OTHER = "other", pgettext_lazy("transparency law", "Other law")

    title = models.CharField(_("title"), max_length=255)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="requests", verbose_name=_("agency")
    )
    reference_number = models.CharField(
        _("reference number"),
        max_length=80,
        blank=True,
        help_text=_("The number the agency gave the request, as written on its letters."),
    )
    date_filed = models.DateField(_("date filed"))
    law = models.CharField(_("law"), max_length=16, choices=Law.choices, default=Law.RIGHT_TO_KNOW)
    summary = models.TextField(_("summary"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("agency"),
        FieldPanel("reference_number"),
        FieldPanel("date_filed"),
        FieldPanel("law"),
        FieldPanel("summary"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("reference_number"),
        index.SearchField("summary"),
        index.FilterField("locale"),
        index.FilterField("agency"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["-date_filed", "title"]
        verbose_name = _("records request")
        verbose_name_plural = _("records requests")

    def __str__(self):
        return self.title

    def in_locale(self, locale) -> "RecordsRequest":
        """Return this request's translation in `locale`, or itself when there is none."""
        if self.locale_id == locale.pk:
            return self
        return self.get_translation_or_none(locale) or self

    def agency_in_locale(self, locale) -> Agency:
        """Return the agency's translation in `locale`, or the agency itself."""
        if self.agency.locale_id == locale.pk:
            return self.agency
        return self.agency.get_translation_or_none(locale) or self.agency


class ArchiveIndexPage(Page):
    """The archive: every document received, grouped by agency and request, with a search."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["content.HomePage"]
    subpage_types = ["records.ArchiveDocumentPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("public-records archive")

    def get_context(self, request, *args, **kwargs):
        from vecinos.records.views import archive_context

        context = super().get_context(request, *args, **kwargs)
        context.update(archive_context(self, request))
        return context


class ArchiveDocumentPage(Page):
    """One document received in answer to a records request, with the text read from its PDF."""

    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("document"),
        help_text=_("The file as the agency released it, preferably a PDF."),
    )
    request = models.ForeignKey(
        RecordsRequest,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("records request"),
    )
    date_received = models.DateField(_("date received"))
    description = models.TextField(_("description"), blank=True)
    document_language = models.CharField(
        _("language of the document"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language the file itself is written in."),
    )
    extracted_text = models.TextField(
        _("text of the document"),
        blank=True,
        help_text=_("Read automatically from the PDF when the page is saved."),
    )
    page_count = models.PositiveIntegerField(_("number of pages"), null=True, blank=True)
    # The file the text above was read from, so that saving again does not read it again.
    extracted_from = models.CharField(max_length=80, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("document"),
        FieldPanel("document_language"),
        FieldPanel("request"),
        FieldPanel("date_received"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("page_count", read_only=True),
                FieldPanel("extracted_text", read_only=True),
            ],
            heading=_("Read from the file"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("extracted_text"),
        index.SearchField("request_search_text"),
        index.SearchField("folded_search_text"),
        index.FilterField("request"),
        index.FilterField("date_received"),
    ]

    parent_page_types = ["records.ArchiveIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("archived document")
        verbose_name_plural = _("archived documents")

    def get_context(self, request, *args, **kwargs):
        from vecinos.records.views import document_context

        context = super().get_context(request, *args, **kwargs)
        context.update(document_context(self, request))
        return context

    def clean(self):
        super().clean()
        # The text is derived from the file, so it is refreshed here rather than in a hook after
        # saving: Wagtail runs full_clean() when it validates the editor's form and before it
        # stores every revision, so the text travels inside the revision and a later publish
        # can never bring back the text of a file that was replaced. A hook would update only
        # the live row, and the next publish from a revision would overwrite it.
        self.refresh_extracted_text()

    def refresh_extracted_text(self) -> None:
        """Read the text and page count from the attached file if it changed since last read."""
        if self.document_id is None:
            self.extracted_text, self.page_count, self.extracted_from = "", None, ""
            return
        fingerprint = self._file_fingerprint()
        if fingerprint == self.extracted_from:
            return
        try:
            with self.document.open_file() as file:
                extracted = extract_pdf_text(file, label=str(self.document_id))
        except OSError as error:
            # A missing file is the storage's problem, not the editor's: save without text.
            logger.warning(
                "records: file of document %s unreadable (%s)",
                self.document_id,
                type(error).__name__,
            )
            extracted = None
        self.extracted_text = extracted.text if extracted else ""
        self.page_count = extracted.page_count if extracted else None
        self.extracted_from = fingerprint

    def _file_fingerprint(self) -> str:
        document = self.document
        return f"{document.pk}:{document.file_hash or document.file.name}"

    def request_search_text(self) -> str:
        """The request's and agency's names in this page's language, for the search index."""
        request = self.request.in_locale(self.locale)
        agency = request.agency_in_locale(self.locale)
        return " ".join(
            part
            for part in (request.title, request.reference_number, agency.name, agency.abbreviation)
            if part
        )

    def folded_search_text(self) -> str:
        """Accent-free forms of this page's accented words, so both spellings are found."""
        return folded_words(
            [self.title, self.description, self.extracted_text, self.request_search_text()]
        )

    @property
    def localized_request(self) -> RecordsRequest:
        return self.request.in_locale(self.locale)

    @property
    def localized_agency(self) -> Agency:
        return self.request.agency_in_locale(self.locale)

    @property
    def language_note(self) -> str:
        """A sentence naming the file's language when it differs from this page's, else ""."""
        if self.document_language == self.locale.language_code:
            return ""
        return str(DOCUMENT_LANGUAGE_NOTES.get(self.document_language, ""))
