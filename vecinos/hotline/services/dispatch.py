"""The dispatcher's work on an incident: pages, taking it, states, notes, merges, shifts.

Every new report pages the dispatcher on shift (text and e-mail, through the outbox); a page
nobody acknowledges within VECINOS_HOTLINE_ACK_MINUTES pages the backup (tasks.py). In a
burst (reports arriving within VECINOS_HOTLINE_PAGE_BURST_SECONDS of the dispatcher's last
page, as a flood of fake reports from many addresses would) the dispatcher is paged once with
a count when the burst is over, not once for each report (send_grouped_pages).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vecinos.core.audit import log_action
from vecinos.messaging import conversations
from vecinos.messaging.models import Channel
from vecinos.messaging.services import InvalidAddress, queue_message
from vecinos.zones.models import Block

from ..audit import STATE_CHANGED, AuditCode
from ..models import Dispatcher, DispatcherPage, Incident, Photo, Report, Shift, TimelineEntry
from .base import HotlineError, add_timeline, record_event

PAGE_FLOW = "rapidresponse.page"
# A page can be answered (OK) this long after it was sent.
PAGE_IDLE = timedelta(hours=1)
# Which state changes a dispatcher may make, from each state.
TRANSITIONS = {
    Incident.State.NEW: {
        Incident.State.VERIFYING,
        Incident.State.CONFIRMED,
        Incident.State.FALSE_ALARM,
        Incident.State.UNABLE,
        Incident.State.CLOSED,
    },
    Incident.State.VERIFYING: {
        Incident.State.CONFIRMED,
        Incident.State.FALSE_ALARM,
        Incident.State.UNABLE,
        Incident.State.CLOSED,
    },
    Incident.State.CONFIRMED: {Incident.State.CLOSED},
    Incident.State.FALSE_ALARM: {Incident.State.VERIFYING, Incident.State.CLOSED},
    Incident.State.UNABLE: {
        Incident.State.VERIFYING,
        Incident.State.CONFIRMED,
        Incident.State.CLOSED,
    },
    Incident.State.CLOSED: set(),
}
RESOLVED = (Incident.State.CONFIRMED, Incident.State.FALSE_ALARM, Incident.State.UNABLE)


def console_url(incident: Incident) -> str:
    """Return the full address of the incident's page in the dispatcher console."""
    with translation.override("en"):
        path = reverse("hotline_admin:incident", args=[incident.pk])
    return settings.PUBLIC_URL + path


def on_shift(moment: datetime | None = None) -> Shift | None:
    """Return the shift under way at `moment` (now), the latest-starting one if several."""
    return (
        Shift.objects.at(moment or timezone.now())
        .select_related("dispatcher__user", "backup__user")
        .order_by("-starts_at")
        .first()
    )


def _page(incident: Incident, dispatcher: Dispatcher, level: str, *, key: str) -> DispatcherPage:
    page = DispatcherPage.objects.create(incident=incident, dispatcher=dispatcher, level=level)
    context = {
        "reference": incident.reference,
        "block": incident.place,
        "reports": incident.reports.count(),
        "url": console_url(incident),
        "backup": level == DispatcherPage.Level.BACKUP,
    }
    sent = _text_and_mail(
        dispatcher,
        "hotline/page",
        context,
        lambda channel: f"hotline:page:{page.pk}:{channel}:{key}",
    )
    if dispatcher.phone in sent:
        # The dispatcher takes the incident by answering OK to the page (flows.py).
        conversations.start_conversation(
            dispatcher.phone,
            PAGE_FLOW,
            language=dispatcher.language,
            state={"incident": str(incident.pk), "dispatcher": str(dispatcher.pk)},
            idle=PAGE_IDLE,
        )
    add_timeline(incident, f"page.{level}", pages=len(sent))
    return page


def _text_and_mail(dispatcher: Dispatcher, template: str, context: dict, dedupe) -> list[str]:
    """Queue `template` to the dispatcher's phone and e-mail; return the addresses it went to.

    `dedupe(channel)` names each message, so a page run again is never sent twice.
    """
    sent = []
    for channel, address in (
        (Channel.SMS, dispatcher.phone),
        (Channel.EMAIL, dispatcher.user.email),
    ):
        if not address:
            continue
        try:
            message = queue_message(
                channel=channel,
                to=address,
                language=dispatcher.language,
                template=template,
                context=context,
                purpose="hotline_page",
                dedupe_key=dedupe(channel),
            )
        except InvalidAddress:
            continue
        if message is not None:
            sent.append(address)
    return sent


GROUPED = "page.grouped"


def burst_window() -> timedelta:
    return timedelta(seconds=settings.VECINOS_HOTLINE_PAGE_BURST_SECONDS)


