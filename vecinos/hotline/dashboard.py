"""The hotline's panels on the back office home: the dispatcher's now, everyone's figures.

"Dispatch now" (dispatchers): open incidents, reports today, who is on shift and this month's
response times. "Hotline figures" (dispatchers and researchers, aggregates only): incidents
over time by zone, agency and activity; each step's median and 90th percentile per month; how
reports ended.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vecinos.accounts.roles import Role, has_role
from vecinos.core.charts import Chart, Series
from vecinos.core.dashboard import Items, Link, add_panel
from vecinos.core.periods import last_months, last_weeks, month_label, week_label, week_start
from vecinos.core.publicstats import Headline

from . import figures
from .models import Activity, Agency, Incident, Report, Shift

MONTHS = 6
WEEKS = 12


def step_labels() -> dict[str, str]:
    return {
        "to_accepted": _("first responder going"),
        "to_confirmed": _("confirmed"),
        "to_alerted": _("alert sent"),
        "to_delivered": _("last alert message accepted"),
    }


def _minutes(value: float | None) -> str:
    return "–" if value is None else _("%(minutes)s min") % {"minutes": f"{value:,.0f}"}


def dispatch_blocks() -> list:
    now = timezone.now()
    today = timezone.localdate()
    on_shift = Shift.objects.at(now).select_related("dispatcher__user", "backup__user")
    shift_lines = []
    for shift in on_shift:
        line = _("%(name)s until %(end)s") % {
            "name": shift.dispatcher.user.get_full_name() or shift.dispatcher.user.get_username(),
            "end": timezone.localtime(shift.ends_at).strftime("%H:%M"),
        }
        if shift.backup:
            line += " · " + _("backup: %(name)s") % {
                "name": shift.backup.user.get_full_name() or shift.backup.user.get_username()
            }
        shift_lines.append(line)
    this_month = last_months(1)
    times = figures.monthly_response_times(this_month)
    labels = step_labels()
    return [
        Headline(_("open incidents"), f"{Incident.objects.open().count():,}"),
        Headline(_("reports today"), f"{Report.objects.filter(received_at__date=today).count():,}"),
        Items(_("On shift now"), shift_lines, empty=_("Nobody is on shift right now.")),
        Items(
            _("Response times this month (median, 90th percentile)"),
            [
                f"{labels[step]}: {_minutes(times[step][0][0])}, {_minutes(times[step][0][1])}"
                for step in figures.STEPS
            ],
        ),
    ]


def figures_blocks() -> list:
    months = last_months(MONTHS)
    weeks = last_weeks(WEEKS)
    start = months[0]
    weekly = {week: 0 for week in weeks}
    for created in figures.incidents_since(weeks[0]).values_list("created_at", flat=True):
        week = week_start(timezone.localtime(created).date())
        if week in weekly:
            weekly[week] += 1
    from vecinos.zones.models import Zone

    zones = dict(Zone.objects.values_list("pk", "name"))
    by_zone = figures.counts_by("zone", start, zones)
    by_agency = figures.counts_by("agency", start, dict(Agency.choices))
    by_activity = figures.incidents_by_activity(start, dict(Activity.choices))
    outcomes = figures.outcome_shares(start)
    decided = sum(count for _label, count in outcomes)
    times = figures.monthly_response_times(months)
    labels = step_labels()
    month_labels = [month_label(month) for month in months]
    blocks = [
        Chart(
            title=_("Incidents opened per week"),
            description=_("Every incident the hotline opened, by the week it was opened."),
            labels=[week_label(week) for week in weeks],
            series=[Series(_("Incidents"), list(weekly.values()))],
            kind="columns",
            label_heading=_("Week of"),
        ),
        Chart(
            title=_("Incidents by zone, last six months"),
            description=_("Incidents opened in each zone since %(month)s.")
            % {"month": month_labels[0]},
            labels=[label for label, _count in by_zone],
            series=[Series(_("Incidents"), [count for _label, count in by_zone])],
            kind="bars",
            label_heading=_("Zone"),
        ),
        Chart(
            title=_("Incidents by agency, last six months"),
            description=_("The agency the first reports named."),
            labels=[label for label, _count in by_agency],
            series=[Series(_("Incidents"), [count for _label, count in by_agency])],
            kind="bars",
            label_heading=_("Agency"),
        ),
        Chart(
            title=_("Incidents by activity, last six months"),
            description=_("What the reports said was happening; an incident may count under two."),
            labels=[label for label, _count in by_activity],
            series=[Series(_("Incidents"), [count for _label, count in by_activity])],
            kind="bars",
            label_heading=_("Activity"),
        ),
        Chart(
            title=_("How reports ended, last six months"),
            description=_("Confirmed, false alarm or unable to verify, with each one's share."),
            labels=[
                f"{label} ({round(100 * count / decided) if decided else 0}%)"
                for label, count in outcomes
            ],
            series=[Series(_("Incidents"), [count for _label, count in outcomes])],
            kind="bars",
            label_heading=_("Outcome"),
        ),
        Chart(
            title=_("Minutes from the first report, median per month"),
            description=_("For each month, the median minutes from the first report to each step."),
            labels=month_labels,
            series=[
                Series(labels[step], [median for median, _p90 in times[step]])
                for step in figures.STEPS
            ],
            kind="lines",
            label_heading=_("Month"),
        ),
        Chart(
            title=_("Minutes from the first report, 90th percentile per month"),
            description=_("Nine incidents in ten reached each step within these minutes."),
            labels=month_labels,
            series=[
                Series(labels[step], [p90 for _median, p90 in times[step]])
                for step in figures.STEPS
            ],
            kind="lines",
            label_heading=_("Month"),
        ),
    ]
    return blocks


def add_panels(request, panels) -> None:
    add_panel(
        panels,
        visible=has_role(request.user, Role.ADMIN, Role.DISPATCHER),
        name="hotline-now",
        heading=_("Dispatch now"),
        order=100,
        build=dispatch_blocks,
        links=lambda: [
            Link(_("Console"), reverse("hotline_admin:console")),
            Link(_("Shifts"), reverse("hotline_admin:shifts")),
        ],
    )
    add_panel(
        panels,
        visible=has_role(request.user, Role.ADMIN, Role.DISPATCHER, Role.RESEARCHER),
        name="hotline-figures",
        heading=_("Hotline figures"),
        order=110,
        build=figures_blocks,
        links=lambda: [
            Link(_("Incidents as CSV, without people"), reverse("hotline_admin:incidents-csv"))
        ],
    )
