"""Voice reports' recordings: fetched once from the provider, stored encrypted, deleted there.

A caller's message is filed with the address Twilio gave it (Report.recording_url). Right
after the report is committed a task fetches the audio, stores it encrypted like a photo
(Recording), deletes it at the provider and forgets the address. A provider that cannot answer
leaves the address in place, and the hotline's minute check tries again (`retry_recordings`),
so no recording stays at the provider, and none is fetched twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from vecinos.messaging import recordings as provider

from ..audit import AuditCode
from ..models import Recording, Report
from .base import record_event

logger = logging.getLogger(__name__)
# The hotline's minute check looks this far back for recordings still at the provider.
RETRY_WINDOW = timedelta(days=3)
MAX_RECORDING_BYTES = 20 * 1024 * 1024
EXTENSIONS = {"audio/mpeg": "mp3", "audio/wav": "wav", "audio/x-wav": "wav"}


def enqueue_fetch(report: Report) -> None:
    """Fetch the report's recording once the report is committed."""
    from ..tasks import fetch_recording_task

    report_id = str(report.pk)

    def enqueue() -> None:
        try:
            fetch_recording_task.enqueue(report_id)
        except Exception:
            # The minute check finds the recording still at the provider.
            logger.exception("Could not hand a recording to the task queue")

    transaction.on_commit(enqueue)


def store_recording(report: Report) -> Recording | None:
    """Fetch the report's recording, store it encrypted, delete it at the provider.

    Return the stored recording (None when there was nothing to fetch or the provider holds
    it no more). Raise messaging.recordings.RecordingUnavailable when the provider cannot
    answer now: the address stays, and the next try picks up where this one stopped.
    """
    report = Report.objects.select_related("incident").get(pk=report.pk)
    url = report.recording_url
    if not url:
        return Recording.objects.filter(report=report).first()
    recording = Recording.objects.filter(report=report).first()
    if recording is None:
        try:
            fetched = provider.fetch_recording(url)
        except provider.RecordingGone:
            fetched = None
        if fetched is not None and len(fetched.data) <= MAX_RECORDING_BYTES:
            recording = _save(report, fetched)
    # Deleted at the provider only once our copy is safely stored (or there is none to get).
    provider.delete_recording(url)
    report.recording_url = ""
    report.save(update_fields=["recording_url"])
    return recording


def _save(report: Report, fetched) -> Recording | None:
    extension = EXTENSIONS.get(fetched.content_type, "wav")
    try:
        with transaction.atomic():
            recording = Recording(
                report=report, content_type=fetched.content_type[:40], size=len(fetched.data)
            )
            recording.audio.save(f"voice.{extension}", ContentFile(fetched.data), save=False)
            recording.save()
            if report.incident is not None:
                record_event(
                    report.incident,
                    "recording.stored",
                    actor="system",
                    action=AuditCode.RECORDING_STORED,
                    target=recording,
                    audit_detail={"bytes": recording.size},
                    report=str(report.pk),
                )
    except IntegrityError:
        # Another worker stored it a moment ago.
        return Recording.objects.filter(report=report).first()
    return recording


def retry_recordings() -> int:
    """Fetch and delete the recordings a failed or lost task left at the provider; return
    how many reports were done."""
    since = timezone.now() - RETRY_WINDOW
    done = 0
    for report in Report.objects.filter(channel=Report.Channel.VOICE, received_at__gte=since):
        # Encrypted: whether an address is still there is read row by row.
        if not report.recording_url:
            continue
        try:
            store_recording(report)
        except provider.RecordingUnavailable:
            continue
        done += 1
    return done


def delete_recording_files(reports) -> int:
    """Delete the stored recordings of these reports (rows now, files after commit)."""
    rows = Recording.objects.filter(report__in=reports)
    storage = Recording._meta.get_field("audio").storage
    files = [name for name in rows.values_list("audio", flat=True) if name]
    count = rows.count()
    rows.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in files])
    return count
