"""What every screen of the dispatcher console shares: who may see it, and how it polls.

Anyone but dispatchers and admins gets 404 from every screen. The console and the incident
page ask for their live parts every few seconds (htmx), so new reports, responders' answers
and state changes appear without reloading; without JavaScript a reload shows the same.
"""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..access import can_dispatch

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


def back_to_incident(incident):
    return redirect("hotline_admin:incident", pk=incident.pk)
