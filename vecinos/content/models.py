"""Pages of the public site. Every page exists in English and Spanish, linked as translations."""

import datetime

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from vecinos.core.pageroutes import RememberedRestrictions

# Index pages show this many items per page; a cheap phone on little data should not have to
# load a whole archive at once.
LISTING_PAGE_SIZE = 10


class HomePage(RememberedRestrictions, Page):
    """The front page of one language's site."""

    intro = RichTextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = (
            NewsPage.objects.live().descendant_of(self).order_by("-date", "-pk")[:5]
        )
        context["latest_publications"] = (
            PublicationPage.objects.live().descendant_of(self).order_by("-date", "-pk")[:3]
        )
        context["news_index"] = NewsIndexPage.objects.live().child_of(self).first()
        context["publication_index"] = PublicationIndexPage.objects.live().child_of(self).first()
        return context


class StandardPage(RememberedRestrictions, Page):
    """A plain page: about us, what we do, an issue we work on."""

    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)
    show_in_footer = models.BooleanField(_("show in footer"), default=False)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    promote_panels = Page.promote_panels + [FieldPanel("show_in_footer")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["content.HomePage", "content.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class ListingPage(RememberedRestrictions, Page):
    """A section that lists its child pages, newest first, a page of them at a time."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["content.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True

    def items(self, request) -> models.QuerySet:
        """Return the live child pages to list, newest first."""
        # Each listing's subpage_types names exactly one page model, which has a date.
        child_model = self.specific_class.allowed_subpage_models()[0]
        return child_model.objects.live().child_of(self).order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.items(request), LISTING_PAGE_SIZE)
        # get_page answers the last page for a number past the end and the first for garbage,
        # so a mistyped ?page= never becomes an error page.
        items: PaginatorPage = paginator.get_page(request.GET.get("page"))
        context["items"] = items
        return context


class NewsIndexPage(ListingPage):
    """News, statements and press releases, newest first, optionally of one kind."""

    subpage_types = ["content.NewsPage"]

    class Meta:
        verbose_name = _("news index page")

    def items(self, request):
        items = super().items(request)
        kind = request.GET.get("kind")
        if kind in NewsPage.Kind.values:
            items = items.filter(kind=kind)
        return items

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["kinds"] = [
            (NewsPage.Kind.NEWS, pgettext_lazy("news filter", "News")),
            (NewsPage.Kind.STATEMENT, pgettext_lazy("news filter", "Statements")),
            (NewsPage.Kind.PRESS_RELEASE, pgettext_lazy("news filter", "Press releases")),
        ]
        context["current_kind"] = request.GET.get("kind", "")
        return context


class NewsPage(RememberedRestrictions, Page):
    """A news item, a statement or a press release."""

    class Kind(models.TextChoices):
        NEWS = "news", pgettext_lazy("news kind", "News")
        STATEMENT = "statement", pgettext_lazy("news kind", "Statement")
        PRESS_RELEASE = "press_release", pgettext_lazy("news kind", "Press release")

    kind = models.CharField(
        pgettext_lazy("news", "kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS
    )
    date = models.DateField(_("date"), default=datetime.date.today)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences for listings."))
    body = RichTextField(_("body"))

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("kind"), FieldPanel("date")], heading=_("Kind and date")),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("co_signers", heading=_("Co-signing organizations"), label=_("organization")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]

    parent_page_types = ["content.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")


class CoSigner(Orderable):
    """An organization that signed a statement with us."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="co_signers")
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("website"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("co-signing organization")
        verbose_name_plural = _("co-signing organizations")

    def __str__(self):
        return self.name


class PublicationIndexPage(ListingPage):
    """Reports and briefs, newest first."""

    subpage_types = ["content.PublicationPage"]

    class Meta:
        verbose_name = _("publication index page")


class PublicationPage(RememberedRestrictions, Page):
    """A report: its summary, its key findings and the full text as a PDF."""

    date = models.DateField(_("date"), default=datetime.date.today)
    authors = models.CharField(_("authors"), max_length=255, blank=True)
    summary = RichTextField(_("summary"), features=["bold", "italic", "link"])
    key_findings = StreamField(
        [("finding", blocks.TextBlock(label=_("finding")))],
        verbose_name=_("key findings"),
        blank=True,
    )
    pdf = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("authors"),
        FieldPanel("summary"),
        FieldPanel("key_findings"),
        FieldPanel("pdf"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("key_findings"),
        index.SearchField("authors"),
        index.FilterField("date"),
    ]

    parent_page_types = ["content.PublicationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")


class PressIndexPage(ListingPage):
    """What newspapers, radio and television said about the organization."""

    subpage_types = ["content.PressItemPage"]

    class Meta:
        verbose_name = _("press index page")


class PressItemPage(RememberedRestrictions, Page):
    """One article or broadcast about the organization, with a link to it when it is online."""

    outlet = models.CharField(_("outlet"), max_length=200)
    date = models.DateField(_("date"), default=datetime.date.today)
    external_url = models.URLField(_("link to the original"), blank=True)
    excerpt = models.TextField(_("excerpt"))

    content_panels = Page.content_panels + [
        FieldPanel("outlet"),
        FieldPanel("date"),
        FieldPanel("external_url"),
        FieldPanel("excerpt"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("outlet"),
        index.SearchField("excerpt"),
        index.FilterField("date"),
    ]

    parent_page_types = ["content.PressIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("press item")
        verbose_name_plural = _("press items")


class TestimonyIndexPage(ListingPage):
    """Testimonies given at public hearings, newest first."""

    subpage_types = ["content.TestimonyPage"]

    class Meta:
        verbose_name = _("testimony index page")


class TestimonyPage(RememberedRestrictions, Page):
    """Testimony given before a public body, such as a City Council committee."""

    hearing = models.CharField(
        _("hearing or body"),
        max_length=255,
        help_text=_("For example: City Council Committee on Public Safety."),
    )
    date = models.DateField(_("date"), default=datetime.date.today)
    # A public speaker's name as they gave it on the record; left blank, the page says
    # "a community member", which is what many neighbours prefer.
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    testimony = RichTextField(_("testimony"))

    content_panels = Page.content_panels + [
        FieldPanel("hearing"),
        FieldPanel("date"),
        FieldPanel("speaker"),
        FieldPanel("testimony"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("hearing"),
        index.SearchField("testimony"),
        index.FilterField("date"),
    ]

    parent_page_types = ["content.TestimonyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("testimony")
        verbose_name_plural = _("testimonies")
