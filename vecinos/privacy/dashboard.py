"""Retention on the admins' back office home: the legal hold, what is due, the last runs."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vecinos.accounts.roles import Role, has_role
from vecinos.core.dashboard import Items, add_panel
from vecinos.core.models import AuditEntry
from vecinos.core.publicstats import Headline

from .audit import AuditCode
from .models import LegalHold
from .retention import run_shredders

RUNS = 5


def blocks() -> list:
    held = LegalHold.is_on()
    due = run_shredders(dry_run=True)
    runs = AuditEntry.objects.filter(action=AuditCode.RETENTION_SHREDDED).order_by("-seq")[:RUNS]
    lines = []
    for run in runs:
        counts = ", ".join(f"{name} {count}" for name, count in sorted(run.detail.items()) if count)
        lines.append(f"{date_format(timezone.localtime(run.created), 'DATETIME_FORMAT')}: {counts}")
    return [
        Headline(_("legal hold"), _("on") if held else _("off")),
        Headline(_("rows due for deletion now"), f"{due.total:,}"),
        Items(
            _("Last retention runs that deleted something"),
            lines,
            empty=_("No retention run has deleted anything yet."),
        ),
    ]


def add_panels(request, panels) -> None:
    add_panel(
        panels,
        visible=has_role(request.user, Role.ADMIN),
        name="retention",
        heading=_("Retention"),
        order=910,
        build=blocks,
    )
