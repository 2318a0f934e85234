"""Every change to an event's RSVPs: answering on the web or to an invitation text, the
waitlist when there is a capacity, reminders, and the head count at the door.

Seats count people. Each write that changes who holds a seat locks one row of the event's
count first, so two people taking the last seat cannot both get it, and a "no" gives its
seats to the waitlist in the same transaction. What is shared with workshops (the reminder
times, the answers "1/2/3" by text, the start said in the person's language) is
vecinos.messaging.signups; "text and wait for the answer" is conversations.text_and_wait.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext

from vecinos.broadcasts.segments import Recipient, resolve
from vecinos.broadcasts.services import (
    FreshTwoFactorRequired,
    approval_threshold,
    is_fresh,
    is_second_approver,
)
from vecinos.core import pagecache
from vecinos.core.audit import log_action
from vecinos.core.dates import sms_datetime
from vecinos.messaging import conversations, signups
from vecinos.messaging.models import Channel
from vecinos.messaging.services import queue_message
from vecinos.privacy.blind_index import (
    email_index,
    find_by_email,
    find_by_phone,
    normalize_email,
    normalize_phone,
    phone_index,
)

from ..audit import AuditCode
from ..models import EventCount, EventInvitation, EventPage, Rsvp

RSVP_FLOW = "coalition.rsvp"
MAX_PARTY = 20
PLACE_CHARS = 60
TITLE_CHARS = 50
# An approved invitation still being sent after this long is handed to the worker again.
STALLED_AFTER = timedelta(minutes=10)
# Invitations queued in one write transaction while an approved send runs.
SEND_BATCH = 25


class InvitationError(Exception):
    """An invitation cannot move on from where it is; the message is shown to staff."""


class EventClosed(Exception):
    """The event has started or is not published."""


def reminder_hours() -> tuple[int, ...]:
    return tuple(sorted(settings.VECINOS_EVENT_REMINDER_HOURS, reverse=True))


@dataclass
class Attendee:
    language: str
    name: str = ""
    phone: str = ""
    email: str = ""
    party_size: int = 1
    may_contact: bool = False


def event_in_language(key, language: str) -> EventPage | None:
    pages = EventPage.objects.filter(translation_key=key).select_related("locale")
    by_language = {page.locale.language_code: page for page in pages}
    return (
        by_language.get(language) or by_language.get("en") or next(iter(by_language.values()), None)
    )


def _capacity_page(event: EventPage) -> EventPage:
    return event_in_language(event.translation_key, "en") or event


def event_counts(event: EventPage) -> dict:
    """Return what the page and staff see: people coming, maybe, not coming, seats left."""
    rsvps = event.rsvps()

    def people(queryset) -> int:
        return queryset.aggregate(total=Sum("party_size"))["total"] or 0

    coming = people(rsvps.coming())
    capacity = _capacity_page(event).capacity
    head = EventCount.objects.filter(event_key=event.translation_key).first()
    return {
        "yes": coming,
        "maybe": people(rsvps.filter(answer=Rsvp.Answer.MAYBE)),
        "no": rsvps.filter(answer=Rsvp.Answer.NO).count(),
        "waitlisted": people(rsvps.waitlisted()),
        "capacity": capacity,
        "seats_left": None if capacity is None else max(capacity - coming, 0),
        "head_count": head.head_count if head else None,
    }


# Messages ----------------------------------------------------------------------------------


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def message_context(event: EventPage, language: str) -> dict:
    page = event_in_language(event.translation_key, language) or event
    return {
        "title": _short(page.title, TITLE_CHARS),
        "when": sms_datetime(page.starts_at, language),
        "place": _short(page.where(), PLACE_CHARS),
        "url": settings.PUBLIC_URL + page.url,
    }


def _send(rsvp: Rsvp, event: EventPage, template: str, *, key: str) -> None:
    if rsvp.phone:
        channel, address = Channel.SMS, rsvp.phone
    elif rsvp.email:
        channel, address = Channel.EMAIL, rsvp.email
    else:
        return
    queue_message(
        channel=channel,
        to=address,
        language=rsvp.language,
        template=template,
        context=message_context(event, rsvp.language),
        purpose="campaign",
        dedupe_key=f"coalition:rsvp:{key}:{rsvp.pk}",
    )


# Answering ---------------------------------------------------------------------------------


def _lock(event: EventPage) -> None:
    # One row per event serializes the seat arithmetic, as the workshop row does for a
    # workshop; it is also where the head count lives.
    EventCount.objects.get_or_create(event_key=event.translation_key)
    EventCount.objects.select_for_update().get(event_key=event.translation_key)


def _existing(event: EventPage, phone: str, email: str) -> Rsvp | None:
    live = event.rsvps().filter(purged_at__isnull=True)
    if phone and (found := find_by_phone(live, "phone", phone)):
        return found[0]
    if email and (found := find_by_email(live, "email", email)):
        return found[0]
    return None


def _seats_for(event: EventPage, rsvp: Rsvp) -> bool:
    capacity = _capacity_page(event).capacity
    if capacity is None:
        return True
    taken = event.rsvps().coming().exclude(pk=rsvp.pk).aggregate(total=Sum("party_size"))
    return (taken["total"] or 0) + rsvp.party_size <= capacity


@transaction.atomic
def answer_event(
    event: EventPage, attendee: Attendee, answer: str, *, source: str, repeat_changes: bool
) -> Rsvp:
    """Record an answer (yes, maybe or no) and tell the person; return the RSVP.

    `repeat_changes` says whether a known phone or e-mail may change its earlier answer: a
    reply from the phone itself may, a web form typed by anyone may not (it gets the same
    page and the person is sent their answer again). Raise EventClosed.
    """
    if not event.live or not event.is_open:
        raise EventClosed(event.pk)
    _lock(event)
    phone = normalize_phone(attendee.phone) if attendee.phone else ""
    email = normalize_email(attendee.email) if attendee.email else ""
    if not (phone or email):
        raise ValueError("An RSVP needs a phone or an e-mail.")
    rsvp = _existing(event, phone, email)
    if rsvp is not None and not repeat_changes:
        _send(rsvp, event, "coalition/rsvp_" + _state(rsvp), key=f"again:{_stamp(rsvp)}")
        return rsvp
    if rsvp is None:
        rsvp = Rsvp(
            event_key=event.translation_key,
            name=attendee.name[:100],
            phone=phone,
            phone_index=phone_index(phone) if phone else None,
            email=email,
            email_index=email_index(email) if email else None,
            language=attendee.language,
            may_contact=attendee.may_contact,
            source=source,
            party_size=max(1, min(int(attendee.party_size), MAX_PARTY)),
        )
        code = AuditCode.RSVP_RECORDED
    else:
        code = AuditCode.RSVP_CHANGED
    was_coming = rsvp.pk is not None and rsvp.answer == Rsvp.Answer.YES and not rsvp.waitlisted
    rsvp.answer = answer
    rsvp.answered_at = timezone.now()
    rsvp.waitlisted = answer == Rsvp.Answer.YES and not (was_coming or _seats_for(event, rsvp))
    rsvp.save()
    log_action("public", code, rsvp, detail={"answer": answer, "source": source})
    _send(rsvp, event, "coalition/rsvp_" + _state(rsvp), key=f"{_state(rsvp)}:{_stamp(rsvp)}")
    if was_coming and answer != Rsvp.Answer.YES:
        promote_waitlist(event)
    pagecache.purge()
    return rsvp


def _stamp(rsvp: Rsvp) -> int:
    # One message per answer given: a repeat of the same form sends nothing more.
    return int(rsvp.answered_at.timestamp() * 1000)


def _state(rsvp: Rsvp) -> str:
    return "waitlisted" if rsvp.waitlisted else rsvp.answer


def promote_waitlist(event: EventPage) -> list[Rsvp]:
    """Give freed seats to the waitlist in order; the caller holds the event's lock."""
    promoted = []
    for rsvp in event.rsvps().waitlisted().select_for_update():
        if not _seats_for(event, rsvp):
            continue
        rsvp.waitlisted = False
        rsvp.save(update_fields=["waitlisted"])
        promoted.append(rsvp)
        log_action("system", AuditCode.RSVP_PROMOTED, rsvp)
        _send(rsvp, event, "coalition/rsvp_promoted", key="promoted")
    return promoted


