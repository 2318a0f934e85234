"""Retention, erasure and export of registrations; broadcast audiences; figures survive."""

from datetime import timedelta

from django.utils import timezone

from vecinos.broadcasts import segments
from vecinos.privacy.erasure import erase_person, export_person
from vecinos.privacy.retention import run_shredders
from vecinos.workshops import figures, services
from vecinos.workshops.models import Registration, TrainingRecord, Workshop

from .conftest import MEMBER_PHONE, OTHER_PHONE, PHONE, make_workshop


def register(workshop, phone=PHONE, family=1, name="Lupe"):
    return services.register_for_workshop(
        workshop,
        services.Registrant(name=name, language="es", phone=phone, family_size=family),
        source="web",
    )


def finish(workshop, days_ago):
    start = timezone.now() - timedelta(days=days_ago)
    Workshop.objects.filter(pk=workshop.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=2)
    )


def test_details_are_blanked_thirty_days_after_the_workshop_and_counts_stay(topic, zones):
    old = make_workshop(topic, zone=zones["Point Breeze"])
    recent = make_workshop(topic)
    came = register(old, family=3)
    register(recent, phone=OTHER_PHONE)
    services.check_in_registration(came, actor="system")
    finish(old, 31)
    finish(recent, 29)

    report = run_shredders()

    assert report.counts["workshop_registrations"] == 1
    came.refresh_from_db()
    assert (came.name, came.phone, came.phone_index, came.member) == ("", "", None, None)
    assert came.purged_at is not None
    assert Registration.objects.get(workshop=recent).name == "Lupe"
    [row] = figures.by_zone()
    assert (row.label, row.families, row.people) == ("Point Breeze", 1, 3)


def test_export_and_erase_a_person_by_phone(workshop):
    register(workshop)

    exported = export_person(phone=PHONE)
    assert exported["records"]["workshop_registrations"][0]["name"] == "Lupe"

    counts = erase_person(phone=PHONE)
    assert counts["workshop_registrations"] == 1
    assert Registration.objects.get().phone == ""


def test_erasing_a_member_keeps_the_anonymous_registration(responder_topic, member):
    from vecinos.zones import services as zones

    workshop = make_workshop(responder_topic)
    registration = register(workshop, phone=MEMBER_PHONE)
    services.check_in_registration(registration, actor="system")

    zones.erase_member(member)

    registration.refresh_from_db()
    assert registration.member is None
    assert not TrainingRecord.objects.exists()


def test_segments_name_recipients_by_id_only(topic, responder_topic, member):
    workshop = make_workshop(topic)
    came = register(workshop)
    register(workshop, phone=OTHER_PHONE, name="Ana")
    services.check_in_registration(came, actor="system")
    training = make_workshop(responder_topic)
    services.check_in_registration(register(training, phone=MEMBER_PHONE), actor="system")

    registrants = segments.resolve("workshop_registrants", {"option": workshop.pk}, channel="sms")
    attendees = segments.resolve("workshop_attendees", {"option": workshop.pk}, channel="sms")
    trained = segments.resolve("trained_in_topic", {"option": responder_topic.pk}, channel="sms")

    assert sorted(r.address for r in registrants) == sorted([PHONE, OTHER_PHONE])
    assert [r.address for r in attendees] == [PHONE]
    assert [(r.key, r.address) for r in trained] == [(f"member:{member.pk}", MEMBER_PHONE)]
    assert all(r.key.startswith("registration:") for r in registrants)


def test_no_show_rate_leaves_out_walk_ins(topic):
    workshop = make_workshop(topic)
    came = register(workshop)
    register(workshop, phone=OTHER_PHONE)
    services.check_in_registration(came, actor="system")
    services.add_walk_in(workshop, services.Registrant(name="Beto", language="es"), actor="system")
    finish(workshop, 1)

    counts = figures.no_shows()
    assert (counts.expected, counts.came, counts.missed, counts.rate) == (2, 1, 1, 0.5)
    months = figures.by_month()
    assert len(months) == 12
    assert months[-1].families + months[-2].families == 2
