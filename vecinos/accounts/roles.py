"""Staff roles. Each role is a Django group of the same name, created by a data migration."""

from django.db import models
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    ADMIN = "admin", pgettext_lazy("staff role", "Admin")
    ORGANIZER = "organizer", pgettext_lazy("staff role", "Organizer")
    DISPATCHER = "dispatcher", pgettext_lazy("staff role", "Dispatcher")
    EDITOR = "editor", pgettext_lazy("staff role", "Editor")
    FUNDRAISER = "fundraiser", pgettext_lazy("staff role", "Fundraiser")
    RESEARCHER = "researcher", pgettext_lazy("staff role", "Researcher")
    # A neighbour who leads a block: sees that block's members and nothing else.
    CAPTAIN = "captain", pgettext_lazy("staff role", "Block captain")


# Editors handle public content only and never see a person, so a password is enough for them;
# every other role can reach people's data and must use a second factor.
ROLES_WITHOUT_TWO_FACTOR = frozenset({Role.EDITOR.value})


def role_names(user) -> set[str]:
    """Return the names of the roles (groups) the user belongs to."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_vecinos_role_names", None)
    if cached is None:
        from vecinos.accounts.backends import load_roles_and_permissions

        # The permissions come in the same query; most pages ask for both.
        load_roles_and_permissions(user)
        cached = user._vecinos_role_names
    return cached


def has_role(user, *roles: str) -> bool:
    """Return whether the user holds any of the given roles; a superuser counts as an admin."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser and Role.ADMIN in roles:
        return True
    return bool(role_names(user) & {str(role) for role in roles})


def requires_two_factor(user) -> bool:
    """Return whether the user must pass a second factor before using the admin."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    names = role_names(user)
    # A user with no role at all is treated strictly: whatever they were granted directly
    # could reach people's data.
    return not names or not names <= ROLES_WITHOUT_TWO_FACTOR
