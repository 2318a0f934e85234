"""Who may compose and send broadcasts, and the only way a view fetches one."""

from django.http import Http404

from vecinos.accounts.roles import Role, has_role

from .models import Broadcast


def can_broadcast(user) -> bool:
    """Return whether the user may compose, approve and send broadcasts: admins and organizers."""
    return has_role(user, Role.ADMIN, Role.ORGANIZER)


def access_broadcast(user, pk) -> Broadcast:
    """Return the broadcast for admins and organizers; anyone else gets 404."""
    if not can_broadcast(user):
        raise Http404
    try:
        return Broadcast.objects.select_related("created_by", "approved_by").get(pk=pk)
    except (Broadcast.DoesNotExist, ValueError) as error:
        raise Http404 from error
