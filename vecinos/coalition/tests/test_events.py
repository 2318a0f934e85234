"""Events: RSVPs on the web and by reply to a text, capacity, reminders, ICS, head count."""

from datetime import timedelta

import pytest
import requests
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar
from twilio.request_validator import RequestValidator

from vecinos.broadcasts import segments
from vecinos.broadcasts.segments import Recipient
from vecinos.coalition.models import Rsvp
from vecinos.coalition.services import events
from vecinos.coalition.shredders import event_rsvps
from vecinos.coalition.testing import make_event
from vecinos.content.testing import make_homes
from vecinos.messaging.models import OutboundMessage

TOKEN = "test-auth-token-0123456789abcdef"
ANA = "+12155550101"
BETO = "+12155550102"


def rsvp_url(page):
    with translation.override(page.locale.language_code):
        return reverse("coalition:event-rsvp", kwargs={"page_id": page.pk})


def texts_to(address):
    return [
        m.body
        for m in OutboundMessage.objects.order_by("created_at", "pk")
        if m.to_address == address
    ]


@pytest.mark.django_db
def test_the_page_shows_place_access_and_child_care_in_its_language(client, homes):
    event = make_event(homes, capacity=40)
    text = client.get(event["es"].url).text
    assert "Parque Mifflin Square, S 5th St y W Ritner St" in text
    assert "Un grupo a paso lento" in text and "Cuidado de niños" in text
    assert "0 personas · 40 lugares disponibles" in text
    assert rsvp_url(event["es"]) == f"/es/eventos/{event['es'].pk}/responder/"


@pytest.mark.django_db
def test_web_rsvps_fill_the_capacity_and_a_repeat_changes_nothing(client, homes):
    event = make_event(homes, capacity=3)
    page = event["en"]
    client.post(rsvp_url(page), {"answer": "yes", "phone": "215-555-0101", "party_size": "2"})
    client.post(rsvp_url(page), {"answer": "yes", "email": "b@example.org", "party_size": "2"})
    ana, beto = Rsvp.objects.order_by("answered_at")
    assert (ana.waitlisted, beto.waitlisted) == (False, True)
    assert "2 people · 1 place left" in client.get(page.url).text
    # Someone else typing Ana's phone cannot change her answer, and gets the same page.
    first = client.post(rsvp_url(page), {"answer": "no", "phone": "2155550101", "party_size": "1"})
    assert first["Location"] == f"/en/events/{page.pk}/answered/"
    ana.refresh_from_db()
    assert ana.answer == "yes"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"answer": "yes"},
        {"answer": "perhaps", "phone": ANA},
        {"answer": "yes", "phone": "1"},
        {"answer": "yes", "phone": ANA, "party_size": "999"},
        {"answer": "yes", "phone": ANA, "party_size": "x"},
    ],
)
def test_hostile_rsvps_are_answered_in_the_form(client, homes, data):
    event = make_event(homes)
    assert client.post(rsvp_url(event["es"]), data).status_code == 400
    assert Rsvp.objects.count() == 0


@pytest.mark.django_db
def test_the_calendar_file(client, homes, settings):
    settings.PUBLIC_URL = "https://vecinos.example"
    event = make_event(homes)
    with translation.override("es"):
        url = reverse("coalition:event-ics", kwargs={"page_id": event["es"].pk})
    response = client.get(url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    [entry] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(entry["summary"]) == "Marcha a la alcaldía"
    assert str(entry["location"]) == "Parque Mifflin Square, S 5th St y W Ritner St"
    assert entry["dtstart"].dt == event["es"].starts_at.replace(microsecond=0)
    assert "Cuidado de niños" in str(entry["description"])


@pytest.mark.django_db
def test_rsvp_contacts_go_after_the_event_and_the_counts_stay(homes, organizer_client):
    event = make_event(homes, days=-5)
    Rsvp.objects.create(
        event_key=event["en"].translation_key, answer="yes", phone=ANA, name="Ana", source="web"
    )
    url = reverse("coalition_admin:event-count", kwargs={"pk": event["en"].pk})
    organizer_client.post(url, {"head_count": "212"})
    assert event_rsvps.shred(event_rsvps.due(timezone.now())) == 1
    [row] = Rsvp.objects.all()
    assert (row.answer, row.phone, row.name) == ("yes", "", "")
    counts = events.event_counts(event["en"])
    assert (counts["yes"], counts["head_count"]) == (1, 212)


def sms(base, body, sender, sid):
    url = f"{base}/hooks/twilio/sms/"
    params = {
        "MessageSid": sid,
        "SmsSid": sid,
        "AccountSid": "AC" + "0" * 32,
        "From": sender,
        "To": "+12155550100",
        "Body": body,
        "NumMedia": "0",
    }
    signature = RequestValidator(TOKEN).compute_signature(url, params)
    return requests.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=10)


