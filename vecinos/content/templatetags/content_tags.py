"""Template tags for the public site's navigation."""

from django import template
from django.utils.translation import get_language
from wagtail.models import Site

from vecinos.content.models import StandardPage
from vecinos.core import pagecache

register = template.Library()


def _home(request):
    site = Site.find_for_request(request) if request is not None else None
    return site.root_page.localized if site is not None else None


def _menu_sections(request) -> list[tuple[str, str]]:
    home = _home(request)
    if home is None:
        return []
    sections = []
    for section in home.get_children().live().in_menu():
        url = section.get_url(request=request)
        if url is not None:
            sections.append((section.title, url))
    return sections


def _footer_pages(request) -> list[dict]:
    home = _home(request)
    if home is None:
        return []
    pages = StandardPage.objects.live().descendant_of(home).filter(show_in_footer=True)
    return [{"title": page.title, "url": page.get_url(request=request)} for page in pages]


def _remembered(name: str, request, build):
    # The same for every visitor of a host in a language until an editor's change purges the
    # page cache, so worked out once per process rather than in three queries per page.
    if request is None:
        return build(request)
    key = (name, request.get_host(), get_language())
    return pagecache.remember(key, lambda: build(request))


@register.inclusion_tag("content/includes/menu.html", takes_context=True)
def main_menu(context):
    """List the home page's in-menu sections in the current language.

    Works on Wagtail pages and on plain Django views alike: the site comes from the request
    and the home page is localized to the active language.
    """
    request = context.get("request")
    items = []
    for title, url in _remembered("menu", request, _menu_sections):
        if request.path == url:
            current = "page"
        elif request.path.startswith(url):
            current = "true"
        else:
            current = ""
        items.append({"title": title, "url": url, "current": current})
    return {"items": items}


@register.inclusion_tag("content/includes/footer_links.html", takes_context=True)
def footer_links(context):
    """List the standard pages marked "show in footer" in the current language."""
    request = context.get("request")
    return {"pages": _remembered("footer", request, _footer_pages)}
