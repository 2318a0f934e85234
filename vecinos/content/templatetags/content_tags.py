"""Template tags for the public site's navigation."""

from django import template
from wagtail.models import Site

from vecinos.content.models import StandardPage

register = template.Library()


@register.inclusion_tag("content/includes/menu.html", takes_context=True)
def main_menu(context):
    """List the home page's in-menu sections in the current language.

    Works on Wagtail pages and on plain Django views alike: the site comes from the request
    and the home page is localized to the active language.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"items": []}
    home = site.root_page.localized
    items = []
    for section in home.get_children().live().in_menu():
        url = section.get_url(request=request)
        if url is None:
            continue
        if request.path == url:
            current = "page"
        elif request.path.startswith(url):
            current = "true"
        else:
            current = ""
        items.append({"title": section.title, "url": url, "current": current})
    return {"items": items}


@register.inclusion_tag("content/includes/footer_links.html", takes_context=True)
def footer_links(context):
    """List the standard pages marked "show in footer" in the current language."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"pages": []}
    home = site.root_page.localized
    pages = StandardPage.objects.live().descendant_of(home).filter(show_in_footer=True)
    return {"pages": pages, "request": request}
