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
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from vecinos.core.pageroutes import RememberedRestrictions
from vecinos.records.extraction import extract_pdf_text
from vecinos.records.text import fold, folded_words

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


class TransparencyLaw(models.Model):
    """A public-records law as a rule: how long an agency has to answer and a requester to appeal.

    Pennsylvania's Right-to-Know Law, the federal FOIA and Connecticut's FOIA are seeded by the
    migrations; an admin adds others. `vecinos.records.deadlines` counts the periods.
    """

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name in English"), max_length=200)
    name_es = models.CharField(_("name in Spanish"), max_length=200, blank=True)
    citation = models.CharField(
        _("citation"), max_length=200, blank=True, help_text=_("For example: 65 P.S. § 67.901.")
    )
    holiday_country = models.CharField(
        _("country of the public holidays"),
        max_length=2,
        default="US",
        help_text=_("Two letters, as in the holidays calendar: US."),
    )
    holiday_subdivision = models.CharField(
        _("state of the public holidays"),
        max_length=10,
        blank=True,
        help_text=_("Two letters for a state (PA, CT); empty for federal holidays only."),
    )
    response_days = models.PositiveSmallIntegerField(_("days to answer"))
    response_business = models.BooleanField(_("business days to answer"), default=True)
    extension_days = models.PositiveSmallIntegerField(
        _("days of extension"), default=0, help_text=_("0 when the law allows none.")
    )
    extension_business = models.BooleanField(_("business days of extension"), default=False)
    appeal_days = models.PositiveSmallIntegerField(
        _("days to appeal"), default=0, help_text=_("Counted from the denial.")
    )
    appeal_business = models.BooleanField(_("business days to appeal"), default=False)
    silence_is_denial = models.BooleanField(
        _("no answer counts as a denial"),
        default=True,
        help_text=_("The request is deemed denied when the agency lets the deadline pass."),
    )
    calendar_roll_forward = models.BooleanField(
        _("a calendar period ending on a holiday runs to the next business day"), default=False
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("remind the owner this many days before each deadline"), default=2
    )

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("citation")]),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_es")]),
        FieldRowPanel([FieldPanel("holiday_country"), FieldPanel("holiday_subdivision")]),
        FieldRowPanel([FieldPanel("response_days"), FieldPanel("response_business")]),
        FieldRowPanel([FieldPanel("extension_days"), FieldPanel("extension_business")]),
        FieldRowPanel([FieldPanel("appeal_days"), FieldPanel("appeal_business")]),
        FieldPanel("silence_is_denial"),
        FieldPanel("calendar_roll_forward"),
        FieldPanel("reminder_days"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = pgettext_lazy("transparency law", "records law")
        verbose_name_plural = pgettext_lazy("transparency law", "records laws")

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "").startswith("es") and self.name_es:
            return self.name_es
        return self.name


class RequestStatus(models.TextChoices):
    FILED = "filed", pgettext_lazy("records request", "Filed")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("records request", "Acknowledged")
    EXTENDED = "extended", pgettext_lazy("records request", "Extended")
    PARTLY_GRANTED = "partly_granted", pgettext_lazy("records request", "Partly granted")
    GRANTED = "granted", pgettext_lazy("records request", "Granted")
    DENIED = "denied", pgettext_lazy("records request", "Denied")
    DEEMED_DENIED = "deemed_denied", pgettext_lazy("records request", "Deemed denied")
    APPEALED = "appealed", pgettext_lazy("records request", "Appealed")
    CLOSED = "closed", pgettext_lazy("records request", "Closed")


class RecordsRequest(TranslatableMixin, index.Indexed, ClusterableModel):
    """A request for public records filed with one agency under one transparency law.

    Its timeline (`events`) is the same in every language: saving one translation copies the
    law, owner, public flag and timeline to the others (`services.sync_request_translations`).
    """

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
    law = models.ForeignKey(
        TransparencyLaw,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("law"),
        help_text=_("Without a law no deadline is counted."),
    )
    summary = models.TextField(_("summary"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("Who is reminded by e-mail before each deadline."),
    )
    public_timeline = models.BooleanField(
        _("public page with the timeline"),
        default=False,
        help_text=_("Show this request, its deadlines and its documents on a public page."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("agency"),
        FieldPanel("reference_number"),
        FieldRowPanel([FieldPanel("date_filed"), FieldPanel("law")]),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("owner"), FieldPanel("public_timeline")]),
        InlinePanel("events", heading=_("Timeline"), label=_("step")),
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

    def steps(self):
        from vecinos.records.deadlines import Step

        return [Step(event.status, event.on) for event in self.events.all()]

    def deadlines(self, today=None):
        from django.utils import timezone

        from vecinos.records.deadlines import compute_deadlines

        return compute_deadlines(
            self.law, self.date_filed, self.steps(), today or timezone.localdate()
        )

    def status(self, today=None) -> str:
        from django.utils import timezone

        from vecinos.records.deadlines import effective_status

        return effective_status(
            self.law, self.date_filed, self.steps(), today or timezone.localdate()
        )

    def status_label(self, today=None) -> str:
        return str(RequestStatus(self.status(today)).label)

    status_label.short_description = _("status")

    def next_deadline(self, today=None):
        """The earliest deadline still open, or None."""
        from django.utils import timezone

        today = today or timezone.localdate()
        waiting = [deadline for deadline in self.deadlines(today) if deadline.open(today)]
        return min(waiting, key=lambda deadline: deadline.due).due if waiting else None

    next_deadline.short_description = _("next deadline")

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


class RequestEvent(models.Model):
    """One step of a request's timeline: filed, acknowledged, extended, answered, appealed..."""

    request = ParentalKey(RecordsRequest, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices)
    on = models.DateField(_("date"))
    note = models.CharField(
        _("public note"),
        max_length=300,
        blank=True,
        help_text=_("Shown on the public page when the request has one; no personal details."),
    )

    panels = [FieldRowPanel([FieldPanel("status"), FieldPanel("on")]), FieldPanel("note")]

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("timeline")

    def __str__(self):
        return f"{self.get_status_display()} {self.on:%Y-%m-%d}"


class ArchiveIndexPage(RememberedRestrictions, Page):
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


class ArchiveDocumentPage(RememberedRestrictions, Page):
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
    # text.fold() of the text above, position for position: the search finds and highlights
    # matches in it without folding megabytes of text on every request.
    folded_text = models.TextField(blank=True, editable=False)

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
        self.folded_text = fold(self.extracted_text)

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
