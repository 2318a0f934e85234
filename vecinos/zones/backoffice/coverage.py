"""Coverage screens: the zones with their counts, a zone's dashboard and map, a block's page,
and the CSV exports. Counts only: no screen here names a member."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from vecinos.core.audit import log_action
from vecinos.core.csvexport import csv_response

from .. import coverage, geo
from ..access import (
    access_block,
    access_zone,
    can_manage_members,
    can_see_coverage,
    can_see_members,
)
from ..audit import AuditCode
from ..models import Block, CoverageSnapshot
from .base import ZonesAdminMixin

# How many days of progress the dashboard draws.
PROGRESS_DAYS = 365


def tiles_url() -> str:
    """The tile server an admin configured, or "" for shapes on a blank background."""
    return settings.VECINOS_MAP_TILES_URL


class ZoneIndexView(ZonesAdminMixin, TemplateView):
    template_name = "zones/admin/zone_index.html"
    page_title = _("Zones")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = coverage.zone_totals()
        context["can_manage"] = can_manage_members(self.request.user)
        return context


class ZoneCoverageView(ZonesAdminMixin, TemplateView):
    """One zone's coverage: the map, the table per block, the blocks with nobody, progress."""

    template_name = "zones/admin/zone_coverage.html"

    def dispatch(self, request, *args, **kwargs):
        self.zone = access_zone(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.zone.name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        blocks = coverage.zone_blocks(self.zone)
        since = timezone.localdate() - timedelta(days=PROGRESS_DAYS)
        snapshots = list(
            CoverageSnapshot.objects.filter(zone=self.zone, day__gte=since).order_by("day")
        )
        context.update(
            zone=self.zone,
            blocks=blocks,
            totals=coverage.summarize(self.zone, blocks),
            nobody=[block for block in blocks if not block.covered],
            snapshots=snapshots,
            recent_snapshots=list(reversed(snapshots[-10:])),
            chart=coverage.progress_chart(snapshots),
            map_data_url=reverse("zones_admin:zone-geojson", args=[self.zone.pk]),
            tiles_url=tiles_url(),
            tiles_attribution=settings.VECINOS_MAP_TILES_ATTRIBUTION if tiles_url() else "",
            map_labels={
                "members": gettext("Active members"),
                "responders": gettext("Responders"),
                "captain": pgettext("block coverage", "Captain"),
                "yes": gettext("yes"),
                "no": gettext("no"),
            },
            can_manage=can_manage_members(self.request.user),
            can_see_members=can_see_members(self.request.user),
        )
        return context


def zone_geojson(request, pk):
    """The zone's blocks with their counts, for the coverage map."""
    zone = access_zone(request.user, pk)
    properties = {
        block.block_id: {
            "members": block.members,
            "responders": block.responders,
            "captain": block.captain,
            "level": block.level,
        }
        for block in coverage.zone_blocks(zone)
    }
    data = geo.zone_geojson(zone, properties=properties)
    data["attribution"] = zone.attribution
    return JsonResponse(data)


@require_POST
def snapshot_now(request, pk):
    """Record today's counts for the zone now, instead of waiting for tonight's run."""
    zone = access_zone(request.user, pk)
    coverage.record_snapshot(zone)
    messages.success(request, gettext("Today's counts are recorded."))
    return redirect("zones_admin:zone", pk=zone.pk)


def zones_csv(request):
    """Every zone's totals as CSV: counts only."""
    if not can_see_coverage(request.user):
        raise Http404
    response, writer = csv_response("zones-coverage.csv")
    writer.writerow(
        [
            "zone",
            "blocks",
            "blocks_covered",
            "blocks_with_responder",
            "blocks_with_captain",
            "members",
            "responders",
        ]
    )
    rows = coverage.zone_totals()
    for zone, totals in rows:
        writer.writerow(
            [
                zone.name,
                totals.blocks,
                totals.blocks_covered,
                totals.blocks_with_responder,
                totals.blocks_with_captain,
                totals.members,
                totals.responders,
            ]
        )
    log_action(
        request.user,
        AuditCode.COVERAGE_EXPORTED,
        object_type="zones.zone",
        detail={"kind": "zones_coverage", "rows": len(rows)},
    )
    return response


def zone_csv(request, pk):
    """One zone's counts per block as CSV: counts only."""
    zone = access_zone(request.user, pk)
    response, writer = csv_response(f"coverage-{zone.slug}.csv")
    writer.writerow(["zone", "block_code", "block_name", "members", "responders", "captain"])
    blocks = coverage.zone_blocks(zone)
    for block in blocks:
        writer.writerow(
            [
                zone.name,
                block.code,
                block.name,
                block.members,
                block.responders,
                "yes" if block.captain else "no",
            ]
        )
    log_action(
        request.user,
        AuditCode.COVERAGE_EXPORTED,
        zone,
        detail={"kind": "block_coverage", "rows": len(blocks)},
    )
    return response


class BlockView(ZonesAdminMixin, TemplateView):
    """A block's counts and neighbors; its captains and organizers go on to its members."""

    template_name = "zones/admin/block.html"
    allowed = staticmethod(lambda user: can_see_coverage(user) or can_see_members(user))

    def dispatch(self, request, *args, **kwargs):
        self.block = access_block(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.block.name

    def get_parent_crumbs(self):
        if can_see_coverage(self.request.user):
            url = reverse("zones_admin:zone", args=[self.block.zone_id])
            return [{"url": url, "label": self.block.zone.name}]
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        (counts,) = coverage.block_coverage(Block.objects.filter(pk=self.block.pk))
        user = self.request.user
        context.update(
            area=self.block,
            counts=counts,
            neighbours=self.block.neighbours.select_related("zone").order_by("zone__name", "name")
            if can_see_coverage(user)
            else [],
            can_manage=can_manage_members(user),
            can_see_members=can_see_members(user),
            captains=self.block.captain_accounts.order_by("username")
            if can_manage_members(user)
            else [],
        )
        return context
