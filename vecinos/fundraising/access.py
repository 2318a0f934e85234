"""Who sees donations in the back office, and the only way a view fetches a gift or a donor.

Admins and fundraisers see campaigns, gifts and donors; nobody else sees any of it, and is
answered 404. Opening one gift, searching donors by e-mail and exporting gifts are audited
here.
"""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from vecinos.accounts.roles import Role, has_role
from vecinos.core.audit import log_action
from vecinos.core.pages import one_per_translation
from vecinos.privacy.blind_index import find_by_email

from .audit import AuditCode
from .models import CampaignPage, Donor, Gift


def can_fundraise(user) -> bool:
    """Return whether the user works on donations: admins and fundraisers."""
    return has_role(user, Role.ADMIN, Role.FUNDRAISER)


def require_fundraiser(user) -> None:
    if not can_fundraise(user):
        raise Http404


def campaigns(user) -> list[CampaignPage]:
    """Return one page per campaign (the English one when it exists), newest first."""
    require_fundraiser(user)
    return one_per_translation(CampaignPage.objects.order_by("-first_published_at"))


def access_campaign(user, pk) -> CampaignPage:
    require_fundraiser(user)
    page = CampaignPage.objects.filter(pk=pk).first()
    if page is None:
        raise Http404
    return page


def visible_gifts(user) -> QuerySet[Gift]:
    require_fundraiser(user)
    return Gift.objects.select_related("donor", "campaign", "pledge")


def access_gift(user, pk) -> Gift:
    """Return one gift with its donor, audited."""
    try:
        gift = visible_gifts(user).filter(pk=pk).first()
    except ValidationError:
        gift = None
    if gift is None:
        raise Http404
    log_action(user, AuditCode.GIFT_VIEWED, gift)
    return gift


def gifts_by_email(user, email: str) -> QuerySet[Gift]:
    """Return the gifts of the donor with this e-mail, found by its blind index; audited.

    Raises ValueError for something that is not an e-mail address.
    """
    require_fundraiser(user)
    donors = find_by_email(Donor.objects.all(), "email", email)
    log_action(
        user,
        AuditCode.DONORS_SEARCHED,
        object_type="fundraising.donor",
        detail={"found": len(donors)},
    )
    return visible_gifts(user).filter(donor__in=donors)


def log_export(user, *, rows: int) -> None:
    log_action(
        user, AuditCode.GIFTS_EXPORTED, object_type="fundraising.gift", detail={"rows": rows}
    )