def _paged_lately(dispatcher: Dispatcher, now: datetime) -> bool:
    return DispatcherPage.objects.filter(
        dispatcher=dispatcher,
        level=DispatcherPage.Level.PRIMARY,
        sent_at__gt=now - burst_window(),
    ).exists()


def page_dispatcher(incident: Incident, *, report: Report) -> DispatcherPage | None:
    """Page the dispatcher on shift about a new report; with nobody on shift, the backup.

    A report arriving within the burst window of the dispatcher's last page is not paged on
    its own: it waits on its incident's timeline for the one page with a count
    (send_grouped_pages, run each minute), so that a flood cannot bury the dispatcher's phone.
    """
    shift = on_shift()
    if shift is None:
        add_timeline(incident, "page.nobody_on_shift")
        return None
    if burst_window() and _paged_lately(shift.dispatcher, timezone.now()):
        add_timeline(incident, GROUPED, report=str(report.pk))
        return None
    return _page(incident, shift.dispatcher, DispatcherPage.Level.PRIMARY, key=str(report.pk))


def send_grouped_pages(now: datetime | None = None) -> int:
    """Page the dispatcher on shift once about the reports held back by a burst.

    Sent once the burst is over (no page for one window); each incident among them gets its
    page row, so that the backup is paged for it as for any other. Return the reports counted.
    """
    now = now or timezone.now()
    shift = on_shift(now)
    if shift is None or _paged_lately(shift.dispatcher, now):
        return 0
    with transaction.atomic():
        waiting = list(
            TimelineEntry.objects.select_for_update()
            .filter(kind=GROUPED, detail__paged__isnull=True)
            .select_related("incident")
            .order_by("at")
        )
        if not waiting:
            return 0
        dispatcher = shift.dispatcher
        incidents = {entry.incident_id: entry.incident for entry in waiting}
        pages = [
            DispatcherPage.objects.create(
                incident=incident, dispatcher=dispatcher, level=DispatcherPage.Level.PRIMARY
            )
            for incident in incidents.values()
        ]
        with translation.override("en"):
            url = settings.PUBLIC_URL + reverse("hotline_admin:console")
        context = {"reports": len(waiting), "incidents": len(incidents), "url": url}
        sent = len(
            _text_and_mail(
                dispatcher,
                "hotline/page_burst",
                context,
                lambda channel: f"hotline:page-burst:{pages[0].pk}:{channel}",
            )
        )
        for entry in waiting:
            entry.detail = {**entry.detail, "paged": str(pages[0].pk)}
            entry.save(update_fields=["detail"])
        for incident in incidents.values():
            add_timeline(incident, "page.primary", pages=sent, grouped=len(waiting))
    return len(waiting)


def ack_minutes() -> int:
    return settings.VECINOS_HOTLINE_ACK_MINUTES


def page_backups(now: datetime | None = None) -> int:
    """Page the backup for each incident whose page nobody acknowledged in time.

    Return how many backups were paged. Each incident pages its backup once.
    """
    now = now or timezone.now()
    waiting = Incident.objects.open().filter(
        acknowledged_at__isnull=True,
        pages__level=DispatcherPage.Level.PRIMARY,
        pages__sent_at__lte=now - timedelta(minutes=ack_minutes()),
    )
    waiting = waiting.exclude(pages__level=DispatcherPage.Level.BACKUP).distinct()
    paged = 0
    for incident in waiting:
        with transaction.atomic():
            shift = on_shift(now)
            backup = shift.backup if shift else None
            if backup is None:
                continue
            _page(incident, backup, DispatcherPage.Level.BACKUP, key="backup")
            paged += 1
    return paged


@transaction.atomic
def acknowledge_incident(incident: Incident, *, actor) -> Incident:
    """Mark the incident as taken by a dispatcher, which stops the backup page."""
    if incident.acknowledged_at is None:
        incident.acknowledged_at = timezone.now()
        incident.acknowledged_by = actor
        incident.save(update_fields=["acknowledged_at", "acknowledged_by"])
        record_event(
            incident, "incident.acknowledged", actor=actor, action=AuditCode.INCIDENT_ACKNOWLEDGED
        )
    return incident


@transaction.atomic
def change_state(incident: Incident, state: str, *, actor, note: str = "") -> Incident:
    """Move the incident to `state`, if that move is allowed, and record it on the timeline."""
    if state not in TRANSITIONS.get(incident.state, set()):
        raise HotlineError(_("An incident in this state cannot be changed that way."))
    now = timezone.now()
    incident.state = state
    fields = ["state"]
    if state == Incident.State.CONFIRMED and incident.confirmed_at is None:
        incident.confirmed_at = now
        fields.append("confirmed_at")
    if state in RESOLVED and incident.resolved_at is None:
        incident.resolved_at = now
        fields.append("resolved_at")
    if state == Incident.State.CLOSED:
        incident.closed_at = now
        fields.append("closed_at")
    if incident.acknowledged_at is None:
        incident.acknowledged_at = now
        incident.acknowledged_by = actor
        fields += ["acknowledged_at", "acknowledged_by"]
    incident.save(update_fields=fields)
    record_event(incident, f"state.{state}", actor=actor, action=STATE_CHANGED[state], note=note)
    return incident


