"""Writes that shape the page tree: the two home pages and pages added in both languages."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Locale, Page, Site

from vecinos.content.models import HomePage


def ensure_locales() -> dict[str, Locale]:
    """Create a Wagtail locale for every language of the site; return them by language code."""
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.LANGUAGES
    }


def tree_root() -> Page:
    """Return the invisible root of the page tree, creating it in an empty database."""
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
    return root


def remove_default_welcome_page() -> None:
    """Delete the placeholder "Welcome" page that Wagtail's first migration creates."""
    plain_page = ContentType.objects.get_for_model(Page)
    for page in Page.objects.filter(depth=2, content_type=plain_page):
        if not page.get_children().exists():
            page.delete()


@transaction.atomic
def install_home_pages(english: HomePage, spanish: HomePage) -> dict[str, HomePage]:
    """Add the English home and its Spanish translation under the root; serve both from one Site.

    Wagtail serves /es/ by routing from the Site's root page localized to the active language,
    so the Spanish home is a sibling of the English one with the same translation key, and the
    Site points at the English home only.
    """
    locales = ensure_locales()
    root = tree_root()
    remove_default_welcome_page()
    english.locale = locales["en"]
    root.add_child(instance=english)
    spanish.locale = locales["es"]
    spanish.translation_key = english.translation_key
    root.add_child(instance=spanish)

    site = Site.objects.filter(is_default_site=True).first() or Site(
        hostname="localhost", port=80, is_default_site=True
    )
    site.root_page = english
    site.site_name = english.title
    # Saving the Site also clears Wagtail's cached site root paths, which decide page URLs.
    site.save()
    return {"en": english, "es": spanish}


@transaction.atomic
def add_translated_pages(parents: dict[str, Page], pages: dict[str, Page]) -> dict[str, Page]:
    """Add one page per language under the parent of the same language, linked as translations.

    `parents` and `pages` are keyed by language code; the English page is added first and
    the others share its translation key.
    """
    english = pages["en"]
    english.locale = parents["en"].locale
    parents["en"].add_child(instance=english)
    for code, page in pages.items():
        if code == "en":
            continue
        page.locale = parents[code].locale
        page.translation_key = english.translation_key
        parents[code].add_child(instance=page)
    return pages


def publish_scheduled_pages() -> dict[str, int]:
    """Publish what editors scheduled to go live and unpublish what has expired, now.

    Wagtail's own `publish_scheduled` does the work (the revisions' go-live and expiry times);
    this runs it on the worker's clock (content/periodic.py) and says how many it changed.
    """
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Revision

    now = timezone.now()
    due = Revision.objects.filter(approved_go_live_at__lt=now).count()
    expired = Page.objects.filter(live=True, expire_at__lt=now).count()
    call_command("publish_scheduled", stdout=StringIO())
    return {"published": due, "expired": expired}
