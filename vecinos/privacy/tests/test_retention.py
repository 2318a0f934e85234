from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from vecinos.coalition import testing_samples as coalition
from vecinos.core.models import AuditEntry
from vecinos.fundraising.testing import samples as fundraising
from vecinos.hotline import testing as hotline
from vecinos.jobs.models import JobApplication
from vecinos.messaging.models import Conversation
from vecinos.privacy import retention
from vecinos.privacy.models import LegalHold
from vecinos.privacy.retention import registered, run_shredders, set_legal_hold

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 9, 1, 12, 0, tzinfo=UTC)
# Kinds that keep only the day, never the time (anonymous tips): a row made on a day counts
# from the start of that day in the local time zone, so their samples are made then.
DAY_ONLY = {"tips_unstarred", "letter_contacts", "petition_contacts"}


def start_for(name: str) -> datetime:
    if name in DAY_ONLY:
        return timezone.make_aware(datetime(NOW.year, NOW.month, NOW.day))
    return NOW


def make_job_application(at):
    application = JobApplication(
        job_title="Community organizer",
        name="Marisol Ocampo",
        email="marisol@example.org",
        phone="+12155550188",
        language="es",
        cover_letter="Vivo en el barrio.",
        resume_format="pdf",
        submitted_at=at,
    )
    application.resume.save("resume", ContentFile(b"%PDF-1.4 test"), save=False)
    application.save(force_insert=True)
    return application


def job_application_exists(application):
    return JobApplication.objects.filter(pk=application.pk).exists()


def make_conversation(at):
    from vecinos.messaging.conversations import start_conversation

    conversation = start_conversation("+12155550188", "signup", language="es")
    Conversation.objects.filter(pk=conversation.pk).update(expires_at=at)
    return conversation


def conversation_exists(conversation):
    return Conversation.objects.filter(pk=conversation.pk).exists()


def make_outbound_message(at):
    from vecinos.messaging.models import OutboundMessage

    return OutboundMessage.objects.create(
        channel="sms",
        to_address="+12155550188",
        to_index=1,
        body="Reunión el martes",
        language="es",
        purpose="reminder",
        status=OutboundMessage.Status.DELIVERED,
        sent_at=at,
        finished_at=at,
    )


def outbound_message_names_someone(message):
    from vecinos.messaging.models import OutboundMessage

    row = OutboundMessage.objects.get(pk=message.pk)
    return bool(row.to_address or row.body or row.to_index is not None)


def make_inbound_message(at):
    from vecinos.messaging.models import InboundMessage

    return InboundMessage.objects.create(
        from_address="+12155550177",
        from_index=1,
        body="UNIRME",
        provider_id="SM" + "1" * 32,
        received_at=at,
    )


def inbound_message_names_someone(message):
    from vecinos.messaging.models import InboundMessage

    row = InboundMessage.objects.get(pk=message.pk)
    return bool(row.from_address or row.body or row.from_index is not None)


def make_member(status, **dates):
    from vecinos.privacy.blind_index import phone_index
    from vecinos.zones.models import Member

    member = Member(
        name="Rocío Navarro",
        phone="+12155550166",
        phone_index=phone_index("+12155550166"),
        source=Member.Source.WEB,
        status=status,
        **dates,
    )
    member.save(force_insert=True)
    return member


def make_pending_member(at):
    return make_member("pending", created_at=at)


def make_stopped_member(at):
    return make_member("stopped", created_at=at, stopped_at=at)


def member_exists(member):
    from vecinos.zones.models import Member

    return Member.objects.filter(pk=member.pk).exists()


def make_member_token(at):
    from vecinos.zones.models import MemberToken

    member = make_member("active", created_at=at)
    return MemberToken.objects.create(
        member=member, purpose="manage", secret_hash="0" * 64, created_at=at, expires_at=at
    )


def member_token_exists(token):
    from vecinos.zones.models import MemberToken

    return MemberToken.objects.filter(pk=token.pk).exists()