@transaction.atomic
def add_note(incident: Incident, note: str, *, actor) -> TimelineEntry:
    """Add a dispatcher's note to the incident's timeline."""
    return record_event(
        incident, "note", actor=actor, action=AuditCode.INCIDENT_NOTE_ADDED, note=note.strip()
    )


@transaction.atomic
def set_block(incident: Incident, block: Block, *, actor) -> Incident:
    """Place an incident (reported by cross streets only) on its block."""
    incident.block = block
    incident.zone = block.zone
    incident.save(update_fields=["block", "zone"])
    record_event(
        incident, "incident.placed", actor=actor, action=AuditCode.INCIDENT_PLACED, block=block.pk
    )
    return incident


@transaction.atomic
def merge_incidents(target: Incident, others: list[Incident], *, actor) -> Incident:
    """Move the reports of `others` into `target`; the others point to it from then on."""
    moved = 0
    for other in others:
        if other.pk == target.pk:
            continue
        moved += Report.objects.filter(incident=other).update(incident=target)
        Photo.objects.filter(incident=other).update(incident=target)
        other.merged_into = target
        other.state = Incident.State.CLOSED
        other.closed_at = timezone.now()
        other.save(update_fields=["merged_into", "state", "closed_at"])
        add_timeline(other, "incident.merged_away", actor=actor, into=str(target.pk))
        add_timeline(target, "incident.merged", actor=actor, other=str(other.pk))
    latest = target.reports.order_by("-received_at").values_list("received_at", flat=True)
    if latest:
        target.last_report_at = max(target.last_report_at, latest[0])
        target.save(update_fields=["last_report_at"])
    log_action(actor, AuditCode.INCIDENT_MERGED, target, detail={"reports": moved})
    return target


@transaction.atomic
def split_report(report: Report, *, actor) -> Incident:
    """Take a report out of its incident into an incident of its own, and return that one."""
    old = report.incident
    if old is not None and old.reports.count() < 2:
        raise HotlineError(_("This is the only report of its incident."))
    incident = Incident.objects.create(
        block=report.block,
        zone=report.zone,
        point=report.point,
        agency=report.agency,
        last_report_at=report.received_at,
        acknowledged_at=timezone.now(),
        acknowledged_by=actor,
    )
    report.incident = incident
    report.save(update_fields=["incident"])
    Photo.objects.filter(report=report).update(incident=incident)
    if old is not None:
        add_timeline(old, "report.split_away", actor=actor, into=str(incident.pk))
    record_event(
        incident,
        "incident.split",
        actor=actor,
        action=AuditCode.INCIDENT_SPLIT,
        report=str(report.pk),
    )
    return incident


@transaction.atomic
def add_dispatcher(user, *, phone: str = "", language: str = "es", actor) -> Dispatcher:
    """Make a staff user pageable for shifts, or change their number and language."""
    from vecinos.privacy.blind_index import normalize_phone

    dispatcher, _created = Dispatcher.objects.get_or_create(user=user)
    dispatcher.phone = normalize_phone(phone) if phone else ""
    dispatcher.language = language
    dispatcher.save()
    log_action(actor, AuditCode.DISPATCHER_SAVED, dispatcher)
    return dispatcher


@transaction.atomic
def add_shift(
    dispatcher: Dispatcher,
    *,
    backup: Dispatcher | None,
    starts_at: datetime,
    ends_at: datetime,
    actor,
) -> Shift:
    """Put a dispatcher (and a backup) on call for a stretch of time."""
    if ends_at <= starts_at:
        raise HotlineError(_("A shift must end after it starts."))
    shift = Shift.objects.create(
        dispatcher=dispatcher, backup=backup, starts_at=starts_at, ends_at=ends_at
    )
    log_action(actor, AuditCode.SHIFT_ADDED, shift)
    return shift


@transaction.atomic
def set_summary(incident: Incident, summary: str, *, actor) -> Incident:
    """Write the dispatcher's summary of the incident (what happened, never who)."""
    incident.summary = summary.strip()
    incident.save(update_fields=["summary"])
    record_event(incident, "incident.summarized", actor=actor, action=AuditCode.INCIDENT_SUMMARIZED)
    return incident
