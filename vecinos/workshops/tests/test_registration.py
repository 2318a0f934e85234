from datetime import timedelta

import pytest
from django.utils import timezone

from vecinos.core.models import AuditEntry
from vecinos.messaging.models import Channel, OutboundMessage
from vecinos.workshops import services
from vecinos.workshops.models import Registration, TrainingRecord
from vecinos.zones.models import Member

from .conftest import MEMBER_PHONE, OTHER_PHONE, PHONE, make_workshop, messages_to


def person(name="Lupe", phone=PHONE, family=1, language="es", email=""):
    return services.Registrant(
        name=name, language=language, phone=phone, email=email, family_size=family
    )


def test_register_confirms_a_seat_and_texts_the_code_in_spanish(workshop):
    registration = services.register_for_workshop(workshop, person(family=3), source="web")

    assert registration.status == Registration.Status.CONFIRMED
    assert registration.family_size == 3
    assert workshop.seats_taken() == 3
    [body] = messages_to(PHONE)
    assert "Derechos de vivienda" in body
    assert services.checkin_code(registration) in body
    assert services.ticket_token(registration) in body
    entry = AuditEntry.objects.filter(action="workshops.registration.created").get()
    assert entry.detail == {"source": "web", "status": "confirmed", "member": False}


def test_register_stores_name_and_phone_encrypted_and_finds_by_blind_index(workshop):
    registration = services.register_for_workshop(workshop, person(), source="web")
    raw = Registration.objects.filter(pk=registration.pk).values("name", "phone").get()

    assert "Lupe" not in raw["name"]
    assert PHONE not in raw["phone"]
    again = services.register_for_workshop(workshop, person(phone="(215) 555-0177"), source="web")
    assert again.pk == registration.pk
    assert Registration.objects.count() == 1


def test_an_email_registrant_gets_an_email_in_english(workshop):
    services.register_for_workshop(
        workshop, person(phone="", email="Ana@Example.org", language="en"), source="web"
    )

    message = OutboundMessage.objects.get()
    assert message.channel == Channel.EMAIL
    assert message.to_address == "ana@example.org"
    assert message.subject == "You are registered: Housing rights"


def test_a_zone_member_is_linked_by_phone(workshop, member):
    registration = services.register_for_workshop(
        workshop, person(phone="215-555-0142"), source="web"
    )

    assert registration.member == member
    assert registration.zone == member.zone


def test_registering_can_join_a_zone_at_the_same_time(workshop, zones):
    zone = zones["Point Breeze"]
    registration = services.register_for_workshop(workshop, person(), source="web", join_zone=zone)

    joined = Member.objects.get()
    assert registration.member == joined
    assert (joined.zone, joined.status) == (zone, Member.Status.PENDING)
    assert registration.zone == zone


def test_a_full_workshop_puts_the_family_on_the_waitlist(topic):
    workshop = make_workshop(topic, capacity=3)
    services.register_for_workshop(workshop, person(phone=OTHER_PHONE, family=3), source="web")

    waiting = services.register_for_workshop(workshop, person(), source="web")

    assert waiting.status == Registration.Status.WAITLISTED
    assert "lista de espera" in messages_to(PHONE)[0]


def test_without_a_waitlist_a_full_workshop_refuses(topic):
    workshop = make_workshop(topic, capacity=1, waitlist=False)
    services.register_for_workshop(workshop, person(phone=OTHER_PHONE), source="web")

    with pytest.raises(services.WorkshopFull):
        services.register_for_workshop(workshop, person(), source="web")


def test_a_past_or_draft_workshop_refuses(topic):
    past = make_workshop(topic, days=-1)
    with pytest.raises(services.RegistrationClosed):
        services.register_for_workshop(past, person(), source="web")


