"""The console's front page: the open incidents, live, and who is on shift."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .. import services
from ..models import Incident
from .base import POLL, ConsoleMixin


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
            Incident.objects.open()
            # The place is the block's name and its zone's; the shapes are not shown.
            .select_related("block__zone", "zone")
            .defer("block__geometry", "block__zone__geometry", "zone__geometry")
            .annotate(
                report_count=Count("reports", distinct=True),
                going_count=Count(
                    "verifications",
                    filter=Q(verifications__status__in=["going", "reported"]),
                    distinct=True,
                ),
            )
            .order_by("-last_report_at")[:50]
        )
        context.update(
            incidents=[
                {
                    "incident": incident,
                    "reports": incident.report_count,
                    "going": incident.going_count,
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
