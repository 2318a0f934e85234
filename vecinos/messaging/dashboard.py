"""The outbox's health on the admins' back office home: what waits, what failed, how old."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from vecinos.accounts.roles import Role, has_role
from vecinos.core.charts import Chart, Series
from vecinos.core.dashboard import add_panel
from vecinos.core.publicstats import Headline

from .models import OutboundMessage

WAITING = (OutboundMessage.Status.QUEUED, OutboundMessage.Status.SENDING)


def blocks() -> list:
    now = timezone.now()
    since = now - timedelta(days=1)
    waiting = OutboundMessage.objects.filter(status__in=WAITING)
    oldest = waiting.aggregate(oldest=Min("created_at"))["oldest"]
    age = "–"
    if oldest is not None:
        minutes = max(int((now - oldest).total_seconds() // 60), 0)
        age = _("%(minutes)s min") % {"minutes": f"{minutes:,}"}
    statuses = dict(OutboundMessage.Status.choices)
    last_day = (
        OutboundMessage.objects.filter(created_at__gte=since)
        .values("status")
        .annotate(count=Count("pk"))
        .order_by("status")
    )
    rows = [(str(statuses.get(row["status"], row["status"])), row["count"]) for row in last_day]
    failed = OutboundMessage.objects.filter(
        status=OutboundMessage.Status.FAILED, finished_at__gte=since
    ).count()
    return [
        Headline(_("messages waiting"), f"{waiting.count():,}"),
        Headline(_("oldest waiting"), age),
        Headline(
            _("failed in the last 24 hours"),
            f"{failed:,}",
        ),
        Chart(
            title=_("Messages of the last 24 hours, by status"),
            description=_("Texts and e-mails written to the outbox in the last day."),
            labels=[label for label, _count in rows],
            series=[Series(_("Messages"), [count for _label, count in rows])],
            kind="bars",
            label_heading=_("Status"),
        ),
    ]


def add_panels(request, panels) -> None:
    add_panel(
        panels,
        visible=has_role(request.user, Role.ADMIN),
        name="outbox",
        heading=_("Outbox"),
        order=900,
        build=blocks,
    )
