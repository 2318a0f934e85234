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
from django.db.models import Sum
from django.utils import timezone

from vecinos.broadcasts.segments import Recipient
from vecinos.broadcasts.services import approval_threshold
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
from ..models import EventCount, EventPage, Rsvp

RSVP_FLOW = "coalition.rsvp"
MAX_PARTY = 20
PLACE_CHARS = 60
TITLE_CHARS = 50


class InvitationTooLarge(Exception):
    """An invitation to more people than a broadcast may reach without a second approval.

    Invitations have no approval step of their own, so they stop where broadcasts start
    needing one; a larger audience is invited by a broadcast with the event's link.
    """

    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


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


def invite_to_event(event: EventPage, recipients: Iterable[Recipient], *, actor) -> int:
    """Text each recipient an invitation they answer 1, 2 or 3; e-mail the others a link.

    A reply reaches rsvp_reply (flows.py) through the conversation the text opened. Return
    how many invitations were queued. Above the broadcasts' approval threshold nothing is
    sent (InvitationTooLarge).
    """
    recipients = list(recipients)
    if len(recipients) > approval_threshold():
        raise InvitationTooLarge(approval_threshold())
    queued = 0
    idle = max(event.starts_at - timezone.now(), timedelta(hours=1))
    for recipient in recipients:
        context = message_context(event, recipient.language)
        key = f"coalition:invite:{event.translation_key}:{recipient.key}"
        if recipient.channel == Channel.SMS:
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
    log_action(actor, AuditCode.EVENT_INVITED, event, detail={"queued": queued})
    return queued


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
                _remind(event, rsvp, due.hours, now)
                rsvp.reminders_sent = due.record(already)
                rsvp.save(update_fields=["reminders_sent"])
                sent += 1
    return sent


def _remind(event: EventPage, rsvp: Rsvp, hours: int, now: datetime) -> None:
    key = f"coalition:reminder{hours}:{rsvp.pk}"
    if not rsvp.phone:
        _send(rsvp, event, "coalition/event_reminder", key=f"reminder{hours}")
        return
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
