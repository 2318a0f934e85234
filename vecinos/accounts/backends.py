"""The sign-in backend: Django's model backend with the reads of every staff page folded together.

Each admin page needs the user, their Wagtail profile (language, time zone), their roles and
their permissions. Django reads these in four queries; here the profile comes with the user and
the roles with both kinds of permissions, in one query each, still on every request: a role
taken away counts from the next page on.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import Value


class StaffBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("wagtail_userprofile")
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if (
            user_obj.is_active
            and not user_obj.is_anonymous
            and obj is None
            and not user_obj.is_superuser
            and not hasattr(user_obj, "_perm_cache")
        ):
            load_roles_and_permissions(user_obj)
        return super().get_all_permissions(user_obj, obj)


def load_roles_and_permissions(user) -> None:
    """Read the user's roles, their permissions and the user's own in one query, and keep them
    on the user object where Django's backend and `roles.role_names` look first."""
    by_group = Group.objects.filter(user=user).values_list(
        "name", "permissions__content_type__app_label", "permissions__codename"
    )
    own = Permission.objects.filter(user=user).values_list(
        Value(""), "content_type__app_label", "codename"
    )
    roles, group_perms, user_perms = set(), set(), set()
    for role, app_label, codename in by_group.order_by().union(own.order_by(), all=True):
        if role:
            roles.add(role)
        if codename:
            (group_perms if role else user_perms).add(f"{app_label}.{codename}")
    user._vecinos_role_names = roles
    # A superuser holds every permission; Django's backend works that out itself.
    if not user.is_superuser:
        user._group_perm_cache = group_perms
        user._user_perm_cache = user_perms
