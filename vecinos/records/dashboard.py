"""Records requests on the back office home: what is open and which deadlines come next."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vecinos.accounts.roles import Role, has_role
from vecinos.core.dashboard import Items, Link, add_panel
from vecinos.core.publicstats import Headline

from .services import one_per_filing

AHEAD = timedelta(days=21)


def blocks() -> list:
    today = timezone.localdate()
    requests = one_per_filing().select_related("law").prefetch_related("events")
    open_requests, coming, missed = 0, [], 0
    for records_request in requests:
        if records_request.status(today) == "closed":
            continue
        open_requests += 1
        for deadline in records_request.deadlines(today):
            if deadline.open(today) and deadline.due - today <= AHEAD:
                coming.append((deadline.due, records_request.title, deadline.label))
            elif deadline.missed(today):
                missed += 1
    coming.sort()
    return [
        Headline(_("open requests"), f"{open_requests:,}"),
        Headline(_("deadlines passed without the step"), f"{missed:,}"),
        Items(
            _("Deadlines in the next three weeks"),
            [f"{date_format(due, 'D N j')}: {label}, {title}" for due, title, label in coming],
            empty=_("No deadline in the next three weeks."),
        ),
    ]


def add_panels(request, panels) -> None:
    add_panel(
        panels,
        visible=has_role(request.user, Role.ADMIN, Role.RESEARCHER, Role.EDITOR),
        name="records",
        heading=_("Public-records requests"),
        order=140,
        build=blocks,
        links=lambda: [
            Link(_("All requests"), reverse("wagtailsnippets_records_recordsrequest:list")),
            Link(_("Requests as CSV"), reverse("records_admin:requests-csv")),
        ],
    )
