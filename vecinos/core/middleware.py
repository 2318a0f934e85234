"""Middleware of our own: response headers Django does not set, and language redirects."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware


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
