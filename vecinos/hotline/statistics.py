"""The hotline's public figures: confirmed incidents by zone and month, and how fast.

No address, block or day is published: the finest figure is a zone in a month, and a count
under 5 is hidden with whatever would give it away. The median response time is shown only
when it rests on at least 5 confirmed incidents.
"""

from django.utils.translation import gettext as _

from vecinos.core.charts import Chart, Series
from vecinos.core.disclosure import THRESHOLD, Cell, protect_table
from vecinos.core.periods import last_months, month_label
from vecinos.core.publicstats import Headline, Section, Table, register

from .figures import confirmed_by_zone_and_month, median_minutes_to_confirmed

MONTHS = 12


def build() -> list:
    months = last_months(MONTHS)
    labels = [month_label(month) for month in months]
    zones, counts = confirmed_by_zone_and_month(months)
    if zones:
        table = protect_table(zones, labels, counts)
        total, by_month = table.total, table.column_totals
    else:
        table, total, by_month = None, Cell(0), [Cell(0) for _month in months]
    median, based_on = median_minutes_to_confirmed(months[0])
    if median is not None and based_on >= THRESHOLD:
        response = _("%(minutes)s minutes") % {"minutes": f"{median:,.0f}"}
    else:
        response = _("not enough incidents yet")
    blocks = [
        Headline(_("incidents confirmed in the last twelve months"), total),
        Headline(
            _("from the first report to confirmation by a neighbor (median)"),
            response,
        ),
        Chart(
            title=_("Incidents confirmed, by month"),
            description=_("Reports that neighbors went to see and confirmed, each month."),
            labels=labels,
            series=[Series(_("Incidents confirmed"), by_month)],
            kind="columns",
            label_heading=_("Month"),
        ),
    ]
    if table is not None:
        blocks.append(
            Table(
                title=_("Incidents confirmed, by zone and month"),
                description=_(
                    "Counts under 5, and the figures that would give them away, are hidden."
                ),
                table=table,
                label_heading=_("Zone"),
                total_heading=_("Total"),
            )
        )
    return blocks


register(Section("hotline", 30, lambda: _("Rapid response"), build))
