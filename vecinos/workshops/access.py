"""Who may see workshops' people and figures, and the only way a view fetches them.

The reads of registrants' names that are audited (the door's list, the sign-in sheet) are
functions here, which write the audit row with the read.
"""

from django.http import Http404

from vecinos.accounts.roles import Role, has_role
from vecinos.core.audit import log_action

from .audit import AuditCode
from .models import Registration, Workshop


def can_manage_workshops(user) -> bool:
    """Return whether the user runs workshops and sees who registered: admins and organizers."""
    return has_role(user, Role.ADMIN, Role.ORGANIZER)


def can_see_figures(user) -> bool:
    """Return whether the user may see the workshop figures, which never name a person."""
    return has_role(user, Role.ADMIN, Role.ORGANIZER, Role.RESEARCHER)


def access_workshop(user, pk) -> Workshop:
    """Return the workshop for admins and organizers; anyone else gets 404."""
    if not can_manage_workshops(user):
        raise Http404
    try:
        return Workshop.objects.select_related("topic", "zone").get(pk=pk)
    except (Workshop.DoesNotExist, ValueError) as error:
        raise Http404 from error


def access_registration(user, workshop: Workshop, pk) -> Registration:
    """Return one of the workshop's registrations for admins and organizers; else 404."""
    if not can_manage_workshops(user):
        raise Http404
    try:
        return workshop.registrations.get(pk=pk)
    except (Registration.DoesNotExist, ValueError) as error:
        raise Http404 from error


def door_registrations(user, workshop: Workshop, *, searched: bool) -> list[Registration]:
    """Return the workshop's registrations still holding names, for the door; audited."""
    registrations = list(
        access_workshop(user, workshop.pk)
        .registrations.exclude(purged_at__isnull=False)
        .order_by("created_at")
    )
    log_action(user, AuditCode.REGISTRATIONS_VIEWED, workshop, detail={"searched": searched})
    return registrations


def signin_sheet_rows(user, workshop: Workshop) -> list[dict]:
    """Return the sign-in sheet's rows (name, family size, status) by name; audited."""
    workshop = access_workshop(user, workshop.pk)
    rows = [
        {
            "name": registration.name,
            "family_size": registration.family_size,
            "status": registration.get_status_display(),
        }
        for registration in workshop.registrations.exclude(
            status=Registration.Status.CANCELLED
        ).filter(purged_at__isnull=True)
    ]
    rows.sort(key=lambda row: row["name"].casefold())
    log_action(user, AuditCode.SIGNIN_SHEET_EXPORTED, workshop, detail={"rows": len(rows)})
    return rows


ATTENDANCE_COLUMNS = ["zone", "month", "families_trained"]


def export_attendance(user, months: int = 12) -> list[list]:
    """Families trained per zone per month, as counts; audited, 404 without the figures' role."""
    from vecinos.core.audit import log_action

    from .audit import AuditCode
    from .figures import families_by_zone_month

    if not can_see_figures(user):
        raise Http404
    periods, zones, counts = families_by_zone_month(months)
    rows = [
        [zone, period.strftime("%Y-%m"), count]
        for zone, row in zip(zones, counts, strict=True)
        for period, count in zip(periods, row, strict=True)
    ]
    log_action(
        user,
        AuditCode.ATTENDANCE_EXPORTED,
        object_type="trainings.registration",
        detail={"rows": len(rows)},
    )
    return rows
