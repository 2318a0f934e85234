"""The few plain views of the kernel: the site's icon at the address browsers ask for."""

from functools import cache
from pathlib import Path

from django.http import HttpResponse
from django.views.decorators.http import require_GET

ICON = Path(__file__).parent / "static" / "vecinos" / "favicon.ico"


@cache
def _icon() -> bytes:
    return ICON.read_bytes()


@require_GET
def favicon(request):
    """Serve the site's icon at /favicon.ico, which browsers and feed readers ask for whatever
    the page's <link rel="icon"> says; it comes from this machine, like everything else."""
    response = HttpResponse(_icon(), content_type="image/vnd.microsoft.icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
