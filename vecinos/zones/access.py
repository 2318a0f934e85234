"""Who may see which zones, blocks and members in the back office, and the only way a view
fetches one.

- Admins and organizers see every zone, block and member.
- Researchers see coverage counts (zones and blocks), never a member.
- A block captain sees the blocks they captain and those blocks' members, nothing else.
- Everyone else sees nothing.

Whatever a user may not see answers 404, as if it did not exist. The reads of members that
are audited (the list, a member's page) are functions here, which write the audit row.
"""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from vecinos.accounts.roles import Role, has_role
from vecinos.core.audit import log_action

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
