"""Every change to a member: joining, confirming, managing, leaving, training, erasing.

Joining never tells whether someone is already a member: the person who signs up with a phone
or e-mail we already hold gets the same answer on the page, and the message to that phone or
e-mail (which only its owner reads) says they are already in and how to manage it.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from vecinos.core.audit import log_action
from vecinos.messaging.models import Channel
from vecinos.messaging.optout import is_opted_out
from vecinos.messaging.services import queue_message
from vecinos.privacy import crypto
from vecinos.privacy.blind_index import (
    email_index,
    find_by_email,
    find_by_phone,
    normalize_email,
    normalize_phone,
    phone_index,
)

from .audit import AuditCode
from .models import Block, ConsentText, Member, MemberToken, Tag, Zone

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=30)
LINK_LIFETIME = timedelta(days=7)
MAX_CODE_ATTEMPTS = 5
# Messages that repeated sign-ups of one phone or e-mail may cause per window.
REPEAT_MESSAGES = 3
REPEAT_WINDOW = timedelta(hours=1)
# Members who stay unconfirmed this long are deleted (shredders.py).
PENDING_LIFETIME = timedelta(days=7)


class InvalidToken(ValueError):
    """A code or link that is wrong, used, expired or worn out by wrong guesses."""


class ExpiredToken(InvalidToken):
    """A link that was real but has expired or was already used."""


@dataclass
class Signup:
    """What a person gave when joining, already validated by a form or a conversation."""

    name: str
    language: str
    phone: str = ""
    email: str = ""
    zone: Zone | None = None
    block: Block | None = None
    available_mornings: bool = False
    available_evenings: bool = False
    has_car: bool = False
    languages_spoken: list[str] = field(default_factory=list)
    consent: ConsentText | None = None


def _token_hash(secret: str) -> str:
    return crypto.keyed_hash("zones/member-token", secret.encode()).hex()


def find_member(*, phone: str = "", email: str = "") -> Member | None:
    """Return the member with this phone (or else this e-mail), or None."""
    if phone:
        found = find_by_phone(Member.objects.all(), "phone", phone)
        if found:
            return found[0]
    if email:
        found = find_by_email(Member.objects.all(), "email", email)
        if found:
            return found[0]
    return None


def issue_token(member: Member, purpose: str, *, numeric: bool = False) -> str:
    """Create a one-time secret for the member and return it (only its hash is kept).

    A numeric code (typed back from a text message) lives 30 minutes; a link lives 7 days.
    """
    if numeric:
        # Codes are unique among live tokens because the hash column is unique: draw again
        # on the rare collision.
        while True:
            secret = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
            taken = MemberToken.objects.filter(secret_hash=_token_hash(_code_key(member, secret)))
            if not taken.exists():
                break
        stored = _code_key(member, secret)
        lifetime = CODE_LIFETIME
    else:
        secret = secrets.token_urlsafe(24)
        stored = secret
        lifetime = LINK_LIFETIME
    MemberToken.objects.create(
        member=member,
        purpose=purpose,
        secret_hash=_token_hash(stored),
        expires_at=timezone.now() + lifetime,
    )
    return secret


def _code_key(member: Member, code: str) -> str:
    # A six-digit code is only unique together with the member it was sent to.
    return f"{member.pk}:{code}"


def _live_tokens(member: Member, purpose: str):
    return MemberToken.objects.filter(
        member=member, purpose=purpose, used_at__isnull=True, expires_at__gt=timezone.now()
    )


def member_for_link(secret: str, purpose: str) -> Member:
    """Return the member a link belongs to, without using it up; raise InvalidToken."""
    token = (
        MemberToken.objects.select_related("member")
        .filter(
            secret_hash=_token_hash(secret or ""),
            purpose=purpose,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )
    if token is None:
        raise InvalidToken
    return token.member


def open_link(secret: str, purpose: str) -> Member:
    """Return the member a link belongs to, without using it up.

    Raise ExpiredToken for a link that existed but expired or was used, and InvalidToken for
    one that never existed (or whose member left, which deletes their links).
    """
    try:
        return member_for_link(secret, purpose)
    except InvalidToken:
        if MemberToken.objects.filter(
            secret_hash=_token_hash(secret or ""), purpose=purpose
        ).exists():
            raise ExpiredToken from None
        raise


def manage_url(member: Member) -> str:
    """Return a fresh one-time link with which the member manages their membership."""
    secret = issue_token(member, MemberToken.Purpose.MANAGE)
    with translation.override(member.language):
        path = reverse("zones:manage", kwargs={"secret": secret})
    return settings.PUBLIC_URL + path


def confirm_url(secret: str, language: str) -> str:
    with translation.override(language):
        path = reverse("zones:confirm_link", kwargs={"secret": secret})
    return settings.PUBLIC_URL + path


def _contact(member: Member) -> tuple[str, str]:
    """Return (channel, address) to reach the member: the phone first, else the e-mail.

    A phone that opted out of texts is skipped for the e-mail when there is one, as the
    broadcast audiences do (segments.py).
    """
    if member.phone and not (member.email and is_opted_out(Channel.SMS, member.phone)):
        return Channel.SMS, member.phone
    return Channel.EMAIL, member.email


def send_to_member(member: Member, template: str, context: dict | None = None, **options):
    """Queue a message to the member on their channel, in their language."""
    channel, address = _contact(member)
    return queue_message(
        channel=channel,
        to=address,
        language=member.language,
        template=template,
        context={
            "zone": member.zone.name if member.zone else "",
            **(context or {}),
        },
        purpose=options.pop("purpose", "zones"),
        **options,
    )


# No savepoint inside a caller's transaction (a public form's): whatever fails here fails
# the whole post, and two statements fewer.
@transaction.atomic(savepoint=False)
def join_zone(signup: Signup, *, source: str) -> Member:
    """Record a sign-up and send the confirmation; return the member.

    By web, the member stays pending until they type the code sent to their phone or follow
    the link sent to their e-mail. By text message the number is already proven, so the
    member is active at once. A phone or e-mail we already hold creates nobody: its owner
    gets a message saying they are already a member, with a link to manage it.
    """
    phone = normalize_phone(signup.phone) if signup.phone else ""
    email = normalize_email(signup.email) if signup.email else ""
    if not (phone or email):
        raise ValueError("A member needs a phone or an e-mail.")
    existing = find_member(phone=phone, email=email)
    if existing is not None and existing.status != Member.Status.STOPPED:
        if existing.status == Member.Status.PENDING and source == Member.Source.SMS:
            # A web sign-up still waiting for its code, now texting from that very number:
            # the texts prove the number as the code would have.
            _make_active(existing)
        elif existing.status == Member.Status.PENDING:
            if not _sent_often(existing, MemberToken.Purpose.CONFIRM):
                _send_confirmation(existing)
        elif not _sent_often(existing, MemberToken.Purpose.MANAGE):
            send_to_member(existing, "zones/already_member", {"link": manage_url(existing)})
        log_action("public", AuditCode.MEMBER_JOIN_REPEATED, existing)
        return existing
    member = existing or Member()
    member.name = signup.name.strip()
    member.phone = phone
    member.phone_index = phone_index(phone) if phone else None
    member.email = email
    member.email_index = email_index(email) if email else None
    member.language = signup.language
    member.block = signup.block
    member.zone = signup.block.zone if signup.block else signup.zone
    member.available_mornings = signup.available_mornings
    member.available_evenings = signup.available_evenings
    member.has_car = signup.has_car
    member.languages_spoken = ",".join(signup.languages_spoken)
    member.consent = signup.consent or ConsentText.current()
    member.consented_at = timezone.now()
    member.source = source
    member.stopped_at = None
    if source == Member.Source.WEB:
        member.status = Member.Status.PENDING
        member.confirmed_at = None
    else:
        member.status = Member.Status.ACTIVE
        member.confirmed_at = timezone.now()
    member.save()
    log_action("public", AuditCode.MEMBER_JOINED, member, detail={"source": source})
    if member.status == Member.Status.PENDING:
        _send_confirmation(member)
    else:
        send_to_member(member, "zones/welcome", {"link": manage_url(member)})
    return member


def _sent_often(member: Member, purpose: str) -> bool:
    """Return whether repeated sign-ups already sent this member enough messages for now.

    The page answers a repeated sign-up exactly like a first one, so a stranger could type
    someone's number again and again; past a few messages an hour, the owner gets no more.
    """
    since = timezone.now() - REPEAT_WINDOW
    recent = MemberToken.objects.filter(member=member, purpose=purpose, created_at__gte=since)
    return recent.count() >= REPEAT_MESSAGES


def _send_confirmation(member: Member) -> None:
    """Send a code by text (typed back on the page) or a link by e-mail."""
    if member.phone:
        code = issue_token(member, MemberToken.Purpose.CONFIRM, numeric=True)
        send_to_member(member, "zones/confirm_code", {"code": code}, purpose="verification")
    else:
        secret = issue_token(member, MemberToken.Purpose.CONFIRM)
        send_to_member(
            member,
            "zones/confirm_link",
            {"link": confirm_url(secret, member.language)},
            purpose="verification",
        )


def confirm_with_code(phone: str, code: str) -> Member:
    """Activate the member with this phone if `code` is their live code; raise InvalidToken.

    Wrong codes count against every live code of that member, so guessing stops after a few.
    """
    member = find_member(phone=phone)
    if member is None:
        raise InvalidToken
    return _confirm_code(member, code)


def confirm_member_code(member_id, code: str) -> Member:
    """Activate the member with this id if `code` is their live code; raise InvalidToken.

    The sign-up page keeps only the member's id between the form and the code, never the
    phone number; a member erased meanwhile answers like a wrong code.
    """
    try:
        member = Member.objects.filter(pk=member_id).first() if member_id else None
    except (ValueError, ValidationError):
        member = None
    if member is None:
        raise InvalidToken
    return _confirm_code(member, code)


def _confirm_code(member: Member, code: str) -> Member:
    with transaction.atomic():
        tokens = list(_live_tokens(member, MemberToken.Purpose.CONFIRM).select_for_update())
        wanted = _token_hash(_code_key(member, (code or "").strip()))
        match = next((t for t in tokens if hmac.compare_digest(t.secret_hash, wanted)), None)
        if match is not None and match.failed_attempts < MAX_CODE_ATTEMPTS:
            return _activate(member, match)
        # Counted in this committed transaction, so the refusal below keeps the count.
        for token in tokens:
            token.failed_attempts += 1
            token.save(update_fields=["failed_attempts"])
    raise InvalidToken


@transaction.atomic
def confirm_with_link(secret: str) -> Member:
    """Activate the member a confirmation link was sent to; raise InvalidToken."""
    member = member_for_link(secret, MemberToken.Purpose.CONFIRM)
    token = MemberToken.objects.select_for_update().get(secret_hash=_token_hash(secret))
    return _activate(member, token)


def _activate(member: Member, token: MemberToken) -> Member:
    token.used_at = timezone.now()
    token.save(update_fields=["used_at"])
    if member.status != Member.Status.ACTIVE:
        _make_active(member)
    return member


def _make_active(member: Member) -> None:
    member.status = Member.Status.ACTIVE
    member.confirmed_at = timezone.now()
    member.save(update_fields=["status", "confirmed_at"])
    log_action("public", AuditCode.MEMBER_CONFIRMED, member)
    send_to_member(member, "zones/welcome", {"link": manage_url(member)})


@transaction.atomic
def change_block(member: Member, block: Block | None, *, zone: Zone | None = None, actor="public"):
    """Move the member to another block (or to a zone without a block yet)."""
    member.block = block
    member.zone = block.zone if block else zone
    member.save(update_fields=["block", "zone"])
    log_action(actor, AuditCode.MEMBER_MOVED, member)


@transaction.atomic
def set_language(member: Member, language: str, *, actor="public") -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unknown language {language!r}")
    member.language = language
    member.save(update_fields=["language"])
    log_action(actor, AuditCode.MEMBER_LANGUAGE_CHANGED, member, detail={"language": language})


@transaction.atomic
def stop_membership(member: Member, *, actor="public", notify: bool = True) -> None:
    """Stop the membership: no more messages about the zone. The record is erased later
    by the retention schedule (shredders.py), or at once with erase_member()."""
    if member.status == Member.Status.STOPPED:
        return
    member.status = Member.Status.STOPPED
    member.stopped_at = timezone.now()
    member.save(update_fields=["status", "stopped_at"])
    MemberToken.objects.filter(member=member).delete()
    log_action(actor, AuditCode.MEMBER_STOPPED, member)
    if notify:
        send_to_member(member, "zones/stopped")


@transaction.atomic
def resume_membership(member: Member, *, actor="public") -> None:
    """Undo stop_membership: the member is reached again (texts, alerts). One who had not yet
    confirmed their number is back to waiting for it."""
    if member.status != Member.Status.STOPPED:
        return
    member.status = Member.Status.ACTIVE if member.confirmed_at else Member.Status.PENDING
    member.stopped_at = None
    member.save(update_fields=["status", "stopped_at"])
    log_action(actor, AuditCode.MEMBER_RESUMED, member)


@transaction.atomic
def erase_member(member: Member, *, actor="public") -> None:
    """Delete the member and everything held with them."""
    log_action(actor, AuditCode.MEMBER_ERASED, object_type="zones.member", object_id=str(member.pk))
    member.delete()


@transaction.atomic
def set_role(member: Member, role: str, *, actor) -> None:
    """Set member, responder or captain; organizers do this by hand, workshops by attendance."""
    if role not in Member.Role.values:
        raise ValueError(f"Unknown role {role!r}")
    member.role = role
    member.save(update_fields=["role"])
    log_action(actor, AuditCode.MEMBER_ROLE_CHANGED, member, detail={"role": role})


@transaction.atomic
def mark_trained(
    member: Member, *, when: datetime, expires: datetime | None = None, actor="system"
) -> None:
    """Record that the member finished the responder training and make them a responder.

    A captain stays a captain. `expires` is when the training needs a refresher.
    """
    member.trained_at = when
    member.training_expires_at = expires
    fields = ["trained_at", "training_expires_at"]
    if member.role == Member.Role.MEMBER:
        member.role = Member.Role.RESPONDER
        fields.append("role")
    member.save(update_fields=fields)
    log_action(actor, AuditCode.MEMBER_TRAINED, member)


@transaction.atomic
def expire_training(now: datetime | None = None) -> int:
    """Turn responders whose training expired back into members; return how many."""
    now = now or timezone.now()
    expired = Member.objects.filter(role=Member.Role.RESPONDER, training_expires_at__lte=now).only(
        "pk", "role"
    )
    count = 0
    for member in expired:
        member.role = Member.Role.MEMBER
        member.save(update_fields=["role"])
        log_action("system", AuditCode.MEMBER_TRAINING_EXPIRED, member)
        count += 1
    return count


def set_tags(member: Member, names: list[str], *, actor) -> None:
    tags = [Tag.objects.get_or_create(name=name.strip()[:60])[0] for name in names if name.strip()]
    member.tags.set(tags)
    log_action(actor, AuditCode.MEMBER_TAGS_CHANGED, member, detail={"count": len(tags)})
