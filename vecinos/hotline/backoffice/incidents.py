"""One incident's page, live, and what a dispatcher does to it: take it, change its state,
note, summarize, place it on its block, ask responders, merge and split."""

import json

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from vecinos.zones.models import Block

from .. import services
from ..access import access_incident, access_report, view_incident
from ..figures import response_times
from ..forms import AlertForm, NoteForm
from ..models import Incident
from ..services import alerts, verification
from .base import POLL, ConsoleMixin, back_to_incident


def _map_features(incident: Incident) -> dict:
    """The incident's block and the blocks of the responders asked, as GeoJSON for the map."""
    features = []
    if incident.block:
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(incident.block.geometry),
                "properties": {"kind": "incident", "name": incident.block.name},
            }
        )
    blocks = Block.objects.filter(
        pk__in=incident.verifications.values_list("member__block_id", flat=True)
    ).exclude(pk=incident.block_id)
    for block in blocks:
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(block.geometry),
                "properties": {"kind": "responder", "name": block.name},
            }
        )
    point = services.parse_point(incident.point)
    return {
        "type": "FeatureCollection",
        "features": features,
        "point": list(point) if point else None,
    }


class IncidentView(ConsoleMixin, TemplateView):
    template_name = "hotline/admin/incident.html"

    def dispatch(self, request, *args, **kwargs):
        self.incident = access_incident(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_template_names(self):
        if self.fragment:
            return ["hotline/admin/incident_live.html"]
        return [self.template_name]

    def get_page_title(self):
        return gettext("Incident %(reference)s") % {"reference": self.incident.reference}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident = self.incident
        if not self.fragment:
            incident = self.incident = view_incident(self.request.user, incident.pk)
        context.update(
            incident=incident,
            reports=incident.reports.select_related("block", "recording").order_by("received_at"),
            timeline=incident.timeline.select_related("actor").order_by("at"),
            verifications=incident.verifications.select_related("member__block"),
            alerts=incident.alerts.order_by("created_at"),
            transitions=[
                (state, Incident.State(state).label)
                for state in Incident.State.values
                if state in services.TRANSITIONS.get(incident.state, set())
            ],
            note_form=NoteForm(),
            alert_form=AlertForm(templates=alerts.template_choices()),
            others=Incident.objects.open().exclude(pk=incident.pk).order_by("-last_report_at")[:20],
            cases=incident.cases.all(),
            figures=response_times(incident),
            map_data=_map_features(incident),
            live_url=reverse("hotline_admin:incident-live", args=[incident.pk]),
            poll=POLL,
            blocks=Block.objects.select_related("zone").order_by("zone__name", "name")
            if incident.block_id is None
            else [],
        )
        return context


def incident_live(request, pk):
    return IncidentView.as_view(fragment=True)(request, pk=pk)


@require_POST
def acknowledge(request, pk):
    incident = access_incident(request.user, pk)
    services.acknowledge_incident(incident, actor=request.user)
    return back_to_incident(incident)


@require_POST
def change_state(request, pk):
    incident = access_incident(request.user, pk)
    try:
        services.change_state(
            incident,
            request.POST.get("state", ""),
            actor=request.user,
            note=request.POST.get("note", "")[:2000],
        )
    except services.HotlineError as error:
        messages.error(request, str(error))
    return back_to_incident(incident)


@require_POST
def add_note(request, pk):
    incident = access_incident(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.add_note(incident, form.cleaned_data["note"], actor=request.user)
    return back_to_incident(incident)


@require_POST
def summarize(request, pk):
    incident = access_incident(request.user, pk)
    services.set_summary(incident, request.POST.get("summary", "")[:4000], actor=request.user)
    return back_to_incident(incident)


@require_POST
def place(request, pk):
    incident = access_incident(request.user, pk)
    raw = request.POST.get("block", "")
    block = Block.objects.filter(pk=int(raw)).first() if raw.isascii() and raw.isdigit() else None
    if block is not None:
        services.set_block(incident, block, actor=request.user)
    return back_to_incident(incident)


@require_POST
def ask_responders(request, pk):
    incident = access_incident(request.user, pk)
    try:
        asked = verification.ask_responders(incident, actor=request.user)
    except services.HotlineError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("Responders asked: %(count)d.") % {"count": len(asked)})
    return back_to_incident(incident)


@require_POST
def merge(request, pk):
    incident = access_incident(request.user, pk)
    other = access_incident(request.user, request.POST.get("other"))
    services.merge_incidents(incident, [other], actor=request.user)
    messages.success(request, gettext("The incidents were merged."))
    return back_to_incident(incident)


@require_POST
def split(request, pk):
    report = access_report(request.user, pk)
    try:
        incident = services.split_report(report, actor=request.user)
    except services.HotlineError as error:
        messages.error(request, str(error))
        return back_to_incident(report.incident)
    return back_to_incident(incident)
