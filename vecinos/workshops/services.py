"""Every change to a workshop's people: registering, the waitlist, reminders, check-in.

Seats count people, not registrations: a family of four takes four. Each write that changes
who holds a seat locks the workshop row first, so two people taking the last seat at the same
moment cannot both get it, and a freed seat is offered to the waitlist in the same
transaction. Messages are rows of the outbox written in that transaction too.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from vecinos.core.audit import log_action
from vecinos.core.dates import sms_datetime
from vecinos.core.organization import organization
from vecinos.messaging import conversations, signups
from vecinos.messaging.models import Channel
from vecinos.messaging.services import Recipient, queue_many, queue_message
from vecinos.privacy.blind_index import email_index, normalize_email, normalize_phone, phone_index
from vecinos.zones import services as zones

from .audit import AuditCode
from .models import Registration, TrainingRecord, Workshop

REMINDER_FLOW = "trainings.reminder"
MAX_FAMILY = 20
CODE_LENGTH = signups.CODE_LENGTH
# Longest title and place put into a text message, so each fits its declared segments.
TITLE_CHARS = 60
PLACE_CHARS = 70


class RegistrationClosed(Exception):
    """The workshop is not published, was cancelled, or has started."""


class WorkshopFull(Exception):
    """No seat is left and the workshop keeps no waitlist."""


class InvalidTicket(ValueError):
    """A check-in code or ticket that belongs to no registration of this workshop."""


@dataclass
class Registrant:
    """What a person gave when registering, already validated by a form or a conversation."""

    name: str
    language: str
    phone: str = ""
    email: str = ""
    family_size: int = 1


def reminder_hours() -> tuple[int, ...]:
    return tuple(sorted(settings.VECINOS_WORKSHOP_REMINDER_HOURS, reverse=True))


# Tickets and codes -----------------------------------------------------------------------


TICKET_PURPOSE = "workshops/ticket"
CODE_PURPOSE = "workshops/checkin-code"


def ticket_token(registration: Registration) -> str:
    """Return the signed token a confirmation carries; the QR code at the door holds it."""
    return signups.signed_token(TICKET_PURPOSE, registration.pk)


def registration_for_ticket(token: str) -> Registration:
    """Return the registration a signed ticket names; raise InvalidTicket."""
    try:
        pk = signups.token_pk(TICKET_PURPOSE, token)
        return Registration.objects.select_related("workshop__topic").get(pk=pk)
    except (signups.InvalidLink, Registration.DoesNotExist):
        raise InvalidTicket from None


def checkin_code(registration: Registration) -> str:
    """Return the short code printed under the QR code, for typing when scanning fails.

    It means nothing outside its workshop: the door matches it against that workshop's few
    registrations.
    """
    return signups.short_code(CODE_PURPOSE, registration.pk, CODE_LENGTH)


def find_by_code(workshop: Workshop, code: str) -> Registration:
    """Return the workshop's registration for a scanned ticket or a typed code."""
    code = (code or "").strip()
    if "." in code:
        # A scanned QR code, or the ticket link pasted whole.
        registration = registration_for_ticket(code.rstrip("/").rsplit("/", 1)[-1])
        if registration.workshop_id != workshop.pk:
            raise InvalidTicket
        return registration
    wanted = signups.clean_code(code)
    if len(wanted) != CODE_LENGTH:
        raise InvalidTicket
    for registration in workshop.registrations.exclude(status=Registration.Status.CANCELLED):
        if hmac.compare_digest(checkin_code(registration), wanted):
            return registration
    raise InvalidTicket


def ticket_url(registration: Registration) -> str:
    with translation.override(registration.language):
        path = reverse("workshops:ticket", kwargs={"token": ticket_token(registration)})
    return settings.PUBLIC_URL + path


# Messages ----------------------------------------------------------------------------------


def _contact(registration: Registration) -> tuple[str, str]:
    if registration.phone:
        return Channel.SMS, registration.phone
    return Channel.EMAIL, registration.email


def when_text(workshop: Workshop, language: str) -> str:
    """Return the start as texts say it: "Tuesday, March 3, 6:30 p.m." (vecinos.core.dates)."""
    return sms_datetime(workshop.starts_at, language)


