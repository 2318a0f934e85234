"""The hotline's intake: a report arrives and joins its incident.

A report joins an open incident when it is on the same block or a neighbouring one and came
within GROUPING_WINDOW of that incident's latest report; otherwise it opens a new incident.
Every new report pages the dispatcher on shift (dispatch.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from vecinos.privacy.photos import clean_photo
from vecinos.zones import geo
from vecinos.zones.models import Block, Zone

from ..audit import AuditCode
from ..models import Incident, Photo, Report
from .base import add_timeline, record_event
from .dispatch import page_dispatcher

# Reports this close in time (to the incident's latest) and place join the same incident.
GROUPING_WINDOW = timedelta(hours=2)
# States in which an incident still gathers reports.
GATHERING = (Incident.State.NEW, Incident.State.VERIFYING, Incident.State.CONFIRMED)


@dataclass
class NewReport:
    """What someone reported, already validated by a form, a text conversation or a call."""

    channel: str
    language: str = "es"
    agency: str = ""
    activity: str = ""
    agents: int | None = None
    vehicles: int | None = None
    description: str = ""
    latitude: float | None = None
    longitude: float | None = None
    cross_streets: str = ""
    block: Block | None = None
    zone: Zone | None = None
    seen_at: datetime | None = None
    recording_url: str = ""
    provider_key: str | None = None
    photos: list = field(default_factory=list)


def _point(latitude: float | None, longitude: float | None) -> str:
    if latitude is None or longitude is None:
        return ""
    # Five decimals is about a metre: as precise as a phone's position, no more.
    return f"{latitude:.5f},{longitude:.5f}"


def parse_point(point: str) -> tuple[float, float] | None:
    """Return (latitude, longitude) from a stored point, or None when there is none."""
    try:
        latitude, longitude = (float(part) for part in point.split(","))
    except (ValueError, AttributeError):
        return None
    return latitude, longitude


def find_incident_for(block: Block | None, moment: datetime) -> Incident | None:
    """Return the open incident a report on `block` at `moment` belongs to, if any."""
    if block is None:
        return None
    # The neighbours in a subquery of the same statement: one query for every report.
    neighbours = Block.neighbours.through.objects.filter(from_block=block).values("to_block")
    return (
        Incident.objects.open()
        .filter(Q(block=block) | Q(block__in=neighbours))
        .filter(state__in=GATHERING, last_report_at__gte=moment - GROUPING_WINDOW)
        .order_by("-last_report_at")
        .first()
    )


# No savepoint inside a caller's transaction (a public form's): whatever fails here fails
# the whole post, and two statements fewer.
@transaction.atomic(savepoint=False)
def submit_report(new: NewReport, *, actor="public") -> Report:
    """Record a report, put it in its incident (new or open nearby) and page the dispatcher.

    The block comes from the point when there is one, else from the block chosen from the
    lists; cross streets alone leave the block for the dispatcher to set.
    """
    now = timezone.now()
    block = new.block
    if new.latitude is not None and new.longitude is not None:
        block = geo.block_at(new.latitude, new.longitude) or block
    zone = block.zone if block else new.zone
    seen_at = min(new.seen_at or now, now)
    report = Report.objects.create(
        channel=new.channel,
        language=new.language,
        agency=new.agency,
        activity=new.activity,
        agents=new.agents,
        vehicles=new.vehicles,
        description=new.description.strip(),
        point=_point(new.latitude, new.longitude),
        cross_streets=new.cross_streets.strip(),
        zone=zone,
        block=block,
        seen_at=seen_at,
        received_at=now,
        recording_url=new.recording_url,
        provider_key=new.provider_key,
        entered_by=actor if getattr(actor, "pk", None) else None,
    )
    for upload in new.photos:
        add_photo(report, upload)
    incident = find_incident_for(block, now)
    if incident is None:
        incident = Incident.objects.create(
            block=block,
            zone=zone,
            point=report.point,
            agency=new.agency,
            created_at=now,
            last_report_at=now,
        )
        add_timeline(incident, "incident.opened")
    else:
        incident.last_report_at = now
        if not incident.point and report.point:
            incident.point = report.point
        incident.save(update_fields=["last_report_at", "point"])
    report.incident = incident
    report.save(update_fields=["incident"])
    Photo.objects.filter(report=report).update(incident=incident)
    record_event(
        incident,
        "report.received",
        actor=actor,
        action=AuditCode.REPORT_RECEIVED,
        target=report,
        audit_detail={"channel": report.channel},
        report=str(report.pk),
        channel=report.channel,
        photos=len(new.photos),
    )
    page_dispatcher(incident, report=report)
    if report.recording_url:
        from .recordings import enqueue_fetch

        enqueue_fetch(report)
    return report


def add_photo(report: Report, upload) -> Photo:
    """Store a photo re-encoded without metadata (EXIF, GPS), encrypted on disk."""
    cleaned = clean_photo(upload)
    photo = Photo(report=report, incident=report.incident, width=cleaned.width)
    photo.height = cleaned.height
    photo.image.save("photo.jpg", cleaned.content, save=False)
    photo.save()
    return photo
