"""Queuing messages: one row per recipient, in the caller's transaction, sent after commit."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from vecinos.core.models import AuditEntry
from vecinos.messaging import optout, services
from vecinos.messaging.channels import locmem
from vecinos.messaging.models import OutboundMessage
from vecinos.messaging.services import InvalidAddress, Recipient, queue_many, queue_message
from vecinos.privacy.blind_index import find_by_phone

pytestmark = pytest.mark.django_db

PHONE = "+12155550134"

LANG = "{% load i18n %}{% get_current_language as lang %}"
TEMPLATES = {
    "demo/sms/alert.txt": LANG + "{{ lang }}: {{ place }}",
    "demo/email/notice.txt": "{{ place }}",
    "demo/email/notice_subject.txt": LANG + "Aviso {{ lang }}",
}


@pytest.fixture(autouse=True)
def setup(settings):
    locmem.reset()
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", TEMPLATES)]},
        }
    ]
    yield
    locmem.reset()


def test_queue_message_writes_an_encrypted_row_and_sends_it_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_message(
            channel="sms",
            to="(215) 555-0134",
            language="es",
            body="Reunión mañana",
            purpose="reminder",
        )
        assert locmem.outbox == []

    [sent] = locmem.outbox
    # As sent: ó written as o, ñ kept (the one rule for accents in every SMS).
    assert (sent.to, sent.body, sent.language) == (PHONE, "Reunion mañana", "es")
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert message.provider_id == sent.provider_id
    # Stored sealed, and found through the blind index.
    raw = OutboundMessage.objects.filter(pk=message.pk).values_list("to_address", "body").get()
    assert PHONE not in raw[0] and "Reunion" not in raw[1]
    assert find_by_phone(
        OutboundMessage.objects.all(), "to_address", "215-555-0134", index_field="to_index"
    ) == [message]


def test_a_rollback_after_queuing_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                queue_message(channel="sms", to=PHONE, language="en", body="x", purpose="alert")
                raise RuntimeError("the action failed")
    assert callbacks == []
    assert locmem.outbox == []
    assert not OutboundMessage.objects.exists()


def test_the_same_dedupe_key_is_queued_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue_message(
            channel="sms", to=PHONE, language="en", body="a", purpose="alert", dedupe_key="k:1"
        )
        second = queue_message(
            channel="sms", to=PHONE, language="en", body="a", purpose="alert", dedupe_key="k:1"
        )
    assert first is not None and second is None
    assert OutboundMessage.objects.count() == 1
    assert len(locmem.outbox) == 1


def test_an_opted_out_address_gets_no_row():
    optout.opt_out("sms", "215 555 0134")
    assert queue_message(channel="sms", to=PHONE, language="en", body="x", purpose="alert") is None
    assert not OutboundMessage.objects.exists()


def test_a_bad_number_is_refused():
    with pytest.raises(InvalidAddress):
        queue_message(channel="sms", to="12", language="en", body="x", purpose="alert")


def test_templates_render_in_the_recipients_language_and_every_text_follows_one_accent_rule():
    alert = queue_message(
        channel="sms",
        to=PHONE,
        language="es",
        template="demo/alert",
        context={"place": "Calle Benítez"},
        purpose="alert",
    )
    reminder = queue_message(
        channel="sms",
        to=PHONE,
        language="es",
        template="demo/alert",
        context={"place": "Calle Benítez"},
        purpose="reminder",
    )
    assert alert.body == reminder.body == "es: Calle Benitez"


def test_email_subject_comes_from_its_template_in_the_recipients_language():
    message = queue_message(
        channel="email",
        to="Vecina@Example.org",
        language="es",
        template="demo/notice",
        context={"place": "Centro"},
        purpose="notice",
    )
    assert (message.to_address, message.subject, message.body) == (
        "vecina@example.org",
        "Aviso es",
        "Centro",
    )


def test_queue_many_skips_opted_out_duplicates_and_bad_addresses(monkeypatch):
    enqueued = []
    monkeypatch.setattr(services, "_enqueue_on_commit", enqueued.append)
    queue_message(
        channel="sms", to=PHONE, language="en", body="x", purpose="notice", dedupe_key="b:1:m:1"
    )
    optout.opt_out("sms", "+12155550199")
    recipients = [
        Recipient(PHONE, "en", dedupe_key="b:1:m:1"),
        Recipient("+12155550199", "es", dedupe_key="b:1:m:2"),
        Recipient("nonsense", "es", dedupe_key="b:1:m:3"),
        Recipient("+12155550101", "es", dedupe_key="b:1:m:4"),
        Recipient("+12155550102", "en", dedupe_key="b:1:m:5"),
        Recipient("+12155550103", "es", dedupe_key="b:1:m:5"),
        Recipient("ana@example.org", "es", dedupe_key="b:1:m:6", channel="email"),
    ]
    enqueued.clear()
    report = queue_many(
        recipients,
        channel="sms",
        purpose="broadcast",
        body={"en": "Meeting", "es": "Reunión"},
        subject={"en": "Meeting", "es": "Reunión"},
        batch="broadcast:1",
        batch_size=2,
        max_batch_size=2,
    )
    assert report.as_dict() == {"queued": 3, "opted_out": 1, "duplicate": 2, "invalid": 1}
    rows = OutboundMessage.objects.filter(batch="broadcast:1")
    assert sorted((m.dedupe_key, m.channel, m.body) for m in rows) == [
        ("b:1:m:4", "sms", "Reunion"),
        ("b:1:m:5", "sms", "Meeting"),
        ("b:1:m:6", "email", "Reunión"),
    ]
    # One delivery task per inserted batch, naming only ids.
    # Batches of two: the first lost both to opt-out and dedupe, so it enqueued nothing.
    assert [len(ids) for ids in enqueued] == [1, 1, 1]
    assert sorted(i for ids in enqueued for i in ids) == sorted(report.ids)


def test_queue_many_hands_each_batch_to_one_task(monkeypatch):
    enqueued = []
    monkeypatch.setattr(services, "_enqueue_on_commit", enqueued.append)
    recipients = [Recipient(f"+1215555{n:04d}", "en") for n in range(200, 205)]
    report = queue_many(
        recipients, channel="sms", purpose="broadcast", body="x", batch_size=2, max_batch_size=2
    )
    assert report.queued == 5
    assert [len(ids) for ids in enqueued] == [2, 2, 1]


def test_batches_start_small_then_double_up_to_the_largest(monkeypatch):
    enqueued = []
    monkeypatch.setattr(services, "_enqueue_on_commit", enqueued.append)
    recipients = [Recipient(f"+1215555{n:04d}", "en") for n in range(200, 240)]
    queue_many(
        recipients, channel="sms", purpose="broadcast", body="x", batch_size=3, max_batch_size=10
    )
    assert [len(ids) for ids in enqueued] == [3, 6, 10, 10, 10, 1]


def test_a_large_batch_is_handed_over_as_several_tasks(
    monkeypatch, django_capture_on_commit_callbacks
):
    from types import SimpleNamespace

    from vecinos.messaging import tasks

    handed = []
    monkeypatch.setattr(services, "DELIVERY_TASK_SIZE", 4)
    monkeypatch.setattr(tasks, "deliver_messages", SimpleNamespace(enqueue=handed.append))
    recipients = [Recipient(f"+1215555{n:04d}", "en") for n in range(200, 210)]
    with django_capture_on_commit_callbacks(execute=True):
        report = queue_many(recipients, channel="sms", purpose="broadcast", body="x")
    assert [len(ids) for ids in handed] == [4, 4, 2]
    assert sorted(i for ids in handed for i in ids) == sorted(report.ids)


def test_fast_written_rows_read_back_like_saved_ones():
    """The rows queue_many writes in plain SQL open, index and find like ORM-saved ones."""
    queue_many(
        [
            Recipient("+12155550177", "es", dedupe_key="b:3:1"),
            Recipient("ana@example.org", "en", dedupe_key="b:3:2", channel="email"),
        ],
        channel="sms",
        purpose="notice",
        body={"en": "Meeting", "es": "Reunión"},
        subject={"en": "Meeting", "es": "Reunión"},
        batch="b:3",
        sender="second",
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    sms = OutboundMessage.objects.get(dedupe_key="b:3:1")
    assert (sms.to_address, sms.subject, sms.body, sms.language) == (
        "+12155550177",
        "",
        "Reunion",  # an SMS: á, í, ó, ú lose their accent (rendering.sms_text)
        "es",
    )
    assert (sms.channel, sms.purpose, sms.batch, sms.sender, sms.status) == (
        "sms", "notice", "b:3", "second", "queued"
    )  # fmt: skip
    assert sms.expires_at > timezone.now() and sms.next_attempt_at <= timezone.now()
    assert find_by_phone(
        OutboundMessage.objects.all(), "to_address", "(215) 555-0177", index_field="to_index"
    ) == [sms]
    mail = OutboundMessage.objects.get(dedupe_key="b:3:2")
    assert (mail.to_address, mail.subject, mail.body) == ("ana@example.org", "Meeting", "Meeting")
    assert mail.to_index == services._index("email", "ana@example.org")
    # Saved again through the ORM (as a worker does), the sealed values stay valid.
    mail.save()
    mail.refresh_from_db()
    assert mail.to_address == "ana@example.org"


def test_a_send_cut_short_and_run_again_reaches_each_person_once(monkeypatch):
    enqueued = []
    monkeypatch.setattr(services, "_enqueue_on_commit", enqueued.append)
    recipients = [
        Recipient(f"+1215555{n:04d}", "en", dedupe_key=f"alert:7:{n}") for n in range(200, 230)
    ]

    class Killed(Exception):
        pass

    def cut_short():
        for number, recipient in enumerate(recipients):
            if number == 17:
                raise Killed
            yield recipient

    # Batches of 5 commit on their own (savepoints here, as the test runs in a transaction):
    # the first three batches are written when the send dies in the fourth.
    with pytest.raises(Killed):
        with transaction.atomic():
            queue_many(cut_short(), channel="sms", purpose="alert", body="x", batch="alert:7",
                       batch_size=5, max_batch_size=5)  # fmt: skip
    assert OutboundMessage.objects.filter(batch="alert:7").count() == 0  # rolled back whole

    def sent_partly():
        for number, recipient in enumerate(recipients):
            if number == 17:
                raise Killed
            yield recipient

    try:
        queue_many(sent_partly(), channel="sms", purpose="alert", body="x", batch="alert:7",
                   batch_size=5, max_batch_size=5)  # fmt: skip
    except Killed:
        pass
    assert OutboundMessage.objects.filter(batch="alert:7").count() == 15
    enqueued.clear()
    report = queue_many(recipients, channel="sms", purpose="alert", body="x", batch="alert:7",
                        batch_size=5, max_batch_size=5)  # fmt: skip
    assert report.as_dict() == {"queued": 15, "opted_out": 0, "duplicate": 15, "invalid": 0}
    rows = OutboundMessage.objects.filter(batch="alert:7")
    assert sorted(rows.values_list("dedupe_key", flat=True)) == sorted(
        r.dedupe_key for r in recipients
    )
    # Only the rows written by this run are handed to the workers.
    assert sorted(i for ids in enqueued for i in ids) == sorted(report.ids)
    assert set(report.ids) == {
        str(pk) for pk in rows.filter(dedupe_key__in=[r.dedupe_key for r in recipients[15:]])
        .values_list("id", flat=True)
    }  # fmt: skip


def test_queue_many_sends_everyone_after_commit(django_capture_on_commit_callbacks):
    recipients = [
        Recipient(f"+1215555{n:04d}", "es", context={"place": n}) for n in range(300, 310)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        queue_many(recipients, channel="sms", purpose="alert", template="demo/alert", batch="b:2")
    assert sorted(m.body for m in locmem.outbox) == [f"es: {n}" for n in range(300, 310)]
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_cancel_batch_stops_what_has_not_gone_and_is_audited(monkeypatch, admin_user):
    monkeypatch.setattr(services, "_enqueue_on_commit", lambda ids: None)
    queue_many(
        [Recipient(f"+1215555{n:04d}", "en") for n in range(400, 403)],
        channel="sms",
        purpose="broadcast",
        body="x",
        batch="broadcast:9",
    )
    assert services.cancel_batch("broadcast:9", actor=admin_user) == 3
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {"cancelled"}
    assert AuditEntry.objects.filter(action="messaging.batch.cancelled").count() == 1


def test_expiry_is_stored(django_capture_on_commit_callbacks):
    later = timezone.now() + datetime.timedelta(hours=1)
    message = queue_message(
        channel="sms", to=PHONE, language="en", body="x", purpose="alert", expires_at=later
    )
    assert OutboundMessage.objects.get(pk=message.pk).expires_at == later


def test_erasure_finds_and_blanks_the_messages_sent_to_a_person(monkeypatch):
    from vecinos.privacy.erasure import erase_person, export_person

    monkeypatch.setattr(services, "_enqueue_on_commit", lambda ids: None)
    mine = queue_message(channel="sms", to=PHONE, language="es", body="Hola", purpose="notice")
    mail = queue_message(
        channel="email", to="ana@example.org", language="es", body="Hola", purpose="notice"
    )
    other = queue_message(
        channel="sms", to="+12155550135", language="en", body="Hi", purpose="notice"
    )

    exported = export_person(phone="215-555-0134")["records"]["outbound_messages"]
    assert [(row["to_address"], row["body"]) for row in exported] == [(PHONE, "Hola")]

    counts = erase_person(phone="215-555-0134", email="ana@example.org")
    assert counts["outbound_messages"] == 2
    for message in (mine, mail):
        row = OutboundMessage.objects.get(pk=message.pk)
        assert (row.to_address, row.body, row.to_index) == ("", "", None)
    assert OutboundMessage.objects.get(pk=other.pk).body == "Hi"


def test_retention_spares_messages_still_on_their_way():
    from vecinos.messaging.shredders import outbound_messages

    queued = queue_message(channel="sms", to=PHONE, language="en", body="x", purpose="notice")
    long_ago = timezone.now() - datetime.timedelta(days=30)
    OutboundMessage.objects.filter(pk=queued.pk).update(created_at=long_ago)
    sent = queue_message(channel="sms", to=PHONE, language="en", body="y", purpose="notice")
    OutboundMessage.objects.filter(pk=sent.pk).update(status="sent", sent_at=long_ago)
    assert list(outbound_messages.due(timezone.now())) == [OutboundMessage.objects.get(pk=sent.pk)]