# Invitations and reminders, answered by text -----------------------------------------------


def _queue_invitations(event: EventPage, recipients: Iterable[Recipient]) -> tuple[int, int]:
    """Queue an invitation to each recipient; return how many were queued and how many must
    wait, by text, for an exchange with another flow to end (ExchangeUnderWay)."""
    # The dedupe key names the event and the person, not the request: whoever was invited to
    # this event once, by any request, is never invited again.
    queued = waiting = 0
    idle = max(event.starts_at - timezone.now(), timedelta(hours=1))
    contexts: dict[str, dict] = {}
    for recipient in recipients:
        if recipient.language not in contexts:
            contexts[recipient.language] = message_context(event, recipient.language)
        context = contexts[recipient.language]
        key = f"coalition:invite:{event.translation_key}:{recipient.key}"
        if recipient.channel == Channel.SMS:
            try:
                message, _conversation = conversations.text_and_wait(
                    recipient.address,
                    "coalition/invitation",
                    context=context,
                    language=recipient.language,
                    purpose="campaign",
                    dedupe_key=key,
                    flow=RSVP_FLOW,
                    state={"event": event.pk},
                    idle=idle,
                    unless_in_other_flow=True,
                )
            except conversations.ExchangeUnderWay:
                waiting += 1
                continue
        else:
            message = queue_message(
                channel=Channel.EMAIL,
                to=recipient.address,
                language=recipient.language,
                template="coalition/invitation",
                context=context,
                purpose="campaign",
                dedupe_key=key,
            )
        queued += message is not None
    return queued, waiting


