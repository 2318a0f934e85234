"""Event invitations: small ones go at once, large ones wait for a second staff member."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp

from vecinos.accounts.testing import sign_in_verified
from vecinos.broadcasts import segments
from vecinos.broadcasts.backoffice.views import TWO_FACTOR_SESSION_KEY
from vecinos.broadcasts.segments import Recipient
from vecinos.broadcasts.services import FreshTwoFactorRequired
from vecinos.coalition.models import EventInvitation
from vecinos.coalition.services import events
from vecinos.coalition.testing import audience_above_threshold, make_event
from vecinos.core.models import AuditEntry
from vecinos.messaging.models import OutboundMessage


@pytest.fixture
def audience(settings):
    """A test segment of three people, above a threshold of two."""
    with audience_above_threshold(settings, "test_invitees", "Test invitees") as people:
        yield people


@pytest.fixture
def event(homes):
    return make_event(homes)["en"]


def make_staff(username, role):
    user = get_user_model().objects.create_user(username=username, password="x" * 16)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def asker(db):
    return make_staff("orla", "organizer")


@pytest.fixture
def approver(db):
    return make_staff("omar", "organizer")


def signed_in(client, user):
    device = sign_in_verified(client, user)
    client.device = device
    return client


def code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def ask(event, asker):
    return events.invite_to_event(
        event, segment="test_invitees", params={}, channel="sms", actor=asker
    )


def screen(event):
    return reverse("coalition_admin:event", kwargs={"pk": event.pk})


def decide_url(event, invitation):
    return reverse(
        "coalition_admin:invitation-decide",
        kwargs={"pk": event.pk, "invitation": invitation.pk},
    )


def invitations_queued():
    return OutboundMessage.objects.filter(purpose="campaign").count()


def actions():
    return list(
        AuditEntry.objects.filter(action__startswith="coalition.")
        .order_by("seq")
        .values_list("action", "actor_id")
    )


def test_a_small_invitation_is_sent_at_once(event, audience, asker):
    del audience[2]
    invitation = ask(event, asker)
    assert (invitation.status, invitation.recipients, invitation.queued) == ("sent", 2, 2)
    assert invitations_queued() == 2
    assert actions() == [("coalition.event.invited", asker.pk)]


def test_a_large_invitation_is_held_and_nothing_is_queued(client, event, audience, asker):
    signed_in(client, asker)
    response = client.post(
        reverse("coalition_admin:event-invite", kwargs={"pk": event.pk}),
        {"segment": "test_invitees:", "channel": "sms"},
        follow=True,
    )
    invitation = EventInvitation.objects.get()
    assert (invitation.status, invitation.recipients, invitation.requested_by) == (
        "awaiting_approval",
        3,
        asker,
    )
    assert invitations_queued() == 0
    assert actions() == [("coalition.invitation.requested", asker.pk)]
    page = text(response)
    assert "another admin or organizer must approve these invitations" in page
    # The one who asked sees it waiting, and no button to approve it.
    assert "Awaiting approval" in page
    assert "Waiting for another admin or organizer to approve it." in page
    assert 'value="approve"' not in page


def test_an_unknown_channel_or_audience_asks_again_and_records_nothing(
    client, event, audience, asker
):
    signed_in(client, asker)
    url = reverse("coalition_admin:event-invite", kwargs={"pk": event.pk})
    for data in (
        {"segment": "test_invitees:", "channel": "pigeon" * 10},
        {"segment": "nope:1", "channel": "sms"},
    ):
        response = client.post(url, data, follow=True)
        assert "Choose who to invite." in text(response)
    assert (EventInvitation.objects.count(), invitations_queued()) == (0, 0)


def test_the_one_who_asked_cannot_approve(client, event, audience, asker):
    invitation = ask(event, asker)
    with pytest.raises(events.InvitationError):
        events.approve_invitation(invitation, actor=asker, two_factor_checked_at=timezone.now())
    signed_in(client, asker)
    client.post(decide_url(event, invitation), {"action": "approve", "code": code(client.device)})
    invitation.refresh_from_db()
    assert (invitation.status, invitations_queued()) == ("awaiting_approval", 0)


@pytest.mark.parametrize("role", ["editor", "dispatcher"])
def test_an_editor_or_dispatcher_cannot_approve(client, event, audience, asker, role):
    invitation = ask(event, asker)
    other = make_staff("ed", role)
    with pytest.raises(events.InvitationError):
        events.approve_invitation(invitation, actor=other, two_factor_checked_at=timezone.now())
    signed_in(client, other)
    response = client.post(decide_url(event, invitation), {"action": "approve"})
    assert response.status_code == 404
    assert client.get(screen(event)).status_code == 404
    invitation.refresh_from_db()
    assert (invitation.status, invitations_queued()) == ("awaiting_approval", 0)


def test_an_organizer_without_a_fresh_code_is_asked_for_one(
    client, event, audience, asker, approver
):
    invitation = ask(event, asker)
    with pytest.raises(FreshTwoFactorRequired):
        events.approve_invitation(invitation, actor=approver, two_factor_checked_at=None)
    signed_in(client, approver)
    # The code typed at sign-in does not count, nor one typed six minutes ago.
    session = client.session
    session[TWO_FACTOR_SESSION_KEY] = (timezone.now() - timedelta(minutes=6)).isoformat()
    session.save()
    page = text(client.get(screen(event)))
    assert 'name="code"' in page and 'value="approve"' in page
    response = client.post(decide_url(event, invitation), {"action": "approve"}, follow=True)
    assert "Type a code from your authenticator app" in text(response)
    response = client.post(
        decide_url(event, invitation), {"action": "approve", "code": "000000"}, follow=True
    )
    assert "That code is not right." in text(response)
    invitation.refresh_from_db()
    assert (invitation.status, invitations_queued()) == ("awaiting_approval", 0)


def test_a_second_organizer_with_a_fresh_code_approves_and_each_person_is_invited_once(
    client, event, audience, asker, approver, django_capture_on_commit_callbacks
):
    # Member 1 was invited before, by a small invitation of their own.
    segments.register_segment("test_first", "First", lambda params: audience[:1])
    events.invite_to_event(event, segment="test_first", params={}, channel="sms", actor=asker)
    segments.unregister_segment("test_first")
    invitation = ask(event, asker)
    # The audience is resolved again when it is sent: someone who joined meanwhile is invited.
    audience.append(Recipient("member:4", "sms", "+12155550104", "en"))
    signed_in(client, approver)
    url = decide_url(event, invitation)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "approve", "code": code(client.device)})
    assert response["Location"] == screen(event)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.decided_by, invitation.queued) == ("sent", approver, 3)
    assert invitations_queued() == 4
    sent = OutboundMessage.objects.filter(purpose="campaign")
    assert sorted(message.to_address for message in sent) == [p.address for p in audience]

    # Approving again, or the task running twice, invites nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "approve"}, follow=True)
    assert "This invitation is not waiting for approval." in text(response)
    invitation.status = EventInvitation.Status.SENDING
    invitation.save()
    assert events.send_invitation(invitation).queued == 3
    assert invitations_queued() == 4
    assert actions()[1:4] == [
        ("coalition.invitation.requested", asker.pk),
        ("coalition.invitation.approved", approver.pk),
        ("coalition.event.invited", approver.pk),
    ]
    assert "Sent · omar" in text(client.get(screen(event)))


def test_refusing_queues_nothing_and_records_who_refused(
    client, event, audience, asker, approver, django_capture_on_commit_callbacks
):
    invitation = ask(event, asker)
    signed_in(client, approver)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(decide_url(event, invitation), {"action": "refuse"})
    invitation.refresh_from_db()
    assert (invitation.status, invitation.decided_by, invitation.queued) == (
        "refused",
        approver,
        None,
    )
    assert (callbacks, invitations_queued()) == ([], 0)
    assert actions() == [
        ("coalition.invitation.requested", asker.pk),
        ("coalition.invitation.refused", approver.pk),
    ]
    with pytest.raises(events.InvitationError):
        events.approve_invitation(invitation, actor=approver, two_factor_checked_at=timezone.now())


def test_the_pending_request_reads_in_spanish(client, event, audience, asker, approver):
    from wagtail.users.models import UserProfile

    ask(event, asker)
    profile = UserProfile.get_for_user(approver)
    profile.preferred_language = "es"
    profile.save()
    signed_in(client, approver)
    page = text(client.get(screen(event)))
    assert "Invitaciones" in page
    assert "Esperando aprobación" in page
    assert "Código de su app de autenticación" in page
    assert ">Aprobar</button>" in page and ">Rechazar</button>" in page
    assert "Awaiting approval" not in page


def test_the_one_who_asked_withdraws_a_waiting_request_and_nobody_else_can(
    client, event, audience, asker, approver
):
    invitation = ask(event, asker)
    signed_in(client, approver)
    page = text(client.get(screen(event)))
    assert 'value="withdraw"' not in page
    client.post(decide_url(event, invitation), {"action": "withdraw"})
    invitation.refresh_from_db()
    assert invitation.status == "awaiting_approval"

    client.logout()
    signed_in(client, asker)
    assert 'value="withdraw">Withdraw</button>' in text(client.get(screen(event)))
    response = client.post(decide_url(event, invitation), {"action": "withdraw"}, follow=True)
    assert "Withdrawn: nobody is invited." in text(response)
    assert "Withdrawn · orla" in text(response)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.decided_by, invitations_queued()) == (
        "withdrawn",
        asker,
        0,
    )
    assert actions() == [
        ("coalition.invitation.requested", asker.pk),
        ("coalition.invitation.withdrawn", asker.pk),
    ]
    with pytest.raises(events.InvitationError):
        events.approve_invitation(invitation, actor=approver, two_factor_checked_at=timezone.now())


def test_an_approved_send_that_failed_is_sent_again_by_the_periodic_run(
    event, audience, asker, approver, monkeypatch
):
    from vecinos.core.periodic import get

    queue = events._queue_invitations

    def send_fails(*args, **kwargs):
        raise RuntimeError("the worker lost its database")

    invitation = ask(event, asker)
    monkeypatch.setattr(events, "_queue_invitations", send_fails)
    events.approve_invitation(invitation, actor=approver, two_factor_checked_at=timezone.now())
    with pytest.raises(RuntimeError):
        events.send_invitation(invitation)
    invitation.refresh_from_db()
    assert (invitation.status, invitations_queued()) == ("sending", 0)

    monkeypatch.setattr(events, "_queue_invitations", queue)
    # Still within the time a send may take: left to the task that may be running it.
    assert events.resume_stalled_invitations(invitation.decided_at + timedelta(minutes=9)) == 0
    assert invitations_queued() == 0
    later = invitation.decided_at + events.STALLED_AFTER + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert get("coalition.stalled_invitations").run() == 1
    invitation.refresh_from_db()
    assert (invitation.status, invitation.queued, invitations_queued()) == ("sent", 3, 3)
    assert get("coalition.stalled_invitations").run() == 0
    assert invitations_queued() == 3


def test_a_send_cut_short_keeps_its_committed_batches_and_the_next_run_finishes_it(
    event, audience, asker, approver, monkeypatch
):
    monkeypatch.setattr(events, "SEND_BATCH", 2)
    queue = events._queue_invitations
    batches = []

    def second_batch_fails(event, recipients):
        batches.append(len(recipients))
        if len(batches) == 2:
            raise RuntimeError("the worker stopped")
        return queue(event, recipients)

    invitation = ask(event, asker)
    events.approve_invitation(invitation, actor=approver, two_factor_checked_at=timezone.now())
    monkeypatch.setattr(events, "_queue_invitations", second_batch_fails)
    with pytest.raises(RuntimeError):
        events.send_invitation(invitation)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.queued, invitations_queued()) == ("sending", 2, 2)

    monkeypatch.setattr(events, "_queue_invitations", queue)
    invitation = events.send_invitation(invitation)
    assert batches == [2, 1]
    assert (invitation.status, invitation.queued, invitations_queued()) == ("sent", 3, 3)
    sent = OutboundMessage.objects.filter(purpose="campaign")
    assert sorted(message.to_address for message in sent) == [p.address for p in audience]


def test_someone_in_another_exchange_by_text_is_invited_once_it_is_over(
    client, event, audience, asker, monkeypatch
):
    """A responder asked to verify a raid answers 1 or 2, as an invitation asks: the invitation
    waits, or their "1" for the march would tell the hotline they are on their way."""
    from vecinos.core.periodic import get
    from vecinos.messaging import conversations

    del audience[2]
    busy = audience[0].address
    conversations.start_conversation(
        busy, "rapidresponse.verify", language="es", idle=timedelta(minutes=20)
    )
    signed_in(client, asker)
    response = client.post(
        reverse("coalition_admin:event-invite", kwargs={"pk": event.pk}),
        {"segment": "test_invitees:", "channel": "sms"},
        follow=True,
    )
    assert "Invitations sent: 1. The others are answering another text from us" in text(response)
    invitation = EventInvitation.objects.get()
    assert (invitation.status, invitation.queued) == ("sending", 1)
    assert [m.to_address for m in OutboundMessage.objects.filter(purpose="campaign")] == [
        audience[1].address
    ]
    assert conversations.active_conversation(busy).flow == "rapidresponse.verify"

    # Still verifying ten minutes on: the periodic run tries again and waits again.
    soon = timezone.now() + events.STALLED_AFTER + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: soon)
    assert get("coalition.stalled_invitations").run() == 1
    invitation.refresh_from_db()
    assert (invitation.status, invitations_queued()) == ("sending", 1)

    # The exchange is over: the next run invites them, and the send ends.
    later = soon + timedelta(minutes=20)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert get("coalition.stalled_invitations").run() == 1
    invitation.refresh_from_db()
    assert (invitation.status, invitation.queued, invitations_queued()) == ("sent", 2, 2)
    assert conversations.active_conversation(busy, now=later).flow == "coalition.rsvp"
    assert get("coalition.stalled_invitations").run() == 0
