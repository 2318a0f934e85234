"""The dispatcher console in the Wagtail admin, for dispatchers and admins only.

Anyone else gets 404 from every screen. The console and the incident page ask for their live
parts every few seconds (htmx), so new reports, responders' answers and state changes appear
without reloading; without JavaScript a reload shows the same.
"""

import json

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from vecinos.core.audit import log_action
from vecinos.zones.models import Block

from . import alerts, cases, services, verification
from .access import (
    access_alert,
    access_case,
    access_incident,
    access_photo,
    access_report,
    can_dispatch,
)
from .figures import response_times
from .forms import (
    AlertContactForm,
    AlertForm,
    CaseForm,
    CaseTaskForm,
    DispatcherForm,
    NoteForm,
    RecordForm,
    ShiftForm,
    StaffReportForm,
)
from .models import Alert, AlertContact, Dispatcher, Incident, IncidentRecord, Shift

POLL = "every 5s"
# htmx swaps an answer with this status and stops polling.
STOP_POLLING = 286


class ConsoleMixin(WagtailAdminTemplateMixin):
    header_icon = "warning"
    fragment = False

    def dispatch(self, request, *args, **kwargs):
        if not can_dispatch(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = self.breadcrumbs_items + [
            {"url": reverse("hotline_admin:console"), "label": _("Hotline")}
        ]
        return items + [{"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class ConsoleView(ConsoleMixin, TemplateView):
    template_name = "hotline/admin/console.html"
    page_title = _("Hotline console")

    def get_template_names(self):
        if self.fragment:
            return ["hotline/admin/console_live.html"]
        return [self.template_name]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incidents = (
            Incident.objects.open().select_related("block", "zone").order_by("-last_report_at")[:50]
        )
        context.update(
            incidents=[
                {
                    "incident": incident,
                    "reports": incident.reports.count(),
                    "going": incident.verifications.filter(
                        status__in=["going", "reported"]
                    ).count(),
                }
                for incident in incidents
            ],
            shift=services.on_shift(),
            live_url=reverse("hotline_admin:console-live"),
            poll=POLL,
        )
        return context


def console_live(request):
    return ConsoleView.as_view(fragment=True)(request)


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
            log_action(self.request.user, "incident.viewed", incident)
        context.update(
            incident=incident,
            reports=incident.reports.select_related("block").order_by("received_at"),
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


def _back(incident):
    return redirect("hotline_admin:incident", pk=incident.pk)


@require_POST
def acknowledge(request, pk):
    incident = access_incident(request.user, pk)
    services.acknowledge_incident(incident, actor=request.user)
    return _back(incident)


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
    return _back(incident)


@require_POST
def add_note(request, pk):
    incident = access_incident(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.add_note(incident, form.cleaned_data["note"], actor=request.user)
    return _back(incident)


@require_POST
def summarize(request, pk):
    incident = access_incident(request.user, pk)
    services.set_summary(incident, request.POST.get("summary", "")[:4000], actor=request.user)
    return _back(incident)


@require_POST
def place(request, pk):
    incident = access_incident(request.user, pk)
    raw = request.POST.get("block", "")
    block = Block.objects.filter(pk=int(raw)).first() if raw.isascii() and raw.isdigit() else None
    if block is not None:
        services.set_block(incident, block, actor=request.user)
    return _back(incident)


@require_POST
def ask_responders(request, pk):
    incident = access_incident(request.user, pk)
    try:
        asked = verification.ask_responders(incident, actor=request.user)
    except services.HotlineError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("Responders asked: %(count)d.") % {"count": len(asked)})
    return _back(incident)


@require_POST
def merge(request, pk):
    incident = access_incident(request.user, pk)
    other = access_incident(request.user, request.POST.get("other"))
    services.merge_incidents(incident, [other], actor=request.user)
    messages.success(request, gettext("The incidents were merged."))
    return _back(incident)


@require_POST
def split(request, pk):
    report = access_report(request.user, pk)
    try:
        incident = services.split_report(report, actor=request.user)
    except services.HotlineError as error:
        messages.error(request, str(error))
        return _back(report.incident)
    return _back(incident)


@require_POST
def draft_alert(request, pk):
    incident = access_incident(request.user, pk)
    choices = (
        alerts.template_choices()
        + alerts.template_choices(Alert.Kind.CORRECTION)
        + alerts.template_choices(Alert.Kind.ALL_CLEAR)
    )
    form = AlertForm(request.POST, templates=choices)
    if not form.is_valid():
        messages.error(request, gettext("Choose one of the messages."))
        return _back(incident)
    try:
        alert = alerts.draft_alert(incident, actor=request.user, **form.cleaned_data)
    except services.HotlineError as error:
        messages.error(request, str(error))
        return _back(incident)
    return redirect("hotline_admin:alert", pk=alert.pk)


class AlertView(ConsoleMixin, TemplateView):
    """An alert before sending (its text, audience, count and time), then its progress live."""

    template_name = "hotline/admin/alert.html"

    def dispatch(self, request, *args, **kwargs):
        self.alert = access_alert(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_template_names(self):
        if self.fragment:
            return ["hotline/admin/alert_live.html"]
        return [self.template_name]

    def get_page_title(self):
        return self.alert.get_kind_display()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        progress = alerts.delivery_progress(self.alert)
        waiting = {"queued", "sending"} & set(progress["counts"])
        context.update(
            alert=self.alert,
            incident=self.alert.incident,
            preview=alerts.preview_alert(self.alert) if self.alert.status == "draft" else None,
            progress=progress,
            polling=self.alert.status == Alert.Status.SENDING or bool(waiting),
            live_url=reverse("hotline_admin:alert-live", args=[self.alert.pk]),
        )
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.fragment and not response.context_data["polling"]:
            response.status_code = STOP_POLLING
        return response


def alert_live(request, pk):
    return AlertView.as_view(fragment=True)(request, pk=pk)


@require_POST
def send_alert(request, pk):
    alert = access_alert(request.user, pk)
    try:
        alerts.request_send(alert, actor=request.user)
    except services.HotlineError as error:
        messages.error(request, str(error))
    return redirect("hotline_admin:alert", pk=alert.pk)


class RecordView(ConsoleMixin, TemplateView):
    template_name = "hotline/admin/record.html"

    def dispatch(self, request, *args, **kwargs):
        self.incident = access_incident(request.user, kwargs["pk"])
        self.record = IncidentRecord.objects.filter(incident=self.incident).first()
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Documentation of incident %(reference)s") % {
            "reference": self.incident.reference
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", RecordForm(instance=self.record))
        context["incident"] = self.incident
        return context

    def post(self, request, *args, **kwargs):
        form = RecordForm(request.POST, instance=self.record)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        cases.save_record(self.incident, form.cleaned_data, actor=request.user)
        messages.success(request, gettext("The documentation was saved."))
        return _back(self.incident)


@require_POST
def open_case(request, pk):
    incident = access_incident(request.user, pk)
    form = CaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Please say how the team refers to the family."))
        return _back(incident)
    case = cases.open_case(incident, actor=request.user, **form.cleaned_data)
    return redirect("hotline_admin:case", pk=case.pk)


class CaseView(ConsoleMixin, TemplateView):
    template_name = "hotline/admin/case.html"

    def dispatch(self, request, *args, **kwargs):
        self.case = access_case(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.case)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        log_action(self.request.user, "case.viewed", self.case)
        form = CaseTaskForm()
        form.fields["owner"].queryset = get_user_model().objects.filter(is_active=True)
        context.setdefault("case_form", CaseForm(instance=self.case))
        context.update(case=self.case, tasks=self.case.tasks.select_related("owner"), form=form)
        return context

    def post(self, request, *args, **kwargs):
        if self.case.status != self.case.Status.OPEN:
            raise Http404
        form = CaseForm(request.POST, instance=self.case)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(case_form=form))
        cases.update_case(self.case, actor=request.user, **form.cleaned_data)
        messages.success(request, gettext("The case was saved."))
        return redirect("hotline_admin:case", pk=self.case.pk)


@require_POST
def add_task(request, pk):
    case = access_case(request.user, pk)
    form = CaseTaskForm(request.POST)
    if form.is_valid():
        cases.add_task(case, actor=request.user, **form.cleaned_data)
    else:
        messages.error(request, gettext("Please choose what the task is."))
    return redirect("hotline_admin:case", pk=case.pk)


@require_POST
def finish_task(request, pk, task):
    case = access_case(request.user, pk)
    cases.finish_task(case, task, actor=request.user)
    return redirect("hotline_admin:case", pk=case.pk)


@require_POST
def close_case(request, pk):
    case = access_case(request.user, pk)
    cases.close_case(case, actor=request.user)
    return redirect("hotline_admin:case", pk=case.pk)


class ShiftsView(ConsoleMixin, TemplateView):
    template_name = "hotline/admin/shifts.html"
    page_title = _("Shifts")

    def _choices(self):
        return [
            (str(d.pk), d.user.get_username()) for d in Dispatcher.objects.select_related("user")
        ]

    def get_context_data(self, **kwargs):
        from django.utils import timezone

        context = super().get_context_data(**kwargs)
        context.setdefault("form", ShiftForm(dispatchers=self._choices()))
        context.setdefault("dispatcher_form", DispatcherForm())
        context["dispatchers"] = Dispatcher.objects.select_related("user").order_by(
            "user__username"
        )
        context["shifts"] = Shift.objects.filter(ends_at__gt=timezone.now()).select_related(
            "dispatcher__user", "backup__user"
        )
        context["on_shift"] = services.on_shift()
        return context

    def post(self, request, *args, **kwargs):
        if "add_dispatcher" in request.POST:
            return self._add_dispatcher(request)
        form = ShiftForm(request.POST, dispatchers=self._choices())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        services.add_shift(
            Dispatcher.objects.get(pk=data["dispatcher"]),
            backup=Dispatcher.objects.filter(pk=data["backup"] or None).first(),
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            actor=request.user,
        )
        messages.success(request, gettext("The shift was added."))
        return redirect("hotline_admin:shifts")

    def _add_dispatcher(self, request):
        form = DispatcherForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(dispatcher_form=form))
        services.add_dispatcher(
            form.cleaned_data["user"],
            phone=form.cleaned_data["phone"],
            language=form.cleaned_data["language"],
            actor=request.user,
        )
        messages.success(request, gettext("The dispatcher can now be paged."))
        return redirect("hotline_admin:shifts")


class StaffReportView(ConsoleMixin, TemplateView):
    """A report the dispatcher types in from a phone call or a visit."""

    template_name = "hotline/admin/report.html"
    page_title = _("Enter a report")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", StaffReportForm())
        return context

    def post(self, request, *args, **kwargs):
        form = StaffReportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        language = request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "es"
        report = services.submit_report(
            form.new_report(channel="staff", language=language), actor=request.user
        )
        return _back(report.incident)


def photo(request, pk):
    """Send one photo, decrypted, to a dispatcher; never cached, and the viewing is audited."""
    item = access_photo(request.user, pk)
    with item.image.open() as handle:
        data = handle.read()
    log_action(request.user, "photo.viewed", item)
    response = HttpResponse(data, content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    add_never_cache_headers(response)
    return response


class ContactsView(ConsoleMixin, TemplateView):
    """The legal team and partner organizations that alerts can be copied to."""

    template_name = "hotline/admin/contacts.html"
    page_title = _("Legal team and partners")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", AlertContactForm())
        context["contacts"] = AlertContact.objects.filter(active=True).order_by("kind")
        return context

    def post(self, request, *args, **kwargs):
        if "deactivate" in request.POST:
            try:
                contact = AlertContact.objects.filter(pk=request.POST["deactivate"]).first()
            except (ValueError, ValidationError):
                contact = None
            if contact is not None:
                alerts.deactivate_alert_contact(contact, actor=request.user)
            return redirect("hotline_admin:contacts")
        form = AlertContactForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        alerts.add_alert_contact(actor=request.user, **form.cleaned_data)
        messages.success(request, gettext("The contact was added."))
        return redirect("hotline_admin:contacts")
