"""Every change to a petition's signatures: signing on the web or by text, confirming by
link or code, staff review, and the milestones announced to signers.

Only confirmed signatures are counted, listed or exported (`counted()`): a signature waits
for its e-mailed link or texted code, and one whose first name looks made up, or that came in
a flood, waits for staff even then. Texting FIRMA or SIGN with the petition's code proves the
phone by itself, so such a signature is confirmed at once. Signing again with a known e-mail
or phone answers the same page and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

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
from vecinos.privacy.blind_index import (
    email_index,
    find_by_email,
    find_by_phone,
    normalize_email,
    normalize_phone,
    phone_index,
)

from ..audit import AuditCode
from ..models import PetitionMilestone, PetitionPage, PetitionSignature, Signature
from .letters import FLOOD_WINDOW, REPEAT_MESSAGES, looks_made_up

LINK_PURPOSE = "coalition/petition"
CODE_PURPOSE = "coalition/petition-code"
CODE_LENGTH = 6
MAX_CODE_ATTEMPTS = 5
# A petition spreads faster than a letter: a poster, a broadcast, a rally.
FLOOD_LIMIT = 300


class PetitionClosed(Exception):
    """The petition is past its deadline or not published."""


class WrongCode(ValueError):
    """A code that is not this signature's, or one typed wrong too many times."""


@dataclass
class PetitionSigner:
    language: str
    email: str = ""
    phone: str = ""
    first_name: str = ""
    city: str = ""
    show_publicly: bool = False
    may_contact: bool = False


def petition_for_code(code: str) -> PetitionPage | None:
    """Return the live petition whose text code this is (any language's page), or None."""
    wanted = signups.clean_code(code)
    if not wanted:
        return None
    for page in PetitionPage.objects.live().select_related("locale"):
        if signups.clean_code(page.short_code) == wanted and page.is_open:
            return page
    return None


def petition_in_language(key, language: str) -> PetitionPage | None:
    pages = PetitionPage.objects.filter(translation_key=key).select_related("locale")
    by_language = {page.locale.language_code: page for page in pages}
    return by_language.get(language) or next(iter(by_language.values()), None)


def confirm_url(signature: PetitionSignature) -> str:
    with translation.override(signature.language):
        path = reverse(
            "coalition:petition-confirm",
            kwargs={"token": signups.signed_token(LINK_PURPOSE, signature.pk)},
        )
    return settings.PUBLIC_URL + path


def confirmation_code(signature: PetitionSignature) -> str:
    return signups.short_code(CODE_PURPOSE, signature.pk, CODE_LENGTH)


def _contact(signature: PetitionSignature) -> tuple[str, str]:
    if signature.email:
        return Channel.EMAIL, signature.email
    return Channel.SMS, signature.phone


def _context(signature: PetitionSignature, **extra) -> dict:
    page = petition_in_language(signature.petition_key, signature.language)
    return {
        "title": (page.title if page else "")[:60],
        "url": settings.PUBLIC_URL + page.url if page else "",
        **extra,
    }


def _send_confirmation(signature: PetitionSignature, *, key: str) -> None:
    channel, address = _contact(signature)
    if channel == Channel.EMAIL:
        context = _context(signature, link=confirm_url(signature))
        template = "coalition/petition_confirm"
    else:
        context = _context(signature, code=confirmation_code(signature))
        template = "coalition/petition_code"
    queue_message(
        channel=channel,
        to=address,
        language=signature.language,
        template=template,
        context=context,
        purpose="verification",
        dedupe_key=f"coalition:petition:{key}:{signature.pk}",
    )


def _existing(petition: PetitionPage, email: str, phone: str) -> PetitionSignature | None:
    live = petition.signatures().filter(purged_at__isnull=True)
    if email and (found := find_by_email(live, "email", email)):
        return found[0]
    if phone and (found := find_by_phone(live, "phone", phone)):
        return found[0]
    return None


def _hold_reason(petition: PetitionPage, signer: PetitionSigner) -> str:
    if signer.first_name and looks_made_up(signer.first_name):
        return Signature.HoldReason.NAME
    recent = petition.signatures().filter(created_at__gte=timezone.now() - FLOOD_WINDOW)
    if recent.count() >= FLOOD_LIMIT:
        return Signature.HoldReason.FLOOD
    return ""


@transaction.atomic
def sign_petition(
    petition: PetitionPage, signer: PetitionSigner, *, source: str = "web"
) -> PetitionSignature:
    """Record a signature and send its link (e-mail) or code (text); return the row.

    Raise PetitionClosed, or ValueError for a signer with neither e-mail nor phone.
    """
    if not petition.live or not petition.is_open:
        raise PetitionClosed(petition.pk)
    email = normalize_email(signer.email) if signer.email else ""
    phone = normalize_phone(signer.phone) if signer.phone else ""
    if not (email or phone):
        raise ValueError("A signature needs an e-mail or a phone.")
    existing = _existing(petition, email, phone)
    if existing is not None:
        PetitionSignature.objects.filter(pk=existing.pk).update(repeats=F("repeats") + 1)
        existing.refresh_from_db(fields=["repeats"])
        if existing.status == PetitionSignature.Status.UNCONFIRMED:
            if existing.repeats <= REPEAT_MESSAGES:
                _send_confirmation(existing, key=f"again{existing.repeats}")
        log_action("public", AuditCode.PETITION_SIGNATURE_REPEATED, existing)
        return existing
    signature = PetitionSignature(
        petition_key=petition.translation_key,
        first_name=signer.first_name[:60],
        city=signer.city[:80],
        show_publicly=signer.show_publicly and bool(signer.first_name),
        email=email,
        email_index=email_index(email) if email else None,
        phone=phone,
        phone_index=phone_index(phone) if phone else None,
        language=signer.language,
        may_contact=signer.may_contact,
        source=source,
        hold_reason=_hold_reason(petition, signer),
    )
    signature.save(force_insert=True)
    if source == PetitionSignature.Source.SMS:
        # The text came from this phone: that is the second step of the opt-in.
        _confirm(signature)
    else:
        _send_confirmation(signature, key="confirm")
    log_action(
        "public",
        AuditCode.PETITION_SIGNATURE_CREATED,
        signature,
        detail={"source": source, "held": bool(signature.hold_reason)},
    )
    return signature


