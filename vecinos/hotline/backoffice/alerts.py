"""Alerts to the neighbours: drafting, the preview, sending and its progress; the contacts
(legal team, partner organizations) alerts are copied to."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from vecinos.accounts import stepup

from .. import services
from ..access import access_alert, access_incident
from ..forms import AlertContactForm, AlertForm
from ..models import Alert, AlertContact
from ..services import alerts
from .base import STOP_POLLING, ConsoleMixin, back_to_incident


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
        return back_to_incident(incident)
    try:
        alert = alerts.draft_alert(incident, actor=request.user, **form.cleaned_data)
    except services.HotlineError as error:
        messages.error(request, str(error))
        return back_to_incident(incident)
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


def needs_step_up(request, alert: Alert) -> bool:
    """Whether sending this alert first needs the dispatcher's second factor proved again.

    Above VECINOS_ALERT_STEP_UP_AUDIENCE recipients the second factor must be fresh
    (VECINOS_STEP_UP_MINUTES): a stolen, still-open session cannot text a whole city. There is
    no second approver: a raid cannot wait for one.
    """
    if alert.status != Alert.Status.DRAFT:
        return False
    threshold = int(getattr(settings, "VECINOS_ALERT_STEP_UP_AUDIENCE", 50))
    if alerts.preview_alert(alert).total <= threshold:
        return False
    return not stepup.verified_recently(request)


@require_POST
def send_alert(request, pk):
    alert = access_alert(request.user, pk)
    if needs_step_up(request, alert):
        messages.warning(
            request,
            gettext("This alert goes to many people. Confirm it is you, then send it again."),
        )
        back = reverse("hotline_admin:alert", args=[alert.pk])
        return redirect(
            f"{reverse('accounts:two-factor-verify')}?{urlencode({'step_up': 1, 'next': back})}"
        )
    try:
        alerts.request_send(alert, actor=request.user)
    except services.HotlineError as error:
        messages.error(request, str(error))
    return redirect("hotline_admin:alert", pk=alert.pk)


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
