"""Permission-scoped fetches for staff accounts."""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404

from .roles import Role, has_role


def access_staff_account(request_user, pk: int):
    """Return the staff user with this id if request_user may manage accounts; 404 otherwise."""
    if not has_role(request_user, Role.ADMIN):
        raise Http404
    return get_object_or_404(get_user_model(), pk=pk)
