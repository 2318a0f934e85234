"""Who may see which zones, blocks and members in the back office, and the only way a view
fetches one.

- Admins and organizers see every zone, block and member.
- Researchers see coverage counts (zones and blocks), never a member.
- A block captain sees the blocks they captain and those blocks' members, nothing else.
- Everyone else sees nothing.

Whatever a user may not see answers 404, as if it did not exist. The reads of members that
are audited (the list, a member's page) are functions here, which write the audit row.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from vecinos.accounts.roles import Role, has_role
from vecinos.core.audit import log_action
from vecinos.core.models import AuditEntry

from .audit import AuditCode
from .models import Block, Member, Zone


def can_manage_members(user) -> bool:
    """Return whether the user sees and changes every member: admins and organizers."""
    return has_role(user, Role.ADMIN, Role.ORGANIZER)


def can_see_coverage(user) -> bool:
    """Return whether the user sees every zone's coverage counts (no person in them)."""
    return has_role(user, Role.ADMIN, Role.ORGANIZER, Role.RESEARCHER)


def is_captain(user) -> bool:
    """Return whether the user holds the block captain role."""
    return has_role(user, Role.CAPTAIN)


def can_see_members(user) -> bool:
    """Return whether the user sees any member at all (organizers, or a captain's block)."""
    return can_manage_members(user) or is_captain(user)


def visible_blocks(user) -> QuerySet[Block]:
    """Return the blocks whose page (and, for member-holders, members) the user may see."""
    blocks = Block.objects.select_related("zone")
    if can_see_coverage(user):
        return blocks
    if is_captain(user):
        return blocks.filter(captain_accounts=user)
    return blocks.none()


def visible_members(user) -> QuerySet[Member]:
    """Return the members the user may see: all for organizers, a captain's blocks' only."""
    members = Member.objects.select_related("zone", "block", "consent")
    if can_manage_members(user):
        return members
    if is_captain(user):
        return members.filter(block__captain_accounts=user)
    return members.none()


def access_zone(user, pk) -> Zone:
    """Return the zone for users who see coverage; anyone else gets 404."""
    if not can_see_coverage(user):
        raise Http404
    try:
        return Zone.objects.get(pk=pk)
    except (Zone.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def access_block(user, pk) -> Block:
    """Return the block if the user sees its coverage or captains it; 404 otherwise."""
    try:
        return visible_blocks(user).get(pk=pk)
    except (Block.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def access_member(user, pk) -> Member:
    """Return the member if the user may see them; 404 otherwise (another block's too)."""
    try:
        return visible_members(user).get(pk=pk)
    except (Member.DoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise Http404 from error


def access_member_for_change(user, pk) -> Member:
    """Return the member for admins and organizers, who may change them; 404 for anyone else."""
    if not can_manage_members(user):
        raise Http404
    return access_member(user, pk)


def access_block_for_change(user, pk) -> Block:
    """Return the block for admins and organizers, who may rename it; 404 for anyone else."""
    if not can_manage_members(user):
        raise Http404
    return access_block(user, pk)


def view_member(user, pk, *, screen: str = "") -> Member:
    """Return the member for their page (or its edit form: `screen`), audited."""
    member = access_member(user, pk)
    log_action(user, AuditCode.MEMBER_VIEWED, member, detail={"screen": screen} if screen else {})
    return member


def note_members_listed(user, count: int) -> None:
    """Record that the user saw a page of the members list (`count` names)."""
    if not can_see_members(user):
        raise Http404
    log_action(
        user,
        AuditCode.MEMBERS_LISTED,
        object_type=Member._meta.label_lower,
        detail={"count": count},
    )


# Revealing a member's contacts -------------------------------------------------------------

REVEAL_ACTION = AuditCode.MEMBER_REVEALED
REVEAL_WINDOW = timedelta(hours=1)


class RevealReason:
    """Why a phone number or e-mail was revealed: a short code, since the audit log takes no
    free text about people."""

    CALL = "call"
    FOLLOW_UP = "follow_up"
    RAPID_RESPONSE = "rapid_response"
    CORRECTION = "correction"
    MEMBER_ASKED = "member_asked"

    choices = [
        (CALL, pgettext_lazy("reveal reason", "To call or text them about organizing")),
        (FOLLOW_UP, pgettext_lazy("reveal reason", "To follow up after a workshop or event")),
        (RAPID_RESPONSE, pgettext_lazy("reveal reason", "Rapid response: an incident nearby")),
        (CORRECTION, pgettext_lazy("reveal reason", "To correct their record")),
        (MEMBER_ASKED, pgettext_lazy("reveal reason", "The member asked us to")),
    ]
    values = frozenset(code for code, _ in choices)


class RevealLimitReached(Exception):
    """The staff user has revealed as many contacts as allowed in the last hour."""


def reveal_limit() -> int:
    return settings.VECINOS_REVEAL_LIMIT_PER_HOUR


def reveals_in_last_hour(actor) -> int:
    """Count the contacts this staff user revealed in the last hour, from the audit log."""
    since = timezone.now() - REVEAL_WINDOW
    return AuditEntry.objects.filter(
        actor_id=actor.pk, action=REVEAL_ACTION, created__gte=since
    ).count()


@transaction.atomic
def reveal_contact(member: Member, *, actor, reason: str) -> tuple[str, str]:
    """Return the member's (phone, e-mail) in clear and record who asked and why.

    Raise RevealLimitReached beyond the hourly limit per staff user, so a stolen staff
    session cannot copy out the whole list, and ValueError for an unknown reason.
    """
    if reason not in RevealReason.values:
        raise ValueError(f"Unknown reason {reason!r}")
    # Counted inside the transaction: on SQLite it holds the write lock, so two requests
    # of the same user cannot both pass the last free reveal.
    if reveals_in_last_hour(actor) >= reveal_limit():
        raise RevealLimitReached
    log_action(actor, REVEAL_ACTION, member, detail={"reason": reason})
    return member.phone, member.email
