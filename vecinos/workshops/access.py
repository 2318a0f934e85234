"""Who may see workshops' people and figures, and the only way a view fetches them."""

from django.http import Http404

from vecinos.accounts.roles import Role, has_role

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
