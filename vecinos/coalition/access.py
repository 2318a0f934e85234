"""Who works on coalition letters in the back office, and the only way a view reads a signer.

Admins and organizers see letters and their signatures; nobody else does, and is answered
404. Listing the queue with its contacts, opening a signature and exporting the PDF from the
back office are audited here.
"""

from django.core.exceptions import ValidationError
from django.http import Http404

from vecinos.accounts.roles import Role, has_role
from vecinos.core.audit import log_action
from vecinos.core.pages import one_per_translation

from .audit import AuditCode
from .models import (
    EventInvitation,
    EventPage,
    LetterPage,
    PetitionPage,
    PetitionSignature,
    Signature,
)


def can_coordinate(user) -> bool:
    """Return whether the user works on coalition campaigns: admins and organizers."""
    return has_role(user, Role.ADMIN, Role.ORGANIZER)


def require_coordinator(user) -> None:
    if not can_coordinate(user):
        raise Http404


def _access_page(user, model, pk):
    require_coordinator(user)
    page = model.objects.filter(pk=pk).first()
    if page is None:
        raise Http404
    return page


def letters(user) -> list[LetterPage]:
    """Return one page per letter (the English one when it exists), newest first."""
    require_coordinator(user)
    return one_per_translation(LetterPage.objects.order_by("-first_published_at", "-pk"))


def access_letter(user, pk) -> LetterPage:
    return _access_page(user, LetterPage, pk)


def signatures_with_contacts(user, letter: LetterPage, queryset) -> list[Signature]:
    """Return signatures whose contacts a screen shows, with one audit row for the listing."""
    require_coordinator(user)
    rows = list(queryset.filter(letter_key=letter.translation_key))
    if rows:
        log_action(
            user,
            AuditCode.SIGNATURES_VIEWED,
            letter,
            detail={"rows": len(rows)},
        )
    return rows


def access_signature(user, letter: LetterPage, pk) -> Signature:
    """Return one signature of the letter for a staff decision, or answer 404."""
    require_coordinator(user)
    try:
        signature = Signature.objects.filter(pk=pk, letter_key=letter.translation_key).first()
    except ValidationError:
        signature = None
    if signature is None:
        raise Http404
    return signature


def log_export(user, letter: LetterPage) -> None:
    log_action(user, AuditCode.LETTER_EXPORTED, letter)


def petitions(user) -> list[PetitionPage]:
    require_coordinator(user)
    return one_per_translation(PetitionPage.objects.order_by("-first_published_at", "-pk"))


def access_petition(user, pk) -> PetitionPage:
    return _access_page(user, PetitionPage, pk)


def access_petition_signature(user, petition: PetitionPage, pk) -> PetitionSignature:
    require_coordinator(user)
    try:
        row = PetitionSignature.objects.filter(pk=pk, petition_key=petition.translation_key).first()
    except ValidationError:
        row = None
    if row is None:
        raise Http404
    return row


def log_petition_export(user, petition: PetitionPage, *, rows: int, kind: str) -> None:
    log_action(user, AuditCode.PETITION_EXPORTED, petition, detail={"rows": rows, "kind": kind})


def events(user) -> list[EventPage]:
    require_coordinator(user)
    return one_per_translation(EventPage.objects.order_by("-starts_at", "-pk"))


def access_event(user, pk) -> EventPage:
    return _access_page(user, EventPage, pk)


def invitations(user, event: EventPage) -> list[EventInvitation]:
    """Return the event's invitation requests, newest first, for its screen."""
    require_coordinator(user)
    return list(
        EventInvitation.objects.filter(event_key=event.translation_key).select_related(
            "requested_by", "decided_by"
        )[:20]
    )


def access_invitation(user, event: EventPage, pk) -> EventInvitation:
    """Return one invitation request of the event for a staff decision, or answer 404."""
    require_coordinator(user)
    invitation = EventInvitation.objects.filter(pk=pk, event_key=event.translation_key).first()
    if invitation is None:
        raise Http404
    return invitation
