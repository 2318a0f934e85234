"""The public side of the hotline: the report form, its thank-you page, the blocks' shapes.

The form works without JavaScript and without an account. Nothing about the sender is kept:
no IP address (the rate limit counts under a keyed hash that expires), no browser or device.
"""

from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page, never_cache
from django.views.decorators.http import require_GET

from vecinos.core.ratelimit import counted_post
from vecinos.privacy.floods import flood_guard
from vecinos.zones.models import Zone

from . import services
from .forms import ReportForm

# Reports from one source per hour: generous, since a whole family may report from one phone.
RATE_LIMIT = 10
RATE_PERIOD = 60 * 60
# A request bigger than this (three large photos and the fields) is refused unread.
MAX_REQUEST_BYTES = 26 * 1024 * 1024


def _render_form(request, form, status=200):
    from django.conf import settings

    context = {
        "form": form,
        # Map tiles only when an admin configured a tile server; by default none is asked.
        "tiles_url": settings.VECINOS_MAP_TILES_URL,
        "tiles_attribution": settings.VECINOS_MAP_TILES_ATTRIBUTION,
    }
    return render(request, "hotline/report_form.html", context, status=status)


@never_cache
@flood_guard(
    "hotline.report",
    held="hotline:report-thanks",
    files_refused=gettext_lazy("If someone is in danger now, call 911 or the hotline."),
)
def report(request):
    if request.method != "POST":
        return _render_form(request, ReportForm())
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES:
        form = ReportForm()
        form.page_error = _("The photos are too large to send. Please send fewer or smaller ones.")
        return _render_form(request, form, status=413)
    form = ReportForm(request.POST, request.FILES)
    # The photos are decoded when the form is checked, before the write lock is taken.
    with counted_post(
        request,
        form,
        "rapidresponse.report",
        limit=RATE_LIMIT,
        period=RATE_PERIOD,
        message=_("Too many reports were sent from here just now. Please call or text us."),
    ) as status:
        if status is None:
            services.submit_report(form.new_report(channel="web", language=get_language() or "es"))
    if status is not None:
        return _render_form(request, form, status=status)
    return HttpResponseRedirect(reverse("hotline:report-thanks"))


@require_GET
def thanks(request):
    return render(request, "hotline/report_thanks.html")


@require_GET
@cache_page(60 * 10)
def blocks_geojson(request):
    """Every zone's blocks as GeoJSON: the report map draws them instead of map tiles."""
    from vecinos.zones.geo import zone_geojson

    features = []
    for zone in Zone.objects.all():
        collection = zone_geojson(zone, properties=None)
        for feature in collection["features"]:
            feature["properties"]["zone"] = zone.name
            features.append(feature)
    return JsonResponse({"type": "FeatureCollection", "features": features})