def message_context(registration: Registration, *, short: bool = False) -> dict:
    """Return what the message templates show; `short` cuts it to what a text can carry."""
    workshop = registration.workshop
    language = registration.language
    title = workshop.title(language)
    place = workshop.where(language) if workshop.place or workshop.place_es else ""
    if short:
        # The ticket page, linked from every text, has the rest.
        title, place = _shorten(title, TITLE_CHARS), _shorten(place, PLACE_CHARS)
    return {
        # Cut to fit the texts' budget; every other message gets the name whole.
        "org_name": organization().name[:50],
        "title": title,
        "when": when_text(workshop, language),
        "place": place,
        "online_url": workshop.online_url,
        "url": ticket_url(registration),
        "code": checkin_code(registration),
        "count": registration.family_size,
    }


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def send_to_registrant(registration: Registration, template: str, *, key: str, **extra):
    """Queue one message to the registrant on their channel, in their language, once per key."""
    channel, address = _contact(registration)
    if not address:
        return None
    return queue_message(
        channel=channel,
        to=address,
        language=registration.language,
        template=template,
        context={**message_context(registration, short=channel == Channel.SMS), **extra},
        purpose="workshop",
        dedupe_key=f"trainings:{key}:{registration.pk}",
    )


# Registration ------------------------------------------------------------------------------


def _normalized(registrant: Registrant) -> tuple[str, str]:
    phone = normalize_phone(registrant.phone) if registrant.phone else ""
    email = normalize_email(registrant.email) if registrant.email else ""
    if not (phone or email):
        raise ValueError("A registration needs a phone or an e-mail.")
    return phone, email


def _existing(workshop: Workshop, phone: str, email: str) -> Registration | None:
    """Return this person's live registration for the workshop, found through the indexes."""
    from vecinos.privacy.blind_index import find_by_email, find_by_phone

    live = workshop.registrations.exclude(status=Registration.Status.CANCELLED)
    if phone and (found := find_by_phone(live, "phone", phone)):
        return found[0]
    if email and (found := find_by_email(live, "email", email)):
        return found[0]
    return None


def _link_member(phone: str, email: str):
    member = zones.find_member(phone=phone, email=email)
    if member is None or member.status == member.Status.STOPPED:
        return None
    return member


@transaction.atomic
def register_for_workshop(
    workshop: Workshop,
    registrant: Registrant,
    *,
    source: str,
    join_zone=None,
) -> Registration:
    """Register a family for a workshop (or its waitlist) and tell them; return the row.

    A zone member is linked by phone or e-mail (blind index). With `join_zone`, someone who is
    not a member yet joins that zone through zones.services.join_zone and gets its confirmation
    too. Registering twice with the same phone or e-mail changes nothing and sends the
    confirmation again; the returned row then has `answered_as_full` set when a new
    registration would have been refused, so that a public form answers both alike. Raise
    RegistrationClosed or WorkshopFull.
    """
    # Its topic and zone come with it (the messages name them, the row takes the zone); only
    # the workshop is locked.
    workshop = (
        Workshop.objects.select_related("topic", "zone")
        .select_for_update(of=("self",))
        .get(pk=workshop.pk)
    )
    if not workshop.is_open_for_registration:
        raise RegistrationClosed(workshop.pk)
    phone, email = _normalized(registrant)
    existing = _existing(workshop, phone, email)
    family = _family_size(registrant)
    if existing is not None:
        # Answered as a new registration would be: it takes its seats in the public count,
        # and on a full workshop the caller gets WorkshopFull (the family keeps its seat and
        # its own phone gets its ticket again).
        left = workshop.public_seats_left()
        if left >= family:
            Workshop.objects.filter(pk=workshop.pk).update(repeat_seats=F("repeat_seats") + family)
        _send_status(existing, repeat=True)
        log_action("public", AuditCode.REGISTRATION_REPEATED, existing)
        existing.answered_as_full = left < family and not workshop.waitlist
        return existing
    if workshop.public_seats_left() >= family:
        status = Registration.Status.CONFIRMED
    elif workshop.waitlist:
        status = Registration.Status.WAITLISTED
    else:
        raise WorkshopFull(workshop.pk)

    member = _link_member(phone, email)
    if member is None and join_zone is not None:
        member = zones.join_zone(
            zones.Signup(
                name=registrant.name,
                language=registrant.language,
                phone=phone,
                email=email,
                zone=join_zone,
            ),
            source=zones.Member.Source.SMS if source == "sms" else zones.Member.Source.WEB,
        )
    registration = _save_registration(
        workshop, registrant, phone, email, member, status=status, source=source
    )
    _send_status(registration)
    log_action(
        "public",
        AuditCode.REGISTRATION_CREATED,
        registration,
        detail={"source": source, "status": status, "member": member is not None},
    )
    return registration


def _family_size(registrant: Registrant) -> int:
    return max(1, min(int(registrant.family_size), MAX_FAMILY))


