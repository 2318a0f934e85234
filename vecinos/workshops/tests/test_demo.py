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


def test_demo_leaves_seats_open_and_numbers_free_for_the_test_phone(db):
    from vecinos.zones import demo as zones_demo

    zones_demo.build()
    demo.build()

    coming = list(Workshop.objects.upcoming())
    # A newcomer who registers gets a seat somewhere; the waitlist still shows elsewhere.
    assert any(workshop.seats_left() >= 4 for workshop in coming)
    assert any(workshop.seats_left() == 0 for workshop in coming)
    assert Registration.objects.filter(status=Registration.Status.WAITLISTED).exists()

    free = set(zones_demo.FREE_FOR_TEST_PHONE)
    assert len(free) == 30 and "+12155550190" in free and "+14455550199" in free
    used = {m.phone for m in Member.objects.all()} | {r.phone for r in Registration.objects.all()}
    assert Member.objects.count() > 50
    assert not free & used