@pytest.mark.django_db(transaction=True)
def test_rsvp_by_reply_then_a_reminder_then_a_no_frees_the_seat(live_server, settings):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.PUBLIC_URL = live_server.url
    event = make_event(make_homes(), days=3, capacity=1)["en"]
    people = [Recipient("member:a", "sms", ANA, "es"), Recipient("member:b", "sms", BETO, "en")]
    segments.register_segment("test_invitees", "Test invitees", lambda params: people)
    try:
        invitation = events.invite_to_event(
            event, segment="test_invitees", params={}, channel="sms", actor="system"
        )
    finally:
        segments.unregister_segment("test_invitees")
    assert (invitation.status, invitation.queued) == ("sent", 2)
    assert "Responda 1 si, 2 no, 3 quizas." in texts_to(ANA)[0]
    assert sms(live_server.url, "Sí", ANA, "SM" + "1" * 32).status_code == 200
    assert sms(live_server.url, "1", BETO, "SM" + "2" * 32).status_code == 200
    ana = Rsvp.objects.get(language="es")
    beto = Rsvp.objects.get(language="en")
    assert (ana.answer, ana.waitlisted, beto.waitlisted) == ("yes", False, True)
    assert "lista de espera" not in texts_to(ANA)[-1]
    assert "waiting list" in texts_to(BETO)[-1]

    # A day before, the reminder goes to the one coming, and "2" frees her place for Beto.
    assert events.send_due_reminders(now=event.starts_at - timedelta(hours=23)) == 1
    assert "Responda 2 si ya no puede venir" in texts_to(ANA)[-1]
    assert events.send_due_reminders(now=event.starts_at - timedelta(hours=22)) == 0
    assert sms(live_server.url, "2", ANA, "SM" + "3" * 32).status_code == 200
    ana.refresh_from_db()
    beto.refresh_from_db()
    assert (ana.answer, beto.waitlisted) == ("no", False)
    assert "a place opened for you" in texts_to(BETO)[-1]
    assert "gracias por avisarnos" in texts_to(ANA)[-1]
    page = requests.get(live_server.url + event.url, timeout=10).text
    assert "1 person · 0 places left" in page


@pytest.mark.django_db
def test_organizers_invite_a_segment_by_e_mail_and_see_the_counts(client, homes, organizer_client):
    from vecinos.coalition.models import LetterPage, Signature
    from vecinos.coalition.testing import make_letter
    from vecinos.privacy.blind_index import email_index

    event = make_event(homes, capacity=10)
    letter = make_letter(homes)
    Signature.objects.create(
        letter_key=letter["en"].translation_key,
        kind="person",
        public_name="Lupe",
        city="Philadelphia",
        email="lupe@example.org",
        email_index=email_index("lupe@example.org"),
        language="es",
        may_contact=True,
        status=Signature.Status.PUBLIC,
    )
    page = organizer_client.get(reverse("coalition_admin:event", kwargs={"pk": event["en"].pk}))
    assert page.status_code == 200
    option = f"letter_signers:{LetterPage.objects.get(locale__language_code='en').pk}"
    assert option in page.text
    url = reverse("coalition_admin:event-invite", kwargs={"pk": event["en"].pk})
    organizer_client.post(url, {"segment": option, "channel": "email"})
    organizer_client.post(url, {"segment": option, "channel": "email"})
    [mail] = OutboundMessage.objects.filter(purpose="campaign")
    assert (mail.to_address, mail.subject) == (
        "lupe@example.org",
        "Le invitamos: Marcha a la alcaldía",
    )
    assert organizer_client.post(url, {"segment": "nope:1"}).status_code == 302


@pytest.mark.django_db
def test_a_reminder_waits_until_another_exchange_by_text_is_over(homes):
    from vecinos.messaging import conversations
    from vecinos.messaging.models import Conversation

    event = make_event(homes)["es"]
    events.answer_event(
        event, events.Attendee(language="es", phone=ANA), "yes", source="web", repeat_changes=True
    )
    day_before = event.starts_at - timedelta(hours=23)
    conversations.start_conversation(
        ANA, "rapidresponse.verify", language="es", idle=timedelta(minutes=20)
    )
    verifying = conversations.active_conversation(ANA)
    Conversation.objects.filter(pk=verifying.pk).update(
        expires_at=day_before + timedelta(minutes=20)
    )

    # Her "2" ("I can't go") would reach the hotline instead: the reminder waits for a run
    # after the exchange.
    before = len(texts_to(ANA))
    assert events.send_due_reminders(now=day_before) == 0
    assert len(texts_to(ANA)) == before
    later = day_before + timedelta(minutes=21)
    assert events.send_due_reminders(now=later) == 1
    assert len(texts_to(ANA)) == before + 1
    assert "Responda 2 si ya no puede venir" in texts_to(ANA)[-1]
    assert conversations.active_conversation(ANA).flow == "coalition.rsvp"
