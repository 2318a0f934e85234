from datetime import timedelta

import pytest
from django.utils import timezone

from vecinos.broadcasts import services
from vecinos.broadcasts.models import Broadcast
from vecinos.broadcasts.services import (
    ApprovalRequired,
    BroadcastError,
    FreshTwoFactorRequired,
    LanguageCount,
    Preview,
    approve_broadcast,
    cancel_broadcast,
    create_broadcast,
    preview_broadcast,
    refresh_progress,
    request_approval,
    send_broadcast,
)
from vecinos.core.models import AuditEntry
from vecinos.messaging.channels import locmem
from vecinos.messaging.models import OutboundMessage
from vecinos.messaging.optout import opt_out
from vecinos.messaging.rendering import sms_text

from .conftest import current_code, make_staff

pytestmark = pytest.mark.django_db

ENGLISH = "City Council hearing on Thursday at 10am, Room 400. Come and speak up!"
SPANISH = "Audiencia pública del Concejo Municipal el jueves a las 10am, sala 400. ¡Ven y habla!"


def compose(actor, **overrides):
    fields = {
        "title": "Council hearing",
        "channel": "sms",
        "subject_en": "",
        "subject_es": "",
        "body_en": ENGLISH,
        "body_es": SPANISH,
        "segment": "test_people",
        "segment_params": {},
        "language": "",
        "expires_at": None,
    } | overrides
    return create_broadcast(actor=actor, **fields)


