"""Wagtail's page serving, with each path's route and each page's restrictions kept per process.

Wagtail finds a page by walking the tree from the site's root, a query for the site, the
locale and each level, then reads the view restrictions of the page and its ancestors: 7 of
the 9 queries of a records search. Both change only when a page, a site, a locale or a view
restriction is saved, moved or deleted, and each of those purges the page cache
(core/pagecache.py), so both are kept with `pagecache.remember` until the next purge. The page
itself is read again on every request (one query), so what it shows is never older than its
row.
"""

from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction

from vecinos.core import pagecache


def _route(request, path: str):
    found = Page.route_for_request(request, path)
    if found is None:
        return None
    page, args, kwargs = found
    return request._wagtail_site, type(page), page.pk, args, kwargs


def serve(request, path: str):
    """Serve the Wagtail page at `path`, as `wagtail.views.serve` does, routed from memory."""
    # Imported here: Wagtail's views need the models loaded, and page models import this module.
    from wagtail import views as wagtail_views

    key = ("page-route", request.get_host(), get_language(), path)
    route = pagecache.remember(key, lambda: _route(request, path), keep_none=False)
    if route is not None and not hasattr(request, "_wagtail_route_for_request"):
        site, model, pk, args, kwargs = route
        page = model.objects.live().filter(pk=pk).first()
        if page is not None:
            # What Wagtail's own routing leaves on the request, so it routes no further.
            request._wagtail_site = site
            request._wagtail_route_for_request = (page, args, kwargs)
    return wagtail_views.serve(request, path)


class RememberedRestrictions:
    """A page that reads whether it or an ancestor has view restrictions once per process.

    Most pages have none; for them Wagtail's check before serving costs no query.
    """

    def get_view_restrictions(self):
        wagtails = super()
        if self.pk is None or pagecache.remember(
            ("page-restricted", self.pk), lambda: wagtails.get_view_restrictions().exists()
        ):
            return wagtails.get_view_restrictions()
        return PageViewRestriction.objects.none()