def test_cancelling_promotes_the_waitlist_in_order_and_tells_them(topic):
    workshop = make_workshop(topic, capacity=2)
    seated = services.register_for_workshop(
        workshop, person(phone=OTHER_PHONE, family=2), source="web"
    )
    too_big = services.register_for_workshop(
        workshop, person(phone="+12155550111", family=3), source="web"
    )
    waiting = services.register_for_workshop(workshop, person(family=2), source="web")

    services.cancel_registration(seated)

    too_big.refresh_from_db()
    waiting.refresh_from_db()
    assert too_big.status == Registration.Status.WAITLISTED
    assert waiting.status == Registration.Status.CONFIRMED
    assert waiting.promoted_at is not None
    assert "se libero un lugar" in messages_to(PHONE)[-1]
    assert len(messages_to(OTHER_PHONE)) == 2  # confirmation, then cancellation


def test_reminders_go_a_day_and_two_hours_before_each_once(topic):
    workshop = make_workshop(topic, days=3)
    registration = services.register_for_workshop(workshop, person(), source="web")
    start = workshop.starts_at

    assert services.send_due_reminders(start - timedelta(hours=30)) == 0
    assert services.send_due_reminders(start - timedelta(hours=23)) == 1
    assert services.send_due_reminders(start - timedelta(hours=22)) == 0
    assert services.send_due_reminders(start - timedelta(hours=1, minutes=50)) == 1
    assert services.send_due_reminders(start + timedelta(minutes=5)) == 0

    registration.refresh_from_db()
    assert registration.reminded() == {24, 2}
    reminders = [body for body in messages_to(PHONE) if "Responda 2 si" in body]
    assert len(reminders) == 2


def test_check_in_records_training_and_makes_a_responder(responder_topic, member):
    workshop = make_workshop(responder_topic, zone=member.zone)
    registration = services.register_for_workshop(
        workshop, person(phone=MEMBER_PHONE), source="web"
    )

    services.check_in_registration(registration, actor="system")

    member.refresh_from_db()
    assert member.role == Member.Role.RESPONDER
    assert member.trained_at is not None
    assert member.training_expires_at > timezone.now() + timedelta(days=360)
    record = TrainingRecord.objects.get()
    assert (record.member, record.topic, record.workshop) == (member, responder_topic, workshop)
    assert Member.objects.responders().filter(zone=member.zone).get() == member


def test_other_topics_record_training_without_changing_the_role(workshop, member):
    registration = services.register_for_workshop(
        workshop, person(phone=MEMBER_PHONE), source="web"
    )

    services.check_in_registration(registration, actor="system")

    member.refresh_from_db()
    assert member.role == Member.Role.MEMBER
    assert TrainingRecord.objects.get().topic == workshop.topic


def test_walk_in_is_checked_in_and_linked(workshop, member):
    registration = services.add_walk_in(
        workshop, person(phone=MEMBER_PHONE, family=2), actor="system"
    )

    assert registration.attended
    assert registration.source == Registration.Source.WALK_IN
    assert registration.member == member


def test_checkin_code_and_ticket_find_the_registration_of_that_workshop_only(topic, workshop):
    registration = services.register_for_workshop(workshop, person(), source="web")
    other = make_workshop(topic, days=5)

    code = services.checkin_code(registration)
    assert services.find_by_code(workshop, code.lower()) == registration
    assert services.find_by_code(workshop, services.ticket_token(registration)) == registration
    with pytest.raises(services.InvalidTicket):
        services.find_by_code(other, code)
    with pytest.raises(services.InvalidTicket):
        services.find_by_code(other, services.ticket_token(registration))
    forged = services.ticket_token(registration)[:-3] + "AAA"
    with pytest.raises(services.InvalidTicket):
        services.registration_for_ticket(forged)


def test_follow_up_reaches_only_its_audience_once(topic):
    workshop = make_workshop(topic)
    came = services.register_for_workshop(
        workshop, person(phone=OTHER_PHONE, language="en"), source="web"
    )
    services.register_for_workshop(workshop, person(), source="web")
    services.check_in_registration(came, actor="system")
    body = {"en": "Thanks for coming! Survey: https://example.org/s", "es": "¡Gracias! Encuesta"}

    assert services.send_followup(workshop, audience="attended", body=body, actor=None) == 1
    assert services.send_followup(workshop, audience="attended", body=body, actor=None) == 0
    assert messages_to(OTHER_PHONE)[-1] == body["en"]
    assert services.send_followup(workshop, audience="missed", body=body, actor=None) == 1
    assert messages_to(PHONE)[-1] == body["es"]