def _staff(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def invite_to_event(
    event: EventPage, *, segment: str, params: dict, channel: str, actor
) -> EventInvitation:
    """Text an audience an invitation they answer 1, 2 or 3, or e-mail them a link.

    Up to the broadcasts' approval threshold the invitations are queued at once; above it the
    request waits for a second staff member (approve_invitation). A reply reaches rsvp_reply
    (flows.py) through the conversation the text opened. Raise segments.UnknownSegment or
    ValueError for an audience the registry refuses.
    """
    if channel not in {Channel.SMS, Channel.EMAIL}:
        raise ValueError(f"No invitation goes by {channel[:20]!r}.")
    recipients = resolve(segment, params, channel=channel)
    now = timezone.now()
    invitation = EventInvitation(
        event_key=event.translation_key,
        segment=segment,
        segment_params=params,
        channel=channel,
        recipients=len(recipients),
        requested_by=_staff(actor),
        requested_at=now,
    )
    if len(recipients) > approval_threshold():
        invitation.status = EventInvitation.Status.AWAITING_APPROVAL
        invitation.save()
        log_action(
            actor,
            AuditCode.INVITATION_REQUESTED,
            invitation,
            detail={"recipients": invitation.recipients},
        )
        return invitation
    invitation.queued, waiting = _queue_invitations(event, recipients)
    if waiting:
        # Finished later by send_invitation, as an approved send is: resume_stalled_invitations
        # hands it to the worker again, from the time it was decided on, until all are invited.
        invitation.status = EventInvitation.Status.SENDING
        invitation.decided_by, invitation.decided_at = _staff(actor), now
        invitation.save()
        return invitation
    invitation.status = EventInvitation.Status.SENT
    invitation.sent_at = now
    invitation.save()
    log_action(actor, AuditCode.EVENT_INVITED, invitation, detail={"queued": invitation.queued})
    return invitation


def can_withdraw(invitation: EventInvitation, user) -> bool:
    """Return whether `user` may take back the request: the one who asked, while it waits."""
    return (
        invitation.status == EventInvitation.Status.AWAITING_APPROVAL
        and invitation.requested_by_id is not None
        and invitation.requested_by_id == user.pk
    )


def can_decide(invitation: EventInvitation, user) -> bool:
    """Return whether `user` may approve or refuse: an admin or organizer who did not ask."""
    return (
        is_second_approver(user, invitation.requested_by_id)
        and invitation.status == EventInvitation.Status.AWAITING_APPROVAL
    )


def _locked_while_waiting(invitation: EventInvitation) -> EventInvitation:
    invitation = EventInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != EventInvitation.Status.AWAITING_APPROVAL:
        raise InvitationError(gettext("This invitation is not waiting for approval."))
    return invitation


def _locked_for_decision(invitation: EventInvitation, actor) -> EventInvitation:
    invitation = _locked_while_waiting(invitation)
    if invitation.requested_by_id == actor.pk:
        raise InvitationError(gettext("Someone other than the one who asked must decide on it."))
    if not is_second_approver(actor, invitation.requested_by_id):
        raise InvitationError(gettext("Only an admin or organizer can decide on an invitation."))
    return invitation


def _record_decision(invitation: EventInvitation, actor, status: str) -> None:
    invitation.status = status
    invitation.decided_by = actor
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "decided_by", "decided_at"])


