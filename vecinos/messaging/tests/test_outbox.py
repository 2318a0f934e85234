"""The outbox: leased claims, fenced writes, retries, expiry, sweeping, rates and callbacks."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vecinos.core.periodic import run_periodic, schedule
from vecinos.messaging import optout, outbox, rate_limiter, tasks
from vecinos.messaging.channels import locmem
from vecinos.messaging.channels.base import PermanentFailure, RetryLater
from vecinos.messaging.models import OptOut, OutboundMessage, SendBudget

pytestmark = pytest.mark.django_db
Status = OutboundMessage.Status

PHONE = "+12155550134"


@pytest.fixture(autouse=True)
def empty_outbox():
    locmem.reset()
    yield
    locmem.reset()


def make(n=1, **fields):
    rows = []
    for i in range(n):
        values = {
            "channel": "sms",
            "to_address": f"+1215555{1000 + i:04d}",
            "to_index": 1,
            "body": f"message {i}",
            "language": "en",
            "purpose": "notice",
            "next_attempt_at": timezone.now() - datetime.timedelta(seconds=1),
        }
        values.update(fields)
        rows.append(OutboundMessage.objects.create(**values))
    return rows if n > 1 else rows[0]


def reload(message):
    return OutboundMessage.objects.get(pk=message.pk)


# --- claims and leases ------------------------------------------------------------------------


def test_claim_leases_due_rows_to_one_worker():
    due = make(3)
    make(next_attempt_at=timezone.now() + datetime.timedelta(minutes=5))
    make(status=Status.SENT)

    claimed = outbox.claim(10, worker="w1")

    assert {m.pk for m in claimed} == {m.pk for m in due}
    for message in claimed:
        assert message.status == Status.SENDING
        assert message.lease_until > timezone.now()
        assert message.claim_token.startswith("w1/")
    assert len({m.claim_token for m in claimed}) == 1
    assert outbox.claim(10, worker="w2") == []


def test_claim_takes_the_limit_oldest_first():
    rows = make(5)
    for i, row in enumerate(rows):
        OutboundMessage.objects.filter(pk=row.pk).update(
            next_attempt_at=timezone.now() - datetime.timedelta(seconds=10 - i)
        )
    assert [m.pk for m in outbox.claim(2, worker="w")] == [rows[0].pk, rows[1].pk]


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_never_share_a_row():
    make(60)
    results, errors = [], []
    start = threading.Barrier(4)

    def worker(name):
        try:
            start.wait()
            while claimed := outbox.claim(5, worker=name):
                results.extend(m.pk for m in claimed)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip("SQLite's shared in-memory test database fails concurrent writers at once")
    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 60 and len(set(results)) == 60


def test_an_expired_lease_is_swept_back_to_the_queue_and_claimed_again():
    message = make()
    [first] = outbox.claim(1, worker="dead")
    later = timezone.now() + outbox.lease_duration() + datetime.timedelta(seconds=1)

    assert outbox.sweep_expired_leases(now=timezone.now()) == 0
    assert outbox.sweep_expired_leases(now=later) == 1
    assert reload(message).status == Status.QUEUED

    [second] = outbox.claim(1, worker="alive", now=later)
    assert second.claim_token != first.claim_token
    outbox.deliver(second)
    # The first worker wakes up and reports its own send: the row is no longer its to write.
    outbox.deliver(first)
    assert len(locmem.outbox) == 2
    row = reload(message)
    assert row.status == Status.SENT and row.provider_id == locmem.outbox[0].provider_id


def test_a_slow_workers_outcome_still_lands_when_nobody_reclaimed_the_row():
    message = make()
    [claimed] = outbox.claim(1, worker="slow")
    outbox.sweep_expired_leases(now=timezone.now() + datetime.timedelta(minutes=5))
    outbox.deliver(claimed)
    # Marked sent, so the sweep's requeue does not make it go a second time.
    assert reload(message).status == Status.SENT
    assert outbox.claim(1, worker="other") == []


# --- outcomes -------------------------------------------------------------------------------


def test_deliver_records_the_provider_id_and_finishes_channels_without_callbacks():
    message = make()
    [claimed] = outbox.claim(1, worker="w")
    assert outbox.deliver(claimed) == Status.SENT
    row = reload(message)
    assert row.provider_id.startswith("locmem-") and row.sent_at and row.finished_at
    assert row.lease_until is None


def test_an_error_counts_an_attempt_and_backs_off_with_jitter():
    message = make()
    locmem.fail_next.append(RetryLater(code="http-500", backpressure=False))
    [claimed] = outbox.claim(1, worker="w")
    before = timezone.now()
    report = outbox.DeliveryReport()
    outbox.deliver(claimed, report)
    row = reload(message)
    assert (row.status, row.attempts, row.deferrals, row.error_code) == (
        Status.QUEUED,
        1,
        0,
        "http-500",
    )
    assert (
        before
        <= row.next_attempt_at
        <= before + datetime.timedelta(seconds=outbox.BACKOFF_BASE_SECONDS + 1)
    )
    assert report.retry_ids == [str(message.pk)]


def test_backpressure_is_a_deferral_not_a_failed_attempt_and_honours_retry_after():
    message = make()
    locmem.fail_next.append(RetryLater(7, code="20429"))
    [claimed] = outbox.claim(1, worker="w")
    before = timezone.now()
    outbox.deliver(claimed)
    row = reload(message)
    assert (row.status, row.attempts, row.deferrals) == (Status.QUEUED, 0, 1)
    assert row.next_attempt_at >= before + datetime.timedelta(seconds=7)


def test_too_many_failed_attempts_fail_the_message():
    message = make(attempts=outbox.MAX_ATTEMPTS - 1)
    locmem.fail_next.append(RetryLater(code="timeout", backpressure=False))
    [claimed] = outbox.claim(1, worker="w")
    assert outbox.deliver(claimed) == Status.FAILED
    assert reload(message).finished_at is not None


def test_a_message_with_an_expiry_keeps_trying_past_the_attempt_limit():
    message = make(
        attempts=outbox.MAX_ATTEMPTS + 3, expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    locmem.fail_next.append(RetryLater(code="timeout", backpressure=False))
    [claimed] = outbox.claim(1, worker="w")
    assert outbox.deliver(claimed) == Status.QUEUED
    assert reload(message).attempts == outbox.MAX_ATTEMPTS + 4


def test_backoff_is_capped_and_fully_jittered():
    delays = [outbox.backoff_seconds(20, base=5, cap=60) for _ in range(500)]
    assert 0 <= min(delays) < 10 and 50 < max(delays) <= 60
    assert all(0 <= outbox.backoff_seconds(1, base=5, cap=60) <= 5 for _ in range(50))


def test_a_permanent_failure_is_final_and_a_providers_unsubscribe_opts_out():
    message = make(to_address=PHONE)
    locmem.fail_next.append(PermanentFailure("21610", opted_out=True))
    [claimed] = outbox.claim(1, worker="w")
    assert outbox.deliver(claimed) == Status.FAILED
    assert reload(message).error_code == "21610"
    assert optout.is_opted_out("sms", PHONE)


def test_an_unexpected_error_is_retried_not_lost():
    message = make()
    locmem.fail_next.append(ZeroDivisionError())
    [claimed] = outbox.claim(1, worker="w")
    outbox.deliver(claimed)
    assert (reload(message).status, reload(message).attempts) == (Status.QUEUED, 1)


# --- expiry and opt-outs at send time --------------------------------------------------------


def test_an_expired_message_is_never_sent():
    message = make(expires_at=timezone.now() + datetime.timedelta(seconds=30))
    [claimed] = outbox.claim(1, worker="w")
    # The claim is older than the expiry by the time the worker gets to it.
    claimed.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    OutboundMessage.objects.filter(pk=message.pk).update(expires_at=claimed.expires_at)
    assert outbox.deliver(claimed) == Status.EXPIRED
    assert locmem.outbox == []


def test_a_message_about_to_expire_is_not_sent_since_it_could_arrive_late():
    message = make(expires_at=timezone.now() + outbox.EXPIRY_MARGIN / 2)
    [claimed] = outbox.claim(1, worker="w")
    assert outbox.deliver(claimed) == Status.EXPIRED
    assert reload(message).error_code == "expired"
    assert locmem.outbox == []


def test_a_retry_that_would_come_after_the_expiry_expires_now():
    message = make(expires_at=timezone.now() + datetime.timedelta(seconds=10))
    locmem.fail_next.append(RetryLater(30, code="20429"))
    [claimed] = outbox.claim(1, worker="w")
    assert outbox.deliver(claimed) == Status.EXPIRED
    assert reload(message).error_code == "20429"


def test_provider_down_backs_off_then_expires_and_never_sends_late():
    message = make(expires_at=timezone.now() + datetime.timedelta(minutes=10))
    now = timezone.now()
    tries = 0
    while reload(message).status == Status.QUEUED:
        locmem.fail_next.append(RetryLater(code="http-503", backpressure=False))
        now = max(now, reload(message).next_attempt_at)
        claimed = outbox.claim(1, worker="w", now=now)
        if claimed:
            tries += 1
            outbox.deliver(claimed[0])
    row = reload(message)
    assert row.status == Status.EXPIRED and tries >= 1
    assert row.attempts == tries and row.finished_at <= row.expires_at
    assert locmem.outbox == []
    locmem.fail_next.clear()


def test_expire_overdue_marks_queued_messages_past_their_expiry():
    late = make(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    fine = make(expires_at=timezone.now() + datetime.timedelta(hours=1))
    assert outbox.expire_overdue() == 1
    assert (reload(late).status, reload(fine).status) == (Status.EXPIRED, Status.QUEUED)


def test_an_opt_out_between_queuing_and_sending_suppresses_the_message():
    message = make(to_address=PHONE)
    optout.opt_out("sms", "215-555-0134")
    [claimed] = outbox.claim(1, worker="w")
    assert outbox.deliver(claimed) == Status.SUPPRESSED
    assert locmem.outbox == []
    assert reload(message).finished_at is not None


def test_opt_out_keys_are_full_length_and_hide_the_address():
    optout.opt_out("sms", "(215) 555-0134")
    [key] = OptOut.objects.values_list("address_key", flat=True)
    assert len(key) == 64 and "0134" not in key
    assert optout.is_opted_out("sms", "+1 215 555 0134")
    assert not optout.is_opted_out("email", "someone@example.org")
    assert optout.opt_in("sms", PHONE) and not optout.is_opted_out("sms", PHONE)


# --- rate ----------------------------------------------------------------------------------------


def most_in_one_second(times):
    """The largest number of `times` in any window of one second [t, t + 1)."""
    times = sorted(times)
    return max((sum(1 for u in times[i:] if u < t + 1) for i, t in enumerate(times)), default=0)


def slots_taken(rate, *, asks, every, until, start):
    """Ask for `asks` slots every `every` seconds of a made-up clock; return those granted."""
    slots, now = [], start
    while now < start + until:
        for _ in range(asks):
            slot, wait = rate_limiter.take("sms:+12155550100", rate, now=now)
            assert (slot is None) == (wait > 0)
            slots += [slot] if slot is not None else []
        now += every
    return slots


def test_send_slots_start_empty_and_never_exceed_the_rate_in_any_second():
    start = timezone.now().timestamp()
    slots = slots_taken(10, asks=7, every=0.05, until=5, start=start)

    # A new sender's first second holds one second's worth at most, not two.
    assert min(slots) >= start
    assert sum(1 for t in slots if t < start + 1) <= 10
    assert most_in_one_second(slots) <= 10
    # Sustained: within the spacing margin of the rate.
    assert sum(1 for t in slots if t < start + 5) >= 0.95 * 10 * 5


def test_an_idle_sender_saves_up_no_burst():
    start = timezone.now().timestamp()
    first = slots_taken(10, asks=3, every=1, until=1, start=start)
    later = slots_taken(10, asks=20, every=0.01, until=2, start=start + 30)
    assert len(first) == 3
    assert min(later) >= start + 30
    assert most_in_one_second(later) <= 10


def test_a_sender_with_its_slots_handed_out_says_how_long_to_wait():
    now = timezone.now().timestamp()
    spacing = (1 + rate_limiter.SPACING_MARGIN) / 2
    taken = [rate_limiter.take("sms:+12155550100", 2, now=now)[0] for _ in range(2)]
    assert taken == [now, pytest.approx(now + spacing)]
    slot, wait = rate_limiter.take("sms:+12155550100", 2, now=now)
    # The next slot, at now + 2 spacings (1.03 s), is past the horizon of a second.
    # Slots are kept as datetimes, to the microsecond.
    assert slot is None and wait == pytest.approx(2 * spacing - 1, abs=1e-5)
    # Another sender has slots of its own; no rate means the send may go now.
    assert rate_limiter.take("sms:+12155550101", 2, now=now) == (now, 0.0)
    assert rate_limiter.take("sms:x", 0, now=now) == (now, 0.0)
    assert SendBudget.objects.count() == 2


def test_deliveries_keep_to_the_senders_rate(settings):
    settings.VECINOS_SMS_RATE = 20
    rows = make(30)
    started = timezone.now()
    report = outbox.deliver_due(100, worker="w")
    assert report.counts[Status.SENT] == 30
    sent = [reload(row).sent_at.timestamp() for row in rows]
    assert min(sent) >= started.timestamp()
    assert most_in_one_second(sent) <= 20


def test_a_long_wait_for_the_rate_gives_rows_back_without_counting_a_try(settings):
    settings.VECINOS_SMS_RATE = 0.01
    rows = make(3)
    report = outbox.deliver_due(10, worker="w")
    assert report.counts == {Status.SENT: 1, Status.QUEUED: 2}
    waiting = [reload(r) for r in rows if reload(r).status == Status.QUEUED]
    assert all(r.attempts == 0 and r.deferrals == 0 for r in waiting)
    assert all(r.next_attempt_at > timezone.now() + datetime.timedelta(seconds=60) for r in waiting)


# --- provider callbacks --------------------------------------------------------------------------


def test_record_status_is_monotonic_and_idempotent():
    message = make(status=Status.SENT, provider_id="SM1")
    assert outbox.record_status("SM1", "delivered") is True
    assert outbox.record_status("SM1", "delivered") is False
    assert outbox.record_status("SM1", "sent") is False
    assert outbox.record_status("SM1", "failed", error_code="30003") is False
    row = reload(message)
    assert row.status == Status.DELIVERED and row.finished_at and row.error_code == ""
    assert outbox.record_status("SM1", "queued") is False
    assert outbox.record_status("unknown", "delivered") is False


def test_a_failed_callback_records_the_providers_code():
    message = make(status=Status.SENT, provider_id="SM2")
    assert outbox.record_status("SM2", "undelivered", error_code="30003")
    assert (reload(message).status, reload(message).error_code) == (Status.FAILED, "30003")


def test_a_callback_that_beats_the_providers_answer_is_kept():
    message = make()
    [claimed] = outbox.claim(1, worker="w")
    # The provider calls back (with our id in the URL) before its API answer reaches us.
    assert outbox.record_status("SM3", "delivered", message_id=str(message.pk))
    outbox._mark_sent(claimed, outbox.SendResult("SM3"), final=False)
    outbox._write_sent([claimed])
    row = reload(message)
    assert (row.status, row.provider_id) == (Status.DELIVERED, "SM3")
    assert row.sent_at is not None


def test_record_status_ignores_a_malformed_message_id():
    assert outbox.record_status("", "delivered", message_id="not-a-uuid") is False


# --- tasks ---------------------------------------------------------------------------------------


def test_deliver_messages_sends_only_the_given_due_rows():
    wanted, other = make(2)
    later = make(next_attempt_at=timezone.now() + datetime.timedelta(hours=1))
    tasks.deliver_messages.call([str(wanted.pk), str(later.pk)])
    assert [m.message_id for m in locmem.outbox] == [str(wanted.pk)]
    assert reload(other).status == Status.QUEUED


def test_the_sweep_resumes_a_dead_workers_rows_and_sends_them():
    rows = make(3)
    outbox.claim(3, worker="killed")
    OutboundMessage.objects.update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
    result = run_periodic.call("messaging.outbox_sweep")
    assert result["resumed"] == 3 and result["drainers"] == 1
    assert {m.message_id for m in locmem.outbox} == {str(r.pk) for r in rows}


def test_the_sweep_does_not_book_itself_on_a_backend_that_cannot_wait():
    assert schedule("messaging.outbox_sweep") is False


# --- a worker's hand ---------------------------------------------------------------------------


def test_an_opt_out_recorded_after_the_hands_check_stops_a_text_sent_a_second_later():
    first, second = outbox.claim(len(make(2)), worker="w")
    hand = outbox._Hand(outbox.DeliveryReport())
    hand.add([first, second])
    assert hand.deliver(first) == Status.SENT
    checked = hand.checked_at
    optout.opt_out("sms", second.to_address)

    # The hand's one check covers sends up to OPTOUT_CHECK_SECONDS after it: an opt-out
    # recorded since may miss a text sent within that second, never one sent later.
    assert not hand.is_opted_out(second, checked + outbox.OPTOUT_CHECK_SECONDS)
    assert hand.is_opted_out(second, checked + outbox.OPTOUT_CHECK_SECONDS + 0.001)
    assert hand.checked_at > checked
    hand.checked_at -= outbox.OPTOUT_CHECK_SECONDS + 0.001
    assert hand.deliver(second) == Status.SUPPRESSED
    hand.write()
    assert [m.message_id for m in locmem.outbox] == [str(first.pk)]
    assert (reload(first).status, reload(second).status) == (Status.SENT, Status.SUPPRESSED)


def test_a_claims_opt_outs_are_one_query_and_its_sends_one_write():
    rows = make(outbox.CLAIM_SIZE)
    optout.opt_out("sms", rows[3].to_address)
    with CaptureQueriesContext(connection) as queries:
        report = outbox.deliver_due(100, worker="w")
    # The claim (3 statements), the opt-out check (1), the suppressed row's update (1), the
    # next claim finding nothing (1) and the write of all 19 sends (2, each run for every row).
    assert len([q for q in queries if '"messaging_' in q["sql"]]) == 8
    assert report.counts == {Status.SENT: outbox.CLAIM_SIZE - 1, Status.SUPPRESSED: 1}
    sent = [reload(row) for row in rows if row != rows[3]]
    assert all(r.status == Status.SENT and r.provider_id and r.finished_at for r in sent)
    assert all(r.lease_until is None for r in sent)


def test_a_task_done_with_its_ids_helps_with_their_batch_as_many_again_at_most():
    rows = make(5, batch="fan-out")
    elsewhere = make(batch="")
    report = outbox.deliver_ids([str(rows[0].pk), str(rows[1].pk)], worker="w")
    assert report.counts == {Status.SENT: 4}
    assert [reload(row).status for row in rows].count(Status.SENT) == 4
    assert reload(elsewhere).status == Status.QUEUED
