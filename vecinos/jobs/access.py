"""Who may see job applications, and the only way a view fetches one.

The reads of applicants' details that are audited (the list, an application, a résumé) are
functions here, which write the audit row with the read.
"""

from django.http import Http404

from vecinos.accounts.roles import Role, has_role
from vecinos.core.audit import log_action
from vecinos.jobs.audit import AuditCode
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


def view_application(user, pk, *, screen: str = "") -> JobApplication:
    """Return the application to read (or edit: `screen`), and record that the user read it."""
    application = access_application(user, pk)
    log_action(
        user,
        AuditCode.APPLICATION_VIEWED,
        application,
        detail={"screen": screen} if screen else {},
    )
    return application


def note_applications_listed(user, count: int) -> None:
    """Record that the user saw the list of applicants (`count` rows), names included."""
    if not can_handle_applications(user):
        raise Http404
    log_action(
        user,
        AuditCode.APPLICATIONS_LISTED,
        object_type=JobApplication._meta.label_lower,
        detail={"count": count},
    )


def download_resume_of(user, pk) -> JobApplication:
    """Return the application whose résumé the user downloads, and record the download."""
    application = access_application(user, pk)
    log_action(user, AuditCode.RESUME_DOWNLOADED, application)
    return application