def actions(broadcast):
    return list(
        AuditEntry.objects.filter(object_type="broadcasts.broadcast", object_id=str(broadcast.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


@pytest.mark.parametrize(
    "seconds, text",
    [(0, "1 second"), (40, "40 seconds"), (200, "3 minutes 20 seconds"), (180, "3 minutes")]
    + [(3600, "1 hour"), (7500, "2 hours 5 minutes")],
)
def test_a_preview_says_how_long_sending_takes_as_people_say_it(seconds, text):
    # One message a second: as many seconds as recipients.
    audience = [LanguageCount("en", recipients=seconds, segments=None)]
    preview = Preview(channel="sms", languages=audience, rate=1, threshold=0)
    assert preview.duration() == text


def test_preview_counts_recipients_segments_and_time_per_language(audience, organizer, settings):
    settings.VECINOS_SMS_RATE = 10
    for _ in range(1500):
        audience.add("es")
    for _ in range(500):
        audience.add("en")
    audience.add("es", channel="email")
    broadcast = compose(organizer)

    preview = preview_broadcast(broadcast)

    english, spanish = preview.languages
    assert (english.language, english.recipients) == ("en", 500)
    assert (english.segments.encoding, english.segments.segments) == ("GSM-7", 1)
    # "¡" is GSM-7 but "ú" is not: typed, the text would go as UCS-2 in two parts; it goes as
    # sent, with ú written as u (the one rule for accents), in one GSM-7 part.
    assert (spanish.language, spanish.recipients) == ("es", 1500)
    assert (spanish.segments.encoding, spanish.segments.segments) == ("GSM-7", 1)
    assert preview.total == 2000
    assert preview.total_segments == 500 * 1 + 1500 * 1
    assert preview.seconds == 200
    assert preview.duration() == "3 minutes 20 seconds"
    assert broadcast.counts == {
        "recipients": 2000,
        "segments": 2000,
        "seconds": 200,
        "languages": {
            "en": {"recipients": 500, "segments": 1},
            "es": {"recipients": 1500, "segments": 1},
        },
    }


def test_preview_without_a_rate_limit_gives_no_duration(audience, organizer, settings):
    settings.VECINOS_SMS_RATE = 0
    audience.add("en")
    preview = preview_broadcast(compose(organizer))
    assert (preview.seconds, preview.duration()) == (None, "")


def test_preview_with_a_language_filter_counts_only_that_language(audience, organizer):
    audience.add("en")
    audience.add("es")
    audience.add("es")
    preview = preview_broadcast(compose(organizer, language="es", body_en=""))
    assert [(c.language, c.recipients) for c in preview.languages] == [("es", 2)]


def test_send_writes_one_message_per_recipient_in_their_language(
    audience, organizer, django_capture_on_commit_callbacks
):
    ana, ben, cata = audience.add("es"), audience.add("en"), audience.add("es")
    broadcast = compose(organizer)

    with django_capture_on_commit_callbacks(execute=True):
        send_broadcast(broadcast, actor=organizer)

    # As sent: the one rule for accents in every SMS (ú written as u, ¡ kept).
    sent_es = sms_text(SPANISH)
    assert sent_es.startswith("Audiencia publica") and sent_es.endswith("¡Ven y habla!")
    rows = OutboundMessage.objects.filter(batch=f"broadcast:{broadcast.pk}")
    assert sorted((m.dedupe_key, m.language, m.body, m.purpose) for m in rows) == sorted(
        [
            (f"broadcast:{broadcast.pk}:{ana.key}", "es", sent_es, "broadcast"),
            (f"broadcast:{broadcast.pk}:{ben.key}", "en", ENGLISH, "broadcast"),
            (f"broadcast:{broadcast.pk}:{cata.key}", "es", sent_es, "broadcast"),
        ]
    )
    assert sorted((m.to, m.body) for m in locmem.outbox) == sorted(
        [(ana.address, sent_es), (ben.address, ENGLISH), (cata.address, sent_es)]
    )
    broadcast.refresh_from_db()
    assert broadcast.status == Broadcast.Status.SENDING
    assert broadcast.sent_by == organizer
    assert broadcast.counts["queue"] == {"queued": 3, "opted_out": 0, "duplicate": 0, "invalid": 0}
    assert actions(broadcast) == ["broadcasts.broadcast.created", "broadcasts.broadcast.sent"]


def test_email_broadcasts_carry_the_subject_in_each_language(
    audience, organizer, django_capture_on_commit_callbacks
):
    audience.add("es", channel="email")
    audience.add("en", channel="email")
    audience.add("en")
    broadcast = compose(organizer, channel="email", subject_en="Hearing", subject_es="Audiencia")

    with django_capture_on_commit_callbacks(execute=True):
        send_broadcast(broadcast, actor=organizer)

    assert sorted((m.channel, m.language, m.subject) for m in locmem.outbox) == [
        ("email", "en", "Hearing"),
        ("email", "es", "Audiencia"),
    ]


def test_sending_again_reaches_nobody_twice(audience, organizer):
    audience.add("es")
    audience.add("en")
    broadcast = compose(organizer)
    send_broadcast(broadcast, actor=organizer)
    with pytest.raises(BroadcastError):
        send_broadcast(broadcast, actor=organizer)

    # Even a broadcast forced back to draft (a retry after a crash, say) adds no message for
    # people who already have one; a newcomer to the audience gets theirs.
    Broadcast.objects.filter(pk=broadcast.pk).update(status=Broadcast.Status.DRAFT)
    newcomer = audience.add("es")
    send_broadcast(broadcast, actor=organizer)

    rows = OutboundMessage.objects.filter(batch=broadcast.batch)
    assert rows.count() == 3
    assert rows.filter(dedupe_key=f"{broadcast.batch}:{newcomer.key}").count() == 1
    broadcast.refresh_from_db()
    assert broadcast.counts["queue"]["duplicate"] == 2


def test_people_who_opted_out_get_nothing(audience, organizer):
    audience.add("en")
    gone = audience.add("es")
    opt_out("sms", gone.address)
    broadcast = compose(organizer)
    send_broadcast(broadcast, actor=organizer)
    assert OutboundMessage.objects.filter(batch=broadcast.batch).count() == 1
    broadcast.refresh_from_db()
    assert broadcast.counts["queue"]["opted_out"] == 1


def test_a_broadcast_past_its_useless_after_time_is_not_sent(audience, organizer):
    audience.add("en")
    broadcast = compose(organizer, expires_at=timezone.now() + timedelta(minutes=1))
    Broadcast.objects.filter(pk=broadcast.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(BroadcastError):
        send_broadcast(broadcast, actor=organizer)
    assert OutboundMessage.objects.count() == 0


def test_expiry_is_passed_to_every_message(audience, organizer):
    audience.add("en")
    expires_at = timezone.now() + timedelta(hours=2)
    broadcast = compose(organizer, expires_at=expires_at)
    send_broadcast(broadcast, actor=organizer)
    assert OutboundMessage.objects.get(batch=broadcast.batch).expires_at == expires_at


def test_an_empty_audience_cannot_be_sent(audience, organizer):
    with pytest.raises(BroadcastError):
        send_broadcast(compose(organizer), actor=organizer)


@pytest.fixture
def large(audience, organizer, settings):
    settings.VECINOS_BROADCAST_APPROVAL_THRESHOLD = 2
    for language in ["en", "es", "es"]:
        audience.add(language)
    return compose(organizer)


def test_above_the_threshold_a_draft_cannot_be_sent(large, organizer):
    with pytest.raises(ApprovalRequired):
        send_broadcast(large, actor=organizer, two_factor_checked_at=timezone.now())
    assert OutboundMessage.objects.count() == 0


def test_the_author_cannot_approve_their_own_broadcast(large, organizer):
    request_approval(large, actor=organizer)
    with pytest.raises(BroadcastError):
        approve_broadcast(large, actor=organizer)
    large.refresh_from_db()
    assert (large.status, large.approved_by) == (Broadcast.Status.AWAITING_APPROVAL, None)


@pytest.mark.parametrize("role", ["editor", "dispatcher", "fundraiser", "researcher"])
def test_other_roles_cannot_approve(large, organizer, role):
    request_approval(large, actor=organizer)
    with pytest.raises(BroadcastError):
        approve_broadcast(large, actor=make_staff("someone", role))


def test_approval_then_a_fresh_code_sends_a_large_broadcast(large, organizer, second_organizer):
    request_approval(large, actor=organizer)
    approve_broadcast(large, actor=second_organizer)
    large.refresh_from_db()
    assert (large.status, large.approved_by) == (Broadcast.Status.APPROVED, second_organizer)

    with pytest.raises(FreshTwoFactorRequired):
        send_broadcast(large, actor=organizer)
    six_minutes_ago = timezone.now() - timedelta(minutes=6)
    with pytest.raises(FreshTwoFactorRequired):
        send_broadcast(large, actor=organizer, two_factor_checked_at=six_minutes_ago)
    assert OutboundMessage.objects.count() == 0

    four_minutes_ago = timezone.now() - timedelta(minutes=4)
    send_broadcast(large, actor=organizer, two_factor_checked_at=four_minutes_ago)
    assert OutboundMessage.objects.filter(batch=large.batch).count() == 3
    assert actions(large) == [
        "broadcasts.broadcast.created",
        "broadcasts.broadcast.approval_requested",
        "broadcasts.broadcast.approved",
        "broadcasts.broadcast.sent",
    ]
    sent = AuditEntry.objects.get(action="broadcasts.broadcast.sent")
    assert sent.detail["approved"] is True


def test_a_fresh_code_is_checked_against_the_authenticator_app(organizer, no_device_throttle):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=organizer, name="app", confirmed=True)
    assert services.check_fresh_two_factor(organizer, code="000000") is None
    checked_at = services.check_fresh_two_factor(organizer, code=current_code(device))
    assert services.is_fresh(checked_at)
    # A code is good once: the same code typed again is refused.
    assert services.check_fresh_two_factor(organizer, code=current_code(device)) is None


def test_wrong_codes_lock_the_user_out(organizer, no_device_throttle):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=organizer, name="app", confirmed=True)
    for _ in range(5):
        services.check_fresh_two_factor(organizer, code="000000")
    with pytest.raises(services.TwoFactorLocked):
        services.check_fresh_two_factor(organizer, code=current_code(device))


def test_progress_counts_messages_by_status_and_marks_the_broadcast_sent(
    audience, organizer, django_capture_on_commit_callbacks
):
    for language in ["en", "es", "es"]:
        audience.add(language)
    broadcast = send_broadcast(compose(organizer), actor=organizer)

    broadcast, progress = refresh_progress(broadcast)
    assert (progress.counts["queued"], progress.pending, progress.total) == (3, 3, 3)
    assert broadcast.status == Broadcast.Status.SENDING

    OutboundMessage.objects.filter(batch=broadcast.batch, language="en").update(
        status=OutboundMessage.Status.FAILED
    )
    OutboundMessage.objects.filter(batch=broadcast.batch, language="es").update(
        status=OutboundMessage.Status.DELIVERED
    )
    broadcast, progress = refresh_progress(broadcast)
    assert {k: v for k, v in progress.counts.items() if v} == {"delivered": 2, "failed": 1}
    assert progress.percent == 100
    assert broadcast.status == Broadcast.Status.SENT
    assert broadcast.finished_at is not None


def test_cancel_stops_the_messages_still_waiting(audience, organizer):
    for language in ["en", "es", "es"]:
        audience.add(language)
    broadcast = compose(organizer)
    send_broadcast(broadcast, actor=organizer)
    first = OutboundMessage.objects.filter(batch=broadcast.batch).first()
    OutboundMessage.objects.filter(pk=first.pk).update(status=OutboundMessage.Status.SENT)

    assert cancel_broadcast(broadcast, actor=organizer) == 2

    statuses = sorted(
        OutboundMessage.objects.filter(batch=broadcast.batch).values_list("status", flat=True)
    )
    assert statuses == ["cancelled", "cancelled", "sent"]
    broadcast.refresh_from_db()
    assert broadcast.status == Broadcast.Status.CANCELLED
    assert actions(broadcast)[-1] == "broadcasts.broadcast.cancelled"
    with pytest.raises(BroadcastError):
        cancel_broadcast(broadcast, actor=organizer)


def test_a_draft_can_be_cancelled_before_anything_was_sent(audience, organizer):
    broadcast = compose(organizer)
    assert cancel_broadcast(broadcast, actor=organizer) == 0
    broadcast.refresh_from_db()
    assert broadcast.status == Broadcast.Status.CANCELLED
    with pytest.raises(BroadcastError):
        send_broadcast(broadcast, actor=organizer)
