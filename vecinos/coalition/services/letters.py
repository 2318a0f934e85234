"""Every change to a letter's signatures: signing, confirming, staff decisions, delivery.

A signature reaches the public list only through two doors: an individual confirms it from
the link sent to their e-mail (and nothing about it looked like abuse), or staff verify it
(every organization, and every individual held for review). The public count and the PDF
read `Signature.objects.public()` and nothing else, so an unconfirmed signature is never
counted. Signing again with an e-mail already under the letter changes nothing and answers
the same page, so the form says nothing about who signed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from vecinos.core import pagecache
from vecinos.core.audit import log_action
from vecinos.messaging import signups
from vecinos.messaging.models import Channel
from vecinos.messaging.services import queue_message
from vecinos.privacy.blind_index import email_index, find_by_email, normalize_email

from ..audit import AuditCode
from ..models import LetterDelivery, LetterPage, Signature

CONFIRM_PURPOSE = "coalition/signature"
# Messages that repeated signings with one e-mail may cause, so the form cannot be used to
# fill someone's inbox.
REPEAT_MESSAGES = 3
# More new signatures than this on one letter within FLOOD_WINDOW are held for staff: a
# coalition letter gathers dozens a day, not hundreds an hour.
FLOOD_LIMIT = 60
FLOOD_WINDOW = timedelta(hours=1)


class LetterClosed(Exception):
    """The letter is past its deadline, delivered, or not published."""


@dataclass
class Signer:
    """What a signer gave, already validated by the form."""

    kind: str
    public_name: str
    city: str
    email: str
    language: str
    state: str = ""
    org_type: str = ""
    affiliation: str = ""
    contact_name: str = ""
    may_contact: bool = False


# Names that are not names ------------------------------------------------------------------

PLACEHOLDER_NAMES = {
    "test",
    "testing",
    "prueba",
    "asdf",
    "qwerty",
    "aaa",
    "xxx",
    "none",
    "ninguno",
    "anonymous",
    "anonimo",
    "mickey mouse",
    "donald duck",
    "donald trump",
    "john doe",
    "jane doe",
    "fulano",
    "fulano de tal",
}
_REPEATED = re.compile(r"(.)\1{3,}", re.IGNORECASE)
_LINK = re.compile(r"https?://|www\.|\.(com|net|ru|xyz)\b", re.IGNORECASE)
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")


def looks_made_up(name: str) -> bool:
    """Return whether a name shown under a letter looks like a test, a joke or spam.

    It errs towards holding: a held name is only waiting for staff, never refused.
    """
    plain = " ".join(name.lower().split())
    if plain in PLACEHOLDER_NAMES or _LINK.search(plain) or _REPEATED.search(plain):
        return True
    letters = [ch for ch in plain if ch.isalpha()]
    if len(letters) < 2 or sum(ch.isdigit() for ch in plain) > 2:
        return True
    # A long run of consonants is a keyboard mash ("sdfghjkl"), in either language.
    return bool(_CONSONANT_RUN.search(plain))


# Messages ----------------------------------------------------------------------------------


def confirm_url(signature: Signature) -> str:
    with translation.override(signature.language):
        path = reverse(
            "coalition:confirm",
            kwargs={"token": signups.signed_token(CONFIRM_PURPOSE, signature.pk)},
        )
    return settings.PUBLIC_URL + path


def letter_in_language(letter_key, language: str) -> LetterPage | None:
    pages = LetterPage.objects.filter(translation_key=letter_key).select_related("locale")
    by_language = {page.locale.language_code: page for page in pages}
    return by_language.get(language) or next(iter(by_language.values()), None)


def _send(signature: Signature, template: str, *, key: str, purpose: str = "verification") -> None:
    letter = letter_in_language(signature.letter_key, signature.language)
    queue_message(
        channel=Channel.EMAIL,
        to=signature.email,
        language=signature.language,
        template=template,
        context={
            "title": letter.title if letter else "",
            "link": confirm_url(signature),
            "page_url": settings.PUBLIC_URL + letter.url if letter else "",
            "organization_signs": signature.is_organization,
            "public_name": signature.public_name,
        },
        purpose=purpose,
        dedupe_key=f"coalition:{key}:{signature.pk}",
    )


# Signing -----------------------------------------------------------------------------------


def _existing(letter: LetterPage, email: str) -> Signature | None:
    found = find_by_email(letter.signatures().filter(purged_at__isnull=True), "email", email)
    return found[0] if found else None


def _hold_reason(letter: LetterPage, signer: Signer) -> str:
    if looks_made_up(signer.public_name):
        return Signature.HoldReason.NAME
    recent = letter.signatures().filter(created_at__gte=timezone.now() - FLOOD_WINDOW)
    if recent.count() >= FLOOD_LIMIT:
        return Signature.HoldReason.FLOOD
    return ""


@transaction.atomic
def sign_letter(letter: LetterPage, signer: Signer) -> Signature:
    """Record a signature and send its confirmation link; return the row.

    An e-mail that already signed this letter gets its link (or a note that it signed) again,
    a few times at most, and nothing else changes. Raise LetterClosed.
    """
    if not letter.live or not letter.is_open:
        raise LetterClosed(letter.pk)
    email = normalize_email(signer.email)
    existing = _existing(letter, email)
    if existing is not None:
        Signature.objects.filter(pk=existing.pk).update(repeats=F("repeats") + 1)
        existing.refresh_from_db(fields=["repeats"])
        if existing.repeats <= REPEAT_MESSAGES:
            if existing.status == Signature.Status.UNCONFIRMED:
                _send(existing, "coalition/confirm_signature", key=f"confirm:{existing.repeats}")
            else:
                _send(existing, "coalition/already_signed", key=f"again:{existing.repeats}")
        log_action("public", AuditCode.SIGNATURE_REPEATED, existing)
        return existing
    signature = Signature(
        letter_key=letter.translation_key,
        kind=signer.kind,
        public_name=signer.public_name[:160],
        city=signer.city[:80],
        state=signer.state[:40],
        org_type=signer.org_type,
        affiliation=signer.affiliation[:160],
        contact_name=signer.contact_name[:120],
        email=email,
        email_index=email_index(email),
        language=signer.language,
        may_contact=signer.may_contact,
        hold_reason=_hold_reason(letter, signer),
    )
    signature.save(force_insert=True)
    _send(signature, "coalition/confirm_signature", key="confirm")
    log_action(
        "public",
        AuditCode.SIGNATURE_CREATED,
        signature,
        detail={"kind": signature.kind, "held": bool(signature.hold_reason)},
    )
    return signature


def signature_for_link(token: str) -> Signature:
    """Return the signature a confirmation link names; raise signups.InvalidLink."""
    pk = signups.token_pk(CONFIRM_PURPOSE, token)
    signature = Signature.objects.filter(pk=pk, purged_at__isnull=True).first()
    if signature is None:
        raise signups.InvalidLink
    return signature


@transaction.atomic
def confirm_signature(signature: Signature) -> Signature:
    """Record that the e-mail answered: an individual goes public, unless held; an
    organization waits for staff. A second confirmation changes nothing."""
    signature = Signature.objects.select_for_update().get(pk=signature.pk)
    if signature.status != Signature.Status.UNCONFIRMED:
        return signature
    signature.confirmed_at = timezone.now()
    if signature.is_organization:
        signature.status = Signature.Status.TO_VERIFY
    elif signature.hold_reason:
        signature.status = Signature.Status.HELD
    else:
        signature.status = Signature.Status.PUBLIC
    signature.save(update_fields=["confirmed_at", "status"])
    log_action("public", AuditCode.SIGNATURE_CONFIRMED, signature, detail={"to": signature.status})
    if signature.status == Signature.Status.HELD:
        log_action(
            "system", AuditCode.SIGNATURE_HELD, signature, detail={"why": signature.hold_reason}
        )
    if signature.status == Signature.Status.PUBLIC:
        pagecache.purge()
    return signature


# Staff decisions ---------------------------------------------------------------------------

DECISION_MAILS = {
    Signature.Status.PUBLIC: "coalition/organization_verified",
    Signature.Status.REJECTED: "coalition/organization_rejected",
}


def _decide(
    signature: Signature, status: str, *, note: str, code: str, actor, allowed
) -> Signature:
    signature = Signature.objects.select_for_update().get(pk=signature.pk)
    if signature.status not in allowed:
        return signature
    was_public = signature.status == Signature.Status.PUBLIC
    signature.status = status
    signature.decided_at = timezone.now()
    if note:
        signature.staff_note = note
    signature.save(update_fields=["status", "decided_at", "staff_note"])
    log_action(actor, code, signature, detail={"note": bool(note)})
    # An organization that confirmed its address waits for staff, so it hears how they decided;
    # the staff's note is for staff and never goes out.
    if signature.is_organization and signature.confirmed_at and status in DECISION_MAILS:
        _send(signature, DECISION_MAILS[status], key=status, purpose="campaign")
    if was_public or status == Signature.Status.PUBLIC:
        pagecache.purge()
    return signature


@transaction.atomic
def verify_signature(signature: Signature, *, actor, note: str = "") -> Signature:
    """Publish a signature staff checked: an organization, or a person held for review."""
    allowed = {Signature.Status.TO_VERIFY, Signature.Status.HELD}
    return _decide(
        signature,
        Signature.Status.PUBLIC,
        note=note,
        code=AuditCode.SIGNATURE_VERIFIED,
        actor=actor,
        allowed=allowed,
    )


@transaction.atomic
def reject_signature(signature: Signature, *, actor, note: str = "") -> Signature:
    """Keep a signature off the letter, with the staff's reason."""
    allowed = {Signature.Status.TO_VERIFY, Signature.Status.HELD, Signature.Status.UNCONFIRMED}
    return _decide(
        signature,
        Signature.Status.REJECTED,
        note=note,
        code=AuditCode.SIGNATURE_REJECTED,
        actor=actor,
        allowed=allowed,
    )