def _save_registration(
    workshop: Workshop, registrant: Registrant, phone: str, email: str, member, *, status, source
) -> Registration:
    """Write the registration of a family, counted in the member's zone or else the workshop's."""
    registration = Registration(
        workshop=workshop,
        name=registrant.name.strip(),
        phone=phone,
        phone_index=phone_index(phone) if phone else None,
        email=email,
        email_index=email_index(email) if email else None,
        language=registrant.language,
        family_size=_family_size(registrant),
        member=member,
        zone=member.zone if member and member.zone else workshop.zone,
        status=status,
        source=source,
    )
    registration.save(force_insert=True)
    return registration


def _send_status(registration: Registration, *, repeat: bool = False) -> None:
    suffix = ":again" if repeat else ""
    if registration.status == Registration.Status.CONFIRMED:
        send_to_registrant(registration, "workshops/confirmed", key=f"confirmed{suffix}")
    elif registration.status == Registration.Status.WAITLISTED:
        send_to_registrant(registration, "workshops/waitlisted", key=f"waitlisted{suffix}")


@transaction.atomic
def cancel_registration(
    registration: Registration, *, actor="public", notify: bool = True
) -> Registration:
    """Free the registration's seats, tell the person, and promote from the waitlist."""
    workshop = Workshop.objects.select_for_update().get(pk=registration.workshop_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return registration
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    log_action(actor, AuditCode.REGISTRATION_CANCELLED, registration)
    if notify:
        send_to_registrant(registration, "workshops/cancelled", key="cancelled")
    promote_waitlist(workshop)
    return registration


def promote_waitlist(workshop: Workshop) -> list[Registration]:
    """Give freed seats to the waitlist in order, skipping families too big for what is left.

    The caller holds the workshop's lock. Each promoted family is told.
    """
    if workshop.starts_at <= timezone.now():
        return []
    left = workshop.seats_left()
    promoted = []
    for registration in workshop.registrations.waitlisted().select_for_update():
        if left <= 0:
            break
        if registration.family_size > left:
            continue
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at"])
        left -= registration.family_size
        promoted.append(registration)
        log_action("system", AuditCode.REGISTRATION_PROMOTED, registration)
        send_to_registrant(registration, "workshops/promoted", key="promoted")
    return promoted


@transaction.atomic
def workshop_changed(workshop: Workshop, *, previous_status: str, actor) -> Workshop:
    """Act on an edit staff saved: tell everyone of a cancellation, or fill new seats.

    Called after the admin's form saved the workshop. A cancelled workshop's families each
    get one message; otherwise seats that a larger capacity opened go to the waitlist.
    """
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    log_action(actor, AuditCode.WORKSHOP_UPDATED, workshop, detail={"status": workshop.status})
    if workshop.status == Workshop.Status.CANCELLED:
        if previous_status != Workshop.Status.CANCELLED:
            live = workshop.registrations.exclude(status=Registration.Status.CANCELLED)
            for registration in live.filter(purged_at__isnull=True):
                send_to_registrant(
                    registration, "workshops/workshop_cancelled", key="workshop_cancelled"
                )
        return workshop
    if workshop.status == Workshop.Status.PUBLISHED:
        promote_waitlist(workshop)
    return workshop


# Reminders ---------------------------------------------------------------------------------


def send_due_reminders(now: datetime | None = None) -> int:
    """Send every reminder whose time has come; return how many were queued.

    A reminder is due `hours` before the start and until the start; one missed while the
    worker was down still goes, late, unless the workshop began. Each goes once: the hours
    are recorded on the registration in the same transaction as the outbox row.
    """
    now = now or timezone.now()
    hours_list = reminder_hours()
    horizon = signups.reminder_horizon(hours_list, now)
    if horizon is None:
        return 0
    workshops = Workshop.objects.published().filter(starts_at__gt=now, starts_at__lte=horizon)
    sent = 0
    for workshop in workshops:
        for registration in workshop.registrations.confirmed():
            due = signups.due_reminder(workshop.starts_at, hours_list, registration.reminded(), now)
            if due is None:
                continue
            with transaction.atomic():
                if not _send_reminder(registration, due.hours, now):
                    continue
                registration.reminders_sent = due.record(registration.reminded())
                registration.save(update_fields=["reminders_sent"])
                sent += 1
    return sent


def _send_reminder(registration: Registration, hours: int, now: datetime) -> bool:
    """Queue the reminder; return False when it must wait for a later run."""
    key = f"reminder{hours}"
    if not registration.phone:
        send_to_registrant(registration, "workshops/reminder", key=key)
        return True
    # The reply "2" must reach this registration: a short conversation carries it. A person
    # in the middle of another exchange gets the reminder on a later run, once it is over,
    # since their "2" would reach that exchange instead; it is due until the start.
    try:
        conversations.text_and_wait(
            registration.phone,
            "workshops/reminder",
            context=message_context(registration, short=True),
            language=registration.language,
            purpose="workshop",
            dedupe_key=f"trainings:{key}:{registration.pk}",
            flow=REMINDER_FLOW,
            state={"registration": str(registration.pk)},
            idle=max(registration.workshop.starts_at - now, timedelta(minutes=30)),
            unless_in_other_flow=True,
            now=now,
        )
    except conversations.ExchangeUnderWay:
        return False
    return True


# At the door -------------------------------------------------------------------------------


@transaction.atomic
def check_in_registration(
    registration: Registration, *, actor, when: datetime | None = None
) -> Registration:
    """Mark the family as present and record what the member was trained in.

    A waitlisted or cancelled family that turns up gets a seat: they are here. Attending a
    responder training makes the member a trained responder (zones.services.mark_trained),
    until the topic's refresher period runs out.
    """
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.attended_at is not None:
        return registration
    when = when or timezone.now()
    registration.attended_at = when
    registration.status = Registration.Status.CONFIRMED
    registration.save(update_fields=["attended_at", "status"])
    record_training(registration, when=when, actor=actor)
    log_action(actor, AuditCode.REGISTRATION_CHECKED_IN, registration)
    return registration


def record_training(registration: Registration, *, when: datetime, actor) -> None:
    member = registration.member
    if member is None:
        return
    topic = registration.workshop.topic
    expires = topic.expiry_from(when)
    TrainingRecord.objects.update_or_create(
        member=member,
        workshop=registration.workshop,
        defaults={"topic": topic, "trained_at": when, "expires_at": expires},
    )
    if topic.is_responder_training:
        zones.mark_trained(member, when=when, expires=expires, actor=actor)


@transaction.atomic
def undo_check_in(registration: Registration, *, actor) -> Registration:
    """Take back a check-in made by mistake (the training record goes with it)."""
    registration.attended_at = None
    registration.save(update_fields=["attended_at"])
    if registration.member_id:
        TrainingRecord.objects.filter(
            member_id=registration.member_id, workshop=registration.workshop
        ).delete()
    log_action(actor, AuditCode.REGISTRATION_CHECK_IN_UNDONE, registration)
    return registration


@transaction.atomic
def add_walk_in(workshop: Workshop, registrant: Registrant, *, actor) -> Registration:
    """Record a family who came without registering, already checked in."""
    phone = normalize_phone(registrant.phone) if registrant.phone else ""
    email = normalize_email(registrant.email) if registrant.email else ""
    member = _link_member(phone, email) if (phone or email) else None
    registration = _save_registration(
        workshop,
        registrant,
        phone,
        email,
        member,
        status=Registration.Status.CONFIRMED,
        source=Registration.Source.WALK_IN,
    )
    log_action(actor, AuditCode.REGISTRATION_WALKED_IN, registration)
    return check_in_registration(registration, actor=actor)


# Follow-up ---------------------------------------------------------------------------------

ATTENDED = "attended"
MISSED = "missed"


def followup_audience(workshop: Workshop, audience: str):
    confirmed = workshop.registrations.filter(status=Registration.Status.CONFIRMED)
    if audience == ATTENDED:
        return confirmed.filter(attended_at__isnull=False)
    if audience == MISSED:
        return confirmed.filter(attended_at__isnull=True)
    raise ValueError(f"Unknown audience {audience!r}")


@transaction.atomic
def send_followup(workshop: Workshop, *, audience: str, body: dict[str, str], actor) -> int:
    """Send a message to those who came (or those who missed it), each once; return how many.

    `body` is {"en": …, "es": …}; each person gets their language's text.
    """
    recipients = []
    for registration in followup_audience(workshop, audience):
        channel, address = _contact(registration)
        if not address:
            continue
        recipients.append(
            Recipient(
                to=address,
                language=registration.language,
                channel=channel,
                dedupe_key=f"workshops:followup:{audience}:{registration.pk}",
            )
        )
    subject = {code: workshop.title(code) for code in ("en", "es")}
    report = queue_many(
        recipients,
        channel=Channel.SMS,
        purpose="workshop",
        body=body,
        subject=subject,
        batch=f"workshops:followup:{workshop.pk}:{audience}",
    )
    log_action(
        actor,
        AuditCode.FOLLOWUP_SENT,
        workshop,
        detail={"audience": audience, **report.as_dict()},
    )
    return report.queued


# Retention ---------------------------------------------------------------------------------


def purge_registration(registration: Registration) -> None:
    """Blank a registration's personal details, keeping the anonymous row for the figures."""
    Registration.objects.filter(pk=registration.pk).update(
        **PURGED_VALUES, purged_at=timezone.now()
    )


PURGED_VALUES = {
    "name": "",
    "phone": "",
    "phone_index": None,
    "email": "",
    "email_index": None,
    "member": None,
}