def _confirm(signature: PetitionSignature) -> PetitionSignature:
    if signature.status != PetitionSignature.Status.UNCONFIRMED:
        return signature
    signature.confirmed_at = timezone.now()
    signature.status = (
        PetitionSignature.Status.HELD
        if signature.hold_reason
        else PetitionSignature.Status.CONFIRMED
    )
    signature.save(update_fields=["confirmed_at", "status"])
    log_action("public", AuditCode.PETITION_SIGNATURE_CONFIRMED, signature)
    if signature.status == PetitionSignature.Status.CONFIRMED:
        pagecache.purge()
    return signature


def signature_for_link(token: str) -> PetitionSignature:
    """Return the signature a link or code page names; raise signups.InvalidLink."""
    pk = signups.token_pk(LINK_PURPOSE, token)
    signature = PetitionSignature.objects.filter(pk=pk, purged_at__isnull=True).first()
    if signature is None:
        raise signups.InvalidLink
    return signature


@transaction.atomic
def confirm_petition_signature(signature: PetitionSignature) -> PetitionSignature:
    """Confirm from the e-mailed link."""
    signature = PetitionSignature.objects.select_for_update().get(pk=signature.pk)
    return _confirm(signature)


def confirm_petition_code(signature: PetitionSignature, code: str) -> PetitionSignature:
    """Confirm with the code texted to the phone; raise WrongCode.

    The code is checked whatever the state, so the answer to a guess never tells whether the
    signature was confirmed before; a wrong guess is counted outside the transaction that
    the error rolls back.
    """
    with transaction.atomic():
        signature = PetitionSignature.objects.select_for_update().get(pk=signature.pk)
        if signature.failed_codes >= MAX_CODE_ATTEMPTS:
            raise WrongCode
        if signups.code_matches(CODE_PURPOSE, signature.pk, code, CODE_LENGTH):
            return _confirm(signature)
    PetitionSignature.objects.filter(pk=signature.pk).update(failed_codes=F("failed_codes") + 1)
    raise WrongCode


def code_page_url(signature: PetitionSignature) -> str:
    """Return the page where the texted code is typed (the id in it is signed)."""
    with translation.override(signature.language):
        return reverse(
            "coalition:petition-code",
            kwargs={"token": signups.signed_token(LINK_PURPOSE, signature.pk)},
        )


# Staff -------------------------------------------------------------------------------------


@transaction.atomic
def release_petition_signature(signature: PetitionSignature, *, actor) -> PetitionSignature:
    """Count a held signature that staff found real."""
    signature = PetitionSignature.objects.select_for_update().get(pk=signature.pk)
    if signature.status == PetitionSignature.Status.HELD:
        signature.status = PetitionSignature.Status.CONFIRMED
        signature.save(update_fields=["status"])
        log_action(actor, AuditCode.PETITION_SIGNATURE_RELEASED, signature)
        pagecache.purge()
    return signature


@transaction.atomic
def remove_petition_signature(signature: PetitionSignature, *, actor) -> PetitionSignature:
    signature = PetitionSignature.objects.select_for_update().get(pk=signature.pk)
    if signature.status != PetitionSignature.Status.REMOVED:
        signature.status = PetitionSignature.Status.REMOVED
        signature.save(update_fields=["status"])
        log_action(actor, AuditCode.PETITION_SIGNATURE_REMOVED, signature)
        pagecache.purge()
    return signature


def milestones(petition: PetitionPage) -> list[dict]:
    """Return each milestone with whether it is reached and whether it was announced."""
    count = petition.signatures().counted().count()
    announced = set(
        PetitionMilestone.objects.filter(petition_key=petition.translation_key).values_list(
            "count", flat=True
        )
    )
    return [
        {"count": value, "reached": count >= value, "announced": value in announced}
        for value in petition.milestone_counts
    ]


class MilestoneNotReached(Exception):
    """The count is below the milestone, or it was announced already."""


@transaction.atomic
def announce_milestone(petition: PetitionPage, count: int, *, actor) -> int:
    """Tell every confirmed signer who agreed to hear more that the petition reached `count`.

    Each gets one message in their language on the channel they signed with; return how many
    were queued. Raise MilestoneNotReached.
    """
    state = {m["count"]: m for m in milestones(petition)}.get(count)
    if state is None or not state["reached"] or state["announced"]:
        raise MilestoneNotReached(count)
    PetitionMilestone.objects.create(petition_key=petition.translation_key, count=count)
    queued = 0
    signers = petition.signatures().counted().filter(may_contact=True, purged_at__isnull=True)
    for signature in signers.iterator(chunk_size=500):
        channel, address = _contact(signature)
        if not address:
            continue
        message = queue_message(
            channel=channel,
            to=address,
            language=signature.language,
            template="coalition/milestone",
            context=_context(signature, count=count),
            purpose="campaign",
            dedupe_key=f"coalition:milestone:{count}:{signature.pk}",
        )
        queued += message is not None
    log_action(
        actor,
        AuditCode.PETITION_MILESTONE_ANNOUNCED,
        petition,
        detail={"count": count, "queued": queued},
    )
    return queued


PURGED_VALUES = {"email": "", "email_index": None, "phone": "", "phone_index": None}
