"""Test and bench helpers: two real zones, and samples for the privacy core's retention tests.

`import_city()` loads Passyunk Square and Point Breeze with their ward divisions from the real
shapes in vecinos/zones/data (the tests, the journey and the bench use them).

`vecinos/privacy/tests/test_retention.py` needs, for every registered shredder, a function
that makes a row at a moment and one that says whether its personal data is still there:

    "incident_locations": (make_located_incident, has_precise_location),
    "hotline_unverified": (make_unverified_incident, incident_exists),
    "closed_cases": (make_closed_case, case_names_family),
    "hotline_recordings": (make_recorded_report, has_recording),
"""

from django.core.files.base import ContentFile

from vecinos.zones.models import Block
from vecinos.zones.testing import load_zones

from .models import Case, Incident, Recording, Report


def import_city():
    """Import the two test zones and their blocks from the real shapes."""
    load_zones()


def block_with_neighbours(minimum: int = 3) -> Block:
    """Return a block of the test zones with at least `minimum` neighbors, the same each run."""
    for block in Block.objects.order_by("code"):
        if block.neighbours.count() >= minimum:
            return block
    raise AssertionError("no block with enough neighbors")


def make_located_incident(moment) -> Incident:
    incident = Incident.objects.create(point="39.9300,-75.1700", created_at=moment)
    Report.objects.create(incident=incident, channel="web", point="39.9300,-75.1700")
    return incident


def has_precise_location(incident: Incident) -> bool:
    incident.refresh_from_db()
    return bool(incident.point)


def make_unverified_incident(moment) -> Incident:
    incident = Incident.objects.create(
        state=Incident.State.FALSE_ALARM, created_at=moment, last_report_at=moment
    )
    Report.objects.create(incident=incident, channel="web", description="a rumour")
    return incident


def incident_exists(incident: Incident) -> bool:
    return Incident.objects.filter(pk=incident.pk).exists()


def make_recorded_report(moment) -> Report:
    """A confirmed incident's voice report with its recording stored."""
    incident = Incident.objects.create(
        state=Incident.State.CONFIRMED, created_at=moment, last_report_at=moment
    )
    report = Report.objects.create(incident=incident, channel="voice", received_at=moment)
    recording = Recording(report=report, size=4)
    recording.audio.save("voice.wav", ContentFile(b"RIFF"), save=False)
    recording.save()
    return report


def has_recording(report: Report) -> bool:
    return Recording.objects.filter(report_id=report.pk).exists()


def make_closed_case(moment) -> Case:
    return Case.objects.create(
        family="Familia del mercado", status=Case.Status.CLOSED, opened_at=moment, closed_at=moment
    )


def case_names_family(case: Case) -> bool:
    case.refresh_from_db()
    return bool(case.family)


def sample_wav(seconds: float = 1.0, frequency: float = 440.0) -> bytes:
    """A short tone as a WAV file (8 kHz, 16-bit mono, as a phone call is recorded), for
    the fake provider to hold as a caller's message."""
    import io
    import math
    import struct
    import wave

    rate = 8000
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        samples = (
            int(8000 * math.sin(2 * math.pi * frequency * n / rate))
            for n in range(int(rate * seconds))
        )
        out.writeframes(b"".join(struct.pack("<h", sample) for sample in samples))
    return buffer.getvalue()
