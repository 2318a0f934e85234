"""Pages of the public site. Every page exists in English and Spanish, linked as translations."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


@register_setting(icon="site")
class OrganizationSettings(BaseGenericSetting):
    """The organization's name and contact details, shown in the header and footer."""

    name = models.CharField(_("name"), max_length=120, default="vecinos")
    tagline_en = models.CharField(_("tagline in English"), max_length=200, blank=True)
    tagline_es = models.CharField(_("tagline in Spanish"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_email = models.EmailField(_("public contact e-mail"), blank=True)
    contact_phone = models.CharField(_("public contact phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("settings", "organization")


class HomePage(Page):
    """The front page of one language's site."""

    intro = RichTextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A plain page: about us, what we do, an issue we work on."""

    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)
    show_in_footer = models.BooleanField(_("show in footer"), default=False)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    promote_panels = Page.promote_panels + [FieldPanel("show_in_footer")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")
