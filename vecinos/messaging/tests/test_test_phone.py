"""The Test phone page: what development "sent", shown as a phone would, to the right staff."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from vecinos.accounts.testing import sign_in_verified
from vecinos.core.models import AuditEntry
from vecinos.messaging.channels import locmem
from vecinos.messaging.models import InboundMessage, OutboundMessage
from vecinos.messaging.rendering import render_sms

pytestmark = pytest.mark.django_db

CONSOLE = "vecinos.messaging.channels.console.ConsoleChannel"
PAGE = "messaging_test_phone"


@pytest.fixture(autouse=True)
def console(settings):
    locmem.reset()
    settings.VECINOS_SMS_CHANNEL = CONSOLE
    settings.VECINOS_EMAIL_CHANNEL = CONSOLE


def signed_in(client, username, *roles):
    user = get_user_model().objects.create_user(username=username, password="x" * 20)
    user.groups.set(Group.objects.filter(name__in=roles))
    sign_in_verified(client, user)
    return user


def send(client, **fields):
    data = {"send-channel": "sms", "send-language": "es", "send-template": "", "send-subject": ""}
    data.update({f"send-{name}": value for name, value in fields.items()})
    data["send"] = "1"
    return client.post(reverse(PAGE), data)


@pytest.mark.parametrize("role", ["admin", "organizer", "dispatcher"])
def test_staff_who_send_messages_see_the_page_and_its_menu_item(client, role):
    signed_in(client, "staff", role)
    response = client.get(reverse(PAGE))
    assert response.status_code == 200
    assert reverse(PAGE) in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("role", ["editor", "fundraiser", "researcher"])
def test_other_roles_do_not(client, role):
    signed_in(client, "staff", role)
    assert client.get(reverse(PAGE)).status_code == 404
    assert client.get(reverse("messaging_test_phone_threads")).status_code == 404
    assert reverse(PAGE) not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_page_does_not_exist_when_messages_leave_the_machine(client, settings):
    settings.VECINOS_SMS_CHANNEL = "vecinos.messaging.channels.twilio_sms.TwilioSMSChannel"
    settings.VECINOS_EMAIL_CHANNEL = "vecinos.messaging.channels.email.EmailChannel"
    signed_in(client, "root", "admin")
    assert client.get(reverse(PAGE)).status_code == 404
    assert reverse(PAGE) not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_message_sent_from_the_page_appears_in_its_thread_and_is_audited(
    client, django_capture_on_commit_callbacks
):
    signed_in(client, "orla", "organizer")
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, to="215-555-0134", body="Reunión del comité mañana")
    assert response.status_code == 302

    message = OutboundMessage.objects.get()
    assert (message.status, message.purpose, message.language) == ("sent", "test", "es")
    assert message.provider_id.startswith("console-")
    page = client.get(reverse(PAGE)).content.decode()
    # As sent: ó written as o (the one rule for accents), é and ñ kept.
    assert "+12155550134" in page and "Reunion del comité mañana" in page
    fragment = client.get(reverse("messaging_test_phone_threads")).content.decode()
    assert "Reunion del comité mañana" in fragment and "<html" not in fragment
    entry = AuditEntry.objects.get(action="messaging.message.sent_by_staff")
    assert entry.detail == {"channel": "sms", "language": "es", "suppressed": False}


def test_a_template_is_rendered_in_the_recipients_language(
    client, django_capture_on_commit_callbacks
):
    signed_in(client, "orla", "organizer")
    with django_capture_on_commit_callbacks(execute=True):
        send(client, to="+12155550134", template="messaging/help", body="")
    assert OutboundMessage.objects.get().body == render_sms("messaging/help", {}, "es")


def test_a_typed_text_follows_the_one_rule_for_accents(client):
    signed_in(client, "orla", "organizer")
    send(client, to="+12155550134", body="Información para José")
    assert OutboundMessage.objects.get().body == "Informacion para José"


def test_an_email_can_be_sent_too(client):
    signed_in(client, "orla", "organizer")
    send(client, channel="email", to="Ana@Example.org", subject="Hola", body="Texto")
    message = OutboundMessage.objects.get()
    assert (message.channel, message.to_address, message.subject) == (
        "email",
        "ana@example.org",
        "Hola",
    )


def test_the_send_form_refuses_a_bad_number_or_an_empty_text(client):
    signed_in(client, "orla", "organizer")
    response = send(client, to="12", body="")
    assert response.status_code == 200
    errors = response.context["send_form"].errors
    assert set(errors) == {"to", "body"}
    assert not OutboundMessage.objects.exists()


def test_a_reply_from_the_phone_goes_through_inbound_handling(
    client, django_capture_on_commit_callbacks
):
    signed_in(client, "orla", "organizer")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(PAGE),
            {"reply": "1", "reply-from_phone": "(215) 555-0177", "reply-body": "AYUDA"},
        )
    assert response.status_code == 302
    inbound = InboundMessage.objects.get()
    assert inbound.provider_id.startswith("testphone-")
    assert (inbound.from_address, inbound.body) == ("+12155550177", "AYUDA")
    assert inbound.handled_by
    assert AuditEntry.objects.filter(action="messaging.reply.simulated").count() == 1
    # Whatever vecinos answered lands in the same thread as the text.
    page = client.get(reverse(PAGE)).content.decode()
    [answer] = OutboundMessage.objects.all()
    assert (answer.to_address, answer.language) == ("+12155550177", "es")
    assert page.count("+12155550177") == 1 and "AYUDA" in page
    assert all(line in page for line in answer.body.splitlines())


def test_a_thread_shows_both_sides_also_for_texts_through_the_webhook(
    client, django_capture_on_commit_callbacks
):
    from vecinos.messaging.inbound import handle_inbound_sms

    signed_in(client, "orla", "organizer")
    with django_capture_on_commit_callbacks(execute=True):
        # As the provider's webhook hands a text over: its own id, not the page's.
        handle_inbound_sms("+12155550166", "HELP", "SM" + "5" * 32)
    [answer] = OutboundMessage.objects.all()
    fragment = client.get(reverse("messaging_test_phone_threads")).content.decode()
    assert fragment.count("<h3>+12155550166</h3>") == 1
    assert "HELP" in fragment and "Sent by the phone" in fragment
    assert answer.body.splitlines()[0] in fragment
    # Newest first: vecinos' answer above the text that caused it.
    assert fragment.index(answer.body.splitlines()[0]) < fragment.index("HELP")
