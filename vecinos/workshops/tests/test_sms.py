"""Workshops by text: TALLER/WORKSHOP, and the answer to a reminder."""

import uuid
from datetime import timedelta

from vecinos.messaging.inbound import handle_inbound_sms
from vecinos.messaging.models import Conversation
from vecinos.messaging.sms_length import count_segments
from vecinos.messaging.tests.test_sms_templates import declaration
from vecinos.workshops import services
from vecinos.workshops.models import Registration

from .conftest import MEMBER_PHONE, OTHER_PHONE, PHONE, make_workshop, messages_to


def text(body, phone=PHONE):
    return handle_inbound_sms(phone, body, f"SM{uuid.uuid4().hex}")


def test_taller_lists_workshops_and_registers_in_three_answers(topic):
    first = make_workshop(topic, days=2)
    make_workshop(topic, days=9)

    text("Taller")
    assert messages_to(PHONE)[-1].startswith("Proximos talleres. Responda con un numero")
    assert "1) " in messages_to(PHONE)[-1] and "2) " in messages_to(PHONE)[-1]
    text("1")
    assert "nombre" in messages_to(PHONE)[-1]
    text("Chela")
    assert "Cuantas" in messages_to(PHONE)[-1]
    text("4")

    registration = Registration.objects.get()
    assert (registration.workshop, registration.name, registration.family_size) == (
        first,
        "Chela",
        4,
    )
    assert registration.source == Registration.Source.SMS
    assert registration.language == "es"
    assert "esta inscrito" in messages_to(PHONE)[-1]
    assert not Conversation.objects.exists()


def test_workshop_in_english_skips_the_name_of_a_member(topic, member):
    make_workshop(topic)

    text("WORKSHOP", phone=MEMBER_PHONE)
    text("1", phone=MEMBER_PHONE)
    assert "How many people" in messages_to(MEMBER_PHONE)[-1]
    text("2", phone=MEMBER_PHONE)

    registration = Registration.objects.get()
    assert registration.member == member
    assert registration.language == "en"


def test_a_wrong_number_asks_again(topic):
    make_workshop(topic)
    text("TALLER")
    text("7")
    assert messages_to(PHONE)[-1].startswith("Responda con el numero de un taller")


def test_no_upcoming_workshop_says_so(db):
    text("TALLER")
    assert "no hay talleres" in messages_to(PHONE)[-1]


def _remind(workshop):
    services.send_due_reminders(workshop.starts_at - timedelta(hours=23))


def test_reply_2_to_a_reminder_frees_the_seat_and_promotes_the_waitlist(topic):
    workshop = make_workshop(topic, capacity=1)
    seated = services.register_for_workshop(
        workshop, services.Registrant(name="Lupe", language="es", phone=PHONE), source="web"
    )
    waiting = services.register_for_workshop(
        workshop,
        services.Registrant(name="Ana", language="en", phone=OTHER_PHONE),
        source="web",
    )
    _remind(workshop)

    text("2")

    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert seated.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    assert "quedo cancelado" in messages_to(PHONE)[-1]
    assert "a seat freed up" in messages_to(OTHER_PHONE)[-1]


def test_reply_1_confirms_and_any_other_text_is_handled_as_usual(topic):
    workshop = make_workshop(topic)
    registration = services.register_for_workshop(
        workshop, services.Registrant(name="Lupe", language="es", phone=PHONE), source="web"
    )
    _remind(workshop)
    text("1")
    assert messages_to(PHONE)[-1] == "¡Gracias, nos vemos alli!"

    # The two-hour reminder opens the conversation again.
    services.send_due_reminders(workshop.starts_at - timedelta(hours=1))
    text("TALLER")  # not an answer: the workshop list, as without a reminder
    assert "1) " in messages_to(PHONE)[-1]
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_messages_with_real_values_fit_their_segments(topic):
    workshop = make_workshop(
        topic,
        title_es="Taller de derechos para inquilinos y trabajadores del sur de Filadelfia",
        place="Salón parroquial de Santo Tomás de Aquino, entrada por la calle Morris",
    )
    registration = services.register_for_workshop(
        workshop, services.Registrant(name="Lupe", language="es", phone=PHONE), source="web"
    )
    _remind(workshop)
    services.cancel_registration(registration)
    for body, name in zip(messages_to(PHONE), ["confirmed", "reminder", "cancelled"], strict=True):
        limit = declaration(f"workshops/sms/{name}.txt")
        assert count_segments(body).segments <= limit, body


def test_the_list_of_four_long_titles_fits_two_segments_in_gsm7(topic):
    for days in (2, 3, 4, 5):
        make_workshop(
            topic, days=days, title_es="Cómo defender a su familia y a sus vecinos en una redada"
        )

    text("TALLER")

    body = messages_to(PHONE)[-1]
    assert body.count(") ") == 4
    info = count_segments(body)
    assert (info.encoding, info.segments) == ("GSM-7", 2)


def test_the_menu_writes_an_apostrophe_not_an_html_entity(db):
    from vecinos.workshops.models import Topic

    workers = Topic.objects.create(name_en="Workers' rights", name_es="Derechos laborales")
    make_workshop(workers, place='Women\'s center "La Casa"', address="9th & Tasker")

    text("WORKSHOP")
    menu = messages_to(PHONE)[-1]
    assert "Workers' rights" in menu
    assert "&#x27;" not in menu and "&amp;" not in menu and "&quot;" not in menu
    text("1")
    text("Ana")
    text("1")
    confirmed = messages_to(PHONE)[-1]
    assert "&" not in confirmed.replace("9th & Tasker", "")