@transaction.atomic
def approve_invitation(
    invitation: EventInvitation, *, actor, two_factor_checked_at: datetime | None
) -> EventInvitation:
    """Record a second staff member's approval and hand the send to the background worker.

    As for a large broadcast, the approver must have typed an authenticator code within the
    last five minutes (`two_factor_checked_at`). Raise InvitationError or
    FreshTwoFactorRequired.
    """
    from ..tasks import send_invitation_task

    invitation = _locked_for_decision(invitation, actor)
    if not is_fresh(two_factor_checked_at):
        raise FreshTwoFactorRequired(
            gettext("Type a code from your authenticator app to approve an invitation this large.")
        )
    _record_decision(invitation, actor, EventInvitation.Status.SENDING)
    log_action(
        actor,
        AuditCode.INVITATION_APPROVED,
        invitation,
        detail={"recipients": invitation.recipients},
    )
    transaction.on_commit(lambda: send_invitation_task.enqueue(invitation.pk))
    return invitation


@transaction.atomic
def refuse_invitation(invitation: EventInvitation, *, actor) -> EventInvitation:
    """Record that a second staff member refused the invitation; nothing is sent."""
    invitation = _locked_for_decision(invitation, actor)
    _record_decision(invitation, actor, EventInvitation.Status.REFUSED)
    log_action(actor, AuditCode.INVITATION_REFUSED, invitation)
    return invitation


@transaction.atomic
def withdraw_invitation(invitation: EventInvitation, *, actor) -> EventInvitation:
    """Let the one who asked take back a request still waiting for approval; nothing is sent."""
    invitation = _locked_while_waiting(invitation)
    if not can_withdraw(invitation, actor):
        raise InvitationError(gettext("Only the one who asked can withdraw it."))
    _record_decision(invitation, actor, EventInvitation.Status.WITHDRAWN)
    log_action(actor, AuditCode.INVITATION_WITHDRAWN, invitation)
    return invitation


