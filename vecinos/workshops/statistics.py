"""Workshops' public figures: families trained, by zone and month, with small counts hidden.

The chart by month, the table by zone and month and the headline total are one protected
table: the chart shows the table's column totals and the headline its grand total, so a figure
hidden in one place is hidden everywhere.
"""

from django.utils.translation import gettext as _

from vecinos.core.charts import Chart, Series
from vecinos.core.disclosure import Cell, protect_table
from vecinos.core.periods import month_label
from vecinos.core.publicstats import Headline, Section, Table, register

from .figures import families_by_zone_month

MONTHS = 6


def build() -> list:
    months, zones, counts = families_by_zone_month(MONTHS)
    labels = [month_label(month) for month in months]
    if zones:
        table = protect_table(zones, labels, counts)
        total, by_month = table.total, table.column_totals
    else:
        table, total, by_month = None, Cell(0), [Cell(0) for _month in months]
    blocks = [
        Headline(_("families trained in the last six months"), total),
        Chart(
            title=_("Families trained, by month"),
            description=_("Families that attended a Know Your Rights workshop each month."),
            labels=labels,
            series=[Series(_("Families"), by_month)],
            kind="columns",
            label_heading=_("Month"),
        ),
    ]
    if table is not None:
        blocks.append(
            Table(
                title=_("Families trained, by zone and month"),
                description=_(
                    "Counts under 5, and the figures that would give them away, are hidden."
                ),
                table=table,
                label_heading=_("Zone"),
                total_heading=_("Total"),
            )
        )
    return blocks


register(Section("workshops", 20, lambda: _("Know Your Rights workshops"), build))
