"""The workshop figures: families and people trained per zone, topic and month, no-shows."""

from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .. import figures
from ..access import can_see_figures
from .base import TrainingsAdminMixin


class FiguresView(TrainingsAdminMixin, TemplateView):
    """Families and people trained per zone, topic and month, and the no-show rate."""

    template_name = "workshops/admin/figures.html"
    page_title = _("Workshop figures")

    def dispatch(self, request, *args, **kwargs):
        if not can_see_figures(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        zones, topics, months = figures.by_zone(), figures.by_topic(), figures.by_month()
        context.update(
            zones=zones,
            topics=topics,
            months=months,
            zone_chart=figures.bar_chart(
                zones,
                title=gettext("Trained per zone"),
                chart_id="chart-zone",
                label_heading=gettext("Zone"),
            ),
            topic_chart=figures.bar_chart(
                topics,
                title=gettext("Trained per topic"),
                chart_id="chart-topic",
                label_heading=gettext("Topic"),
            ),
            month_chart=figures.bar_chart(
                months,
                title=gettext("Trained per month"),
                chart_id="chart-month",
                vertical=True,
                label_heading=gettext("Month"),
            ),
            no_shows=figures.no_shows(),
            by_workshop=figures.no_show_by_workshop(),
            families=sum(row.families for row in zones),
            people=sum(row.people for row in zones),
        )
        return context


def attendance_csv(request):
    """Families trained per zone and month as CSV: counts, never a name."""
    from django.utils import timezone

    from vecinos.core.csvexport import csv_response

    from ..access import ATTENDANCE_COLUMNS, export_attendance

    rows = export_attendance(request.user)
    response, writer = csv_response(f"families-trained-{timezone.localdate().isoformat()}.csv")
    writer.writerow(ATTENDANCE_COLUMNS)
    writer.writerows(rows)
    return response
