"""Who may use the dispatcher console, and the only way its views fetch hotline objects."""

from django.http import Http404

from vecinos.accounts.roles import Role, has_role

from .models import Alert, Case, Incident, Photo, Report


def can_dispatch(user) -> bool:
    """Return whether the user may use the hotline console: dispatchers and admins."""
    return has_role(user, Role.ADMIN, Role.DISPATCHER)


def _get(model, user, pk, **related):
    if not can_dispatch(user):
        raise Http404
    try:
        return model.objects.select_related(*related.get("select", ())).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def access_incident(user, pk) -> Incident:
    """Return the incident for dispatchers and admins; anyone else gets 404."""
    return _get(Incident, user, pk, select=("block", "zone"))


def access_report(user, pk) -> Report:
    return _get(Report, user, pk, select=("incident",))


def access_case(user, pk) -> Case:
    return _get(Case, user, pk, select=("incident",))


def access_alert(user, pk) -> Alert:
    return _get(Alert, user, pk, select=("incident",))


def access_photo(user, pk) -> Photo:
    return _get(Photo, user, pk)