def resume_stalled_invitations(now: datetime | None = None) -> int:
    """Hand the worker again each approved invitation whose send has not finished in
    STALLED_AFTER: its task failed or its worker stopped part way. Sending again is harmless
    (send_invitation checks the status under a lock, and each person's dedupe key names the
    event, so whoever a committed batch queued is skipped); return how many were handed over."""
    from ..tasks import send_invitation_task

    cutoff = (now or timezone.now()) - STALLED_AFTER
    stalled = list(
        EventInvitation.objects.filter(
            status=EventInvitation.Status.SENDING, decided_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    for pk in stalled:
        send_invitation_task.enqueue(pk)
    return len(stalled)


def send_invitation(invitation: EventInvitation) -> EventInvitation:
    """Resolve an approved invitation's audience again and queue one invitation per person.

    Run by the background worker (tasks.send_invitation_task). The audience is resolved now,
    not when it was asked for, so whoever left it since is not invited. The invitations are
    queued SEND_BATCH to a transaction, each adding what it queued to `queued`, so that a
    large audience never holds SQLite's one write lock for long (the hotline's reports wait
    behind it); a send cut short and run again skips whoever was queued, by each person's
    dedupe key, and a run after the end finds the invitation sent and queues nothing. Whoever
    is in the middle of another exchange by text is invited on a later run.
    """
    with transaction.atomic():
        invitation = EventInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != EventInvitation.Status.SENDING:
            return invitation
        if invitation.queued is None:
            invitation.queued = 0
            invitation.save(update_fields=["queued"])
    event = event_in_language(invitation.event_key, "en")
    try:
        recipients = resolve(
            invitation.segment, invitation.segment_params, channel=invitation.channel
        )
    except LookupError:
        # The audience's app no longer offers it: nobody to invite.
        recipients = []
    # An event that started while the request waited is not worth inviting anyone to.
    if event is None or not event.is_open:
        recipients = []
    waiting = 0
    for start in range(0, len(recipients), SEND_BATCH):
        with transaction.atomic():
            queued, batch_waiting = _queue_invitations(
                event, recipients[start : start + SEND_BATCH]
            )
            EventInvitation.objects.filter(pk=invitation.pk).update(queued=F("queued") + queued)
        waiting += batch_waiting
    if waiting:
        # Some people are in the middle of another exchange by text: the send stays open, and
        # resume_stalled_invitations runs it again every few minutes, inviting them once they
        # are free (the others are skipped by their dedupe keys), until the event begins.
        return invitation
    with transaction.atomic():
        invitation = EventInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != EventInvitation.Status.SENDING:
            # Another run of the same send finished first and recorded the end.
            return invitation
        invitation.status = EventInvitation.Status.SENT
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["status", "sent_at"])
        log_action(
            invitation.decided_by,
            AuditCode.EVENT_INVITED,
            invitation,
            detail={"queued": invitation.queued},
        )
    return invitation


def send_due_reminders(now: datetime | None = None) -> int:
    """Remind everyone coming (or maybe coming) whose reminder is due; return the count.

    A text reminder opens a short conversation, so "2" in reply frees the seat.
    """
    now = now or timezone.now()
    hours_list = reminder_hours()
    horizon = signups.reminder_horizon(hours_list, now)
    if horizon is None:
        return 0
    sent = 0
    events = EventPage.objects.live().filter(
        starts_at__gt=now, starts_at__lte=horizon, locale__language_code="en"
    )
    keys = {page.translation_key: page for page in events}
    for page in EventPage.objects.live().filter(starts_at__gt=now, starts_at__lte=horizon):
        keys.setdefault(page.translation_key, page)
    for event in keys.values():
        rsvps = event.rsvps().filter(
            answer__in=[Rsvp.Answer.YES, Rsvp.Answer.MAYBE], waitlisted=False
        )
        for rsvp in rsvps.filter(purged_at__isnull=True):
            already = signups.parse_reminded(rsvp.reminders_sent)
            due = signups.due_reminder(event.starts_at, hours_list, already, now)
            if due is None:
                continue
            with transaction.atomic():
                if not _remind(event, rsvp, due.hours, now):
                    continue
                rsvp.reminders_sent = due.record(already)
                rsvp.save(update_fields=["reminders_sent"])
                sent += 1
    return sent


def _remind(event: EventPage, rsvp: Rsvp, hours: int, now: datetime) -> bool:
    """Queue the reminder; return False when it must wait for a later run: the person is in
    the middle of another exchange, which their "2" would reach instead (it is due until the
    start)."""
    key = f"coalition:reminder{hours}:{rsvp.pk}"
    if not rsvp.phone:
        _send(rsvp, event, "coalition/event_reminder", key=f"reminder{hours}")
        return True
    try:
        conversations.text_and_wait(
            rsvp.phone,
            "coalition/event_reminder",
            context=message_context(event, rsvp.language),
            language=rsvp.language,
            purpose="campaign",
            dedupe_key=key,
            flow=RSVP_FLOW,
            state={"event": event.pk},
            idle=max(event.starts_at - now, timedelta(minutes=30)),
            unless_in_other_flow=True,
            now=now,
        )
    except conversations.ExchangeUnderWay:
        return False
    return True


# At the door -------------------------------------------------------------------------------


@transaction.atomic
def record_head_count(event: EventPage, count: int, *, actor) -> EventCount:
    """Store the number of people at the door (it stays when the RSVPs' contacts go)."""
    _lock(event)
    row = EventCount.objects.get(event_key=event.translation_key)
    row.head_count = max(0, count)
    row.updated_at = timezone.now()
    row.save(update_fields=["head_count", "updated_at"])
    log_action(actor, AuditCode.EVENT_COUNTED, event, detail={"count": row.head_count})
    return row


PURGED_VALUES = {"name": "", "phone": "", "phone_index": None, "email": "", "email_index": None}