@transaction.atomic
def remove_signature(signature: Signature, *, actor, note: str = "") -> Signature:
    """Take a published signature off the letter (the signer asked, or it was a mistake)."""
    return _decide(
        signature,
        Signature.Status.REMOVED,
        note=note,
        code=AuditCode.SIGNATURE_REMOVED,
        actor=actor,
        allowed={Signature.Status.PUBLIC},
    )


@transaction.atomic
def mark_letter_delivered(letter: LetterPage, *, on: date, actor) -> LetterDelivery:
    """Record the delivery: signing closes, and the contacts' retention clock starts."""
    delivery, _created = LetterDelivery.objects.update_or_create(
        letter_key=letter.translation_key, defaults={"delivered_on": on}
    )
    log_action(actor, AuditCode.LETTER_DELIVERED, letter)
    pagecache.purge()
    return delivery


# The public list ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    label: str
    signatures: list[Signature]

    @property
    def count(self) -> int:
        return len(self.signatures)


@dataclass(frozen=True)
class Signatories:
    organizations: list[Group]
    individuals: list[Signature]

    @property
    def organization_count(self) -> int:
        return sum(group.count for group in self.organizations)

    @property
    def individual_count(self) -> int:
        return len(self.individuals)

    @property
    def total(self) -> int:
        return self.organization_count + self.individual_count


def public_signatories(letter: LetterPage) -> Signatories:
    """Return the public list: organizations grouped by type, then individuals, by name."""
    public = list(letter.signatures().public().order_by("public_name", "pk"))
    organizations = []
    for value, label in Signature.OrgType.choices:
        group = [s for s in public if s.is_organization and s.org_type == value]
        if group:
            organizations.append(Group(str(label), group))
    individuals = [s for s in public if not s.is_organization]
    return Signatories(organizations=organizations, individuals=individuals)


# Retention ---------------------------------------------------------------------------------

PURGED_VALUES = {"contact_name": "", "email": "", "email_index": None, "staff_note": ""}