# One entry per registered shredder: how to make a row of its kind dated `at`, and how to
# tell whether its personal data is still there. A new shredder without one fails below.
def make_tip_source(at):
    from vecinos.tips.models import Source

    day = timezone.localdate(at)
    return Source.objects.create(
        lookup=f"sample-{at.timestamp()}",
        salt=b"s" * 16,
        verifier=b"v" * 32,
        opslimit=1,
        memlimit=8192,
        reply_public_key=b"k" * 32,
        first_tip_on=day,
        last_tip_on=day,
    )


def tip_source_exists(source):
    from vecinos.tips.models import Source

    return Source.objects.filter(pk=source.pk).exists()


def make_workshop_registration(at):
    from vecinos.workshops.models import Registration, Topic, Workshop

    topic = Topic.objects.create(name_en="Housing rights", name_es="Derechos de vivienda")
    workshop = Workshop.objects.create(
        topic=topic, starts_at=at - timedelta(hours=2), ends_at=at, place="Parish hall"
    )
    return Registration.objects.create(
        workshop=workshop,
        name="Lupe Ocampo",
        phone="+12155550177",
        language="es",
        status="confirmed",
        source="web",
    )


def registration_names_someone(registration):
    from vecinos.workshops.models import Registration

    return Registration.objects.get(pk=registration.pk).name != ""


def make_held_post(at):
    from vecinos.privacy.models import HeldPost

    return HeldPost.objects.create(
        form_key="hotline.report", language="es", data='{"description": ["x"]}', received_at=at
    )


def held_post_exists(held):
    from vecinos.privacy.models import HeldPost

    return HeldPost.objects.filter(pk=held.pk).exists()


SAMPLES = {
    "held_posts": (make_held_post, held_post_exists),
    "job_applications": (make_job_application, job_application_exists),
    "text_conversations": (make_conversation, conversation_exists),
    "outbound_messages": (make_outbound_message, outbound_message_names_someone),
    "inbound_messages": (make_inbound_message, inbound_message_names_someone),
    "members_unconfirmed": (make_pending_member, member_exists),
    "members_stopped": (make_stopped_member, member_exists),
    "member_tokens": (make_member_token, member_token_exists),
    "workshop_registrations": (make_workshop_registration, registration_names_someone),
    "incident_locations": (hotline.make_located_incident, hotline.has_precise_location),
    "hotline_unverified": (hotline.make_unverified_incident, hotline.incident_exists),
    "closed_cases": (hotline.make_closed_case, hotline.case_names_family),
    "hotline_recordings": (hotline.make_recorded_report, hotline.has_recording),
    "donor_records": (fundraising.make_donor_record, fundraising.donor_exists),
    "donation_checkouts": (fundraising.make_unfinished_checkout, fundraising.gift_exists),
    "donor_links": (fundraising.make_donor_link, fundraising.donor_link_exists),
    "payment_events": (fundraising.make_payment_event, fundraising.payment_event_exists),
    "tips_unstarred": (make_tip_source, tip_source_exists),
    "letter_unconfirmed": (coalition.make_unconfirmed_signature, coalition.signature_exists),
    "letter_contacts": (coalition.make_delivered_signature, coalition.signature_names_someone),
    "petition_unconfirmed": (
        coalition.make_unconfirmed_petition_signature,
        coalition.petition_signature_exists,
    ),
    "petition_contacts": (
        coalition.make_petition_signature_after_deadline,
        coalition.petition_signature_names_someone,
    ),
    "event_rsvps": (coalition.make_rsvp_of_ended_event, coalition.rsvp_names_someone),
}


