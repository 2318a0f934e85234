"""E-mail from the outbox to a real SMTP server, each recipient in their own language."""

import pytest

from vecinos.messaging.models import OutboundMessage
from vecinos.messaging.services import Recipient, queue_many, queue_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_over_smtp(settings, smtp_server):
    settings.VECINOS_EMAIL_CHANNEL = "vecinos.messaging.channels.email.EmailChannel"
    settings.DEFAULT_FROM_EMAIL = "Vecinos <avisos@vecinos.example>"
    return smtp_server


def test_an_outbox_email_is_delivered_through_smtp_in_spanish(
    email_over_smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_message(
            channel="email",
            to="Rosa@Example.org",
            language="es",
            subject="Taller de derechos",
            body="El taller es el sábado a las 10 en la biblioteca.",
            purpose="reminder",
        )

    [received] = email_over_smtp.messages
    assert received.rcpt_tos == ["rosa@example.org"]
    assert received.mail_from == "avisos@vecinos.example"
    assert received.subject == "Taller de derechos"
    assert received.text().strip() == "El taller es el sábado a las 10 en la biblioteca."
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert received.message["Message-ID"] == f"<{message.provider_id}>"


def test_a_fan_out_reaches_each_recipient_in_their_language(
    email_over_smtp, django_capture_on_commit_callbacks
):
    recipients = [
        Recipient(to="ana@example.org", language="es", dedupe_key="smtp-test:ana"),
        Recipient(to="bill@example.org", language="en", dedupe_key="smtp-test:bill"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        queue_many(
            recipients,
            channel="email",
            purpose="notice",
            subject={"en": "Meeting moved", "es": "Cambio de reunión"},
            body={"en": "The meeting is now on Tuesday.", "es": "La reunión ahora es el martes."},
            batch="smtp-test",
        )

    by_recipient = {mail.rcpt_tos[0]: mail for mail in email_over_smtp.messages}
    assert set(by_recipient) == {"ana@example.org", "bill@example.org"}
    assert by_recipient["ana@example.org"].subject == "Cambio de reunión"
    assert by_recipient["ana@example.org"].text().strip() == "La reunión ahora es el martes."
    assert by_recipient["bill@example.org"].subject == "Meeting moved"
    assert by_recipient["bill@example.org"].text().strip() == "The meeting is now on Tuesday."
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_nothing_reaches_the_server_when_the_transaction_rolls_back(email_over_smtp):
    from django.db import transaction

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        queue_message(
            channel="email",
            to="ana@example.org",
            language="es",
            subject="No",
            body="No debe llegar.",
            purpose="notice",
        )
        raise Undo

    assert email_over_smtp.messages == []
    assert not OutboundMessage.objects.exists()
