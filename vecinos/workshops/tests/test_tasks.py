from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from vecinos.core.periodic import run_periodic, schedule
from vecinos.messaging.conversations import active_conversation, start_conversation
from vecinos.messaging.models import Channel, OutboundMessage
from vecinos.workshops import services
from vecinos.zones.models import Member

from .conftest import PHONE, make_workshop

pytestmark = pytest.mark.django_db

REMINDERS = "workshops.reminders"


def schedule_reminders():
    return schedule(REMINDERS)


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def pending():
    return DBTaskResult.objects.filter(
        task_path=run_periodic.module_path, status="READY", args_kwargs__args__0=REMINDERS
    )


@override_settings(TASKS=DATABASE_TASKS)
def test_schedule_books_one_run_ten_minutes_ahead_and_only_once():
    assert schedule_reminders() is True
    assert schedule_reminders() is False
    run_after = pending().get().run_after
    assert (
        timezone.now() + timedelta(minutes=9) < run_after < timezone.now() + timedelta(minutes=11)
    )


@override_settings(TASKS=DATABASE_TASKS)
def test_each_run_sends_what_is_due_expires_trainings_and_books_the_next(topic, member):
    member.role = Member.Role.RESPONDER
    member.training_expires_at = timezone.now() - timedelta(days=1)
    member.save()
    workshop = make_workshop(topic, days=0.5)
    services.register_for_workshop(
        workshop, services.Registrant(name="Lupe", language="es", phone=PHONE), source="web"
    )
    # Registered less than a day before: the day-before reminder goes at once.
    assert run_periodic.call(REMINDERS) == 1
    assert pending().count() == 1
    member.refresh_from_db()
    assert member.role == Member.Role.MEMBER


def test_the_immediate_backend_is_never_asked_to_defer():
    assert schedule_reminders() is False


def reminders_queued():
    return OutboundMessage.objects.filter(dedupe_key__startswith="trainings:reminder").count()


def test_a_reminder_waits_until_another_exchange_by_text_is_over(topic):
    """The reminder asks for "2" to free the seat; sent during another exchange, that "2"
    would reach it instead (a responder's "2" to the hotline means "I can't go")."""
    workshop = make_workshop(topic, days=0.5)
    services.register_for_workshop(
        workshop, services.Registrant(name="Lupe", language="es", phone=PHONE), source="web"
    )
    start_conversation(PHONE, "zones.join", language="es", idle=timedelta(minutes=30))

    assert services.send_due_reminders() == 0
    assert reminders_queued() == 0
    assert active_conversation(PHONE).flow == "zones.join"

    later = timezone.now() + timedelta(minutes=31)
    assert services.send_due_reminders(later) == 1
    assert reminders_queued() == 1
    assert active_conversation(PHONE, now=later).flow == services.REMINDER_FLOW
    assert services.send_due_reminders(later) == 0


def test_an_email_registrant_is_reminded_by_email_with_the_ticket_link(workshop):
    registration = services.register_for_workshop(
        workshop,
        services.Registrant(name="Ann", language="en", email="ann@example.org"),
        source="web",
    )

    services.send_due_reminders(workshop.starts_at - timedelta(hours=1))

    reminder = OutboundMessage.objects.filter(channel=Channel.EMAIL).order_by("created_at").last()
    assert reminder.subject.startswith("Reminder: Housing rights, ")
    assert services.ticket_url(registration) in reminder.body
