"""Who may see job applications, and the only way a view fetches one."""

from django.http import Http404

from vecinos.accounts.roles import Role, has_role
from vecinos.jobs.models import JobApplication


def can_handle_applications(user) -> bool:
    """Return whether the user hires: an admin (superusers count as admins)."""
    return has_role(user, Role.ADMIN)


def access_application(user, pk) -> JobApplication:
    """Return the application for hiring staff; anyone else gets 404, as if it did not exist."""
    if not can_handle_applications(user):
        raise Http404
    try:
        return JobApplication.objects.select_related("job").get(pk=pk)
    except (JobApplication.DoesNotExist, ValueError) as error:
        raise Http404 from error