def test_every_registered_shredder_has_a_sample_here():
    assert sorted(shredder.name for shredder in registered()) == sorted(SAMPLES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_kind_is_purged_at_its_period_and_not_before(name):
    shredder = next(s for s in registered() if s.name == name)
    make, exists = SAMPLES[name]
    start = start_for(name)
    row = make(start)

    run_shredders(now=start + shredder.period - timedelta(minutes=1))
    assert exists(row)

    report = run_shredders(now=start + shredder.period + timedelta(minutes=1))
    assert not exists(row)
    assert report.counts[name] == 1


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_period_comes_from_the_setting(name):
    make, exists = SAMPLES[name]
    start = start_for(name)
    row = make(start)
    with override_settings(VECINOS_RETENTION={name: 2}):
        run_shredders(now=start + timedelta(days=1))
        assert exists(row)
        run_shredders(now=start + timedelta(days=2, minutes=1))
        assert not exists(row)


def test_job_application_shredder_deletes_the_resume_file(django_capture_on_commit_callbacks):
    application = make_job_application(NOW)
    storage = application.resume.storage
    name = application.resume.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        run_shredders(now=NOW + timedelta(days=181))
    assert not storage.exists(name)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_nothing_is_purged_under_a_legal_hold(name):
    make, exists = SAMPLES[name]
    row = make(NOW)
    set_legal_hold(True, actor="system", reason="Preservation letter")

    report = run_shredders(now=NOW + timedelta(days=3650))

    assert exists(row)
    assert (report.held, report.counts) == (True, {})


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_dry_run_counts_but_deletes_nothing(name):
    make, exists = SAMPLES[name]
    row = make(NOW)
    report = run_shredders(now=NOW + timedelta(days=3650), dry_run=True)
    assert exists(row)
    assert report.counts[name] == 1
    assert not AuditEntry.objects.filter(action="privacy.retention.shredded").exists()


def test_a_run_that_purged_something_is_audited_with_counts_only():
    make_job_application(NOW)
    make_job_application(NOW)
    run_shredders(now=NOW + timedelta(days=365))
    entry = AuditEntry.objects.get(action="privacy.retention.shredded")
    assert entry.actor_label == "system"
    # Counts only, one per shredder; the others had nothing due.
    assert entry.detail == {name: 2 if name == "job_applications" else 0 for name in SAMPLES}


def test_a_run_with_nothing_due_writes_no_audit_row():
    run_shredders(now=NOW)
    assert not AuditEntry.objects.exists()


def test_shred_command_prints_counts_per_shredder(monkeypatch):
    make_job_application(datetime.now(UTC) - timedelta(days=400))
    make_job_application(datetime.now(UTC))
    out = StringIO()
    call_command("shred", "--dry-run", stdout=out)
    # Other shredders print their own lines (with nothing due); this one's is what matters.
    lines = out.getvalue().splitlines()
    assert "job_applications: 1 due (kept 180 days)" in lines
    assert lines[-1] == "Dry run: nothing was deleted."
    assert JobApplication.objects.count() == 2

    out = StringIO()
    call_command("shred", stdout=out)
    assert "job_applications: 1 purged (kept 180 days)" in out.getvalue().splitlines()
    assert JobApplication.objects.count() == 1


def test_shred_command_says_when_a_legal_hold_stops_it():
    make_job_application(datetime.now(UTC) - timedelta(days=400))
    call_command("legal_hold", "on", "--reason", "Court order", stdout=StringIO())
    out = StringIO()
    call_command("shred", stdout=out)
    assert out.getvalue() == "A legal hold is on: nothing was purged.\n"
    assert JobApplication.objects.count() == 1


def test_legal_hold_command_switches_and_audits_each_change():
    call_command("legal_hold", "on", "--reason", "Preservation letter", stdout=StringIO())
    assert LegalHold.is_on()
    assert LegalHold.current().reason == "Preservation letter"
    call_command("legal_hold", "off", stdout=StringIO())
    assert not LegalHold.is_on()
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", "detail"))
    assert actions == [("privacy.legal_hold.enabled", {}), ("privacy.legal_hold.disabled", {})]


def test_legal_hold_command_needs_a_reason_to_switch_on():
    with pytest.raises(CommandError):
        call_command("legal_hold", "on")
    assert not LegalHold.is_on()


def test_switching_to_the_same_state_writes_no_audit_row():
    set_legal_hold(False, actor="system")
    assert not AuditEntry.objects.exists()


def test_a_new_shredder_is_one_class():
    class ExpiredThings(retention.Shredder):
        name = "expired_things"
        description = "Rows of a kind that does not exist yet."
        default_period = timedelta(days=7)

        def due(self, now):
            return LegalHold.objects.none()

    try:
        retention.register(ExpiredThings())
        assert "expired_things" in [s.name for s in registered()]
        assert run_shredders(now=NOW).counts["expired_things"] == 0
    finally:
        retention.unregister("expired_things")
