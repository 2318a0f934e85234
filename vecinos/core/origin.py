"""Forms posted without a CSRF token, refused when the browser says they came from another site.

Some public forms carry no CSRF token: the tip box sets no cookie before a tip is sent, and
the coalition pages are served to everyone from the page cache. Each of them can only do
what typing into the form would do, and their rate limits bound a flood; on top of that, a
POST whose Origin or Sec-Fetch-Site header names another site is refused here, as Django's
CSRF check would refuse it.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt


def _allowed_origins(request) -> set[str]:
    origins = {f"{request.scheme}://{request.get_host()}"}
    public = urlsplit(settings.PUBLIC_URL)
    origins.add(f"{public.scheme}://{public.netloc}")
    if settings.VECINOS_ONION_ADDRESS:
        origins.add(f"http://{settings.VECINOS_ONION_ADDRESS}")
    return origins


def from_another_site(request) -> bool:
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    return bool(origin) and origin != "null" and origin not in _allowed_origins(request)


def same_site_posts(view):
    """Exempt `view` from Django's CSRF token and refuse a POST from another site (403)."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and from_another_site(request):
            return HttpResponseForbidden()
        return view(request, *args, **kwargs)

    return wrapped
