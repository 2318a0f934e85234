"""Middleware of our own: response headers Django does not set, and language redirects."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """Format {"camera": ["self"], "microphone": []} as `camera=(self), microphone=()`."""
    parts = []
    for feature, origins in policy.items():
        # Keywords stand bare; an origin is written as a quoted string.
        allowed = " ".join(o if o in {"self", "src", "*"} else f'"{o}"' for o in origins)
        parts.append(f"{feature}=({allowed})")
    return ", ".join(parts)


class PermissionsPolicyMiddleware:
    """Add the Permissions-Policy header from settings.PERMISSIONS_POLICY to every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, minus its redirect of unprefixed 404s outside the public site.

    Django answers a 404 on `/admin/x` with a redirect to `/en/admin/x` whenever that path
    resolves, and the public site's catch-all makes every `/en/...` path resolve. The back
    office, documents and webhooks have no language prefix, so their 404 must stay a 404.
    """

    unprefixed = ("/admin/", "/documents/", "/hooks/", "/static/", "/media/", "/i18n/")

    def process_response(self, request, response):
        if request.path_info.startswith(self.unprefixed):
            return response
        return super().process_response(request, response)


# The name of Wagtail's catch-all view, which every path under a language prefix resolves to.
WAGTAIL_SERVE = "wagtail_serve"


def _app_match(path: str, language: str):
    """Resolve `path` with `language`'s patterns; None when only Wagtail's catch-all takes it."""
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    if match.url_name == WAGTAIL_SERVE or not match.namespace:
        return None
    return match


def path_in_own_language(path: str) -> str | None:
    """Where an app page's path written in another language's words lives in its own.

    The app pages have a path per language (/en/hotline/, /es/linea-directa/). A link or a
    printed card from before, or a person who swaps /en/ for /es/ by hand, asks for
    /es/hotline/: that is the page /es/linea-directa/. Return that path, or None when `path`
    already is the page's own (or no app page at all).
    """
    language, _, rest = path.lstrip("/").partition("/")
    codes = [code for code, _name in settings.LANGUAGES]
    if language not in codes or _app_match(path, language) is not None:
        return None
    for other in codes:
        if other == language:
            continue
        match = _app_match(f"/{other}/{rest}", other)
        if match is None:
            continue
        with translation.override(language):
            try:
                target = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                continue
        if target != path:
            return target
    return None


class TranslatedPathRedirectMiddleware:
    """Send an app page's path in the other language's words to the page's own path, for good.

    Permanent: 301 for GET and HEAD, 308 (which keeps the method and the form) for a POST from
    a page loaded before the paths were translated.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        target = path_in_own_language(request.path_info)
        if target is None:
            return self.get_response(request)
        query = request.META.get("QUERY_STRING", "")
        prefix = request.META.get("SCRIPT_NAME", "").rstrip("/")
        location = prefix + target + (f"?{query}" if query else "")
        if request.method in ("GET", "HEAD"):
            return HttpResponsePermanentRedirect(location)
        response = HttpResponsePermanentRedirect(location)
        response.status_code = 308
        return response
