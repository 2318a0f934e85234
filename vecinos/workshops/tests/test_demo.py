from vecinos.workshops import demo
from vecinos.workshops.models import Registration, Topic, TrainingRecord, Workshop
from vecinos.zones.models import Member

from .conftest import make_member


def test_demo_without_zones_makes_workshops_and_links_nobody(db):
    counts = demo.build()

    assert counts["workshops"] == Workshop.objects.count() == 9
    assert Workshop.objects.upcoming().count() == 4
    assert Registration.objects.filter(attended_at__isnull=False).exists()
    assert not Registration.objects.filter(member__isnull=False).exists()
    assert demo.build() == {"workshops": 0, "registrations": 0}
    assert Topic.objects.count() == 4


def test_demo_attendance_feeds_the_zone_coverage(zones):
    blocks = list(zones["Passyunk Square"].blocks.order_by("code")[:8])
    for number, block in enumerate(blocks):
        make_member(block, phone=f"+1215555{170 + number:04d}", name=f"Vecina {number}")

    demo.build()

    assert TrainingRecord.objects.exists()
    trained = Member.objects.responders().filter(zone=zones["Passyunk Square"])
    assert trained.exists()
