"""The hourly budget of verification texts for the whole organization.

A sign-up form answers a stranger's phone number as it answers anyone's (no membership oracle)
and texts it a code; a flood of sign-ups from many addresses, each under its per-address
limit, would make the organization text codes to thousands of numbers at its own cost (and
annoy their owners). Past VECINOS_VERIFICATION_TEXTS_PER_HOUR in a clock hour, no more
verification texts are written to the outbox until the next hour; the first one refused
e-mails every admin once. The pages do not change: the person who typed the number sees what
everyone sees, and can ask again later.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from vecinos.accounts.roles import Role
from vecinos.core.audit import log_action
from vecinos.core.ratelimit import count_everyone, current_window

from .audit import AuditCode

logger = logging.getLogger(__name__)

# Messages whose only use is to prove that a person holds a phone: codes and links.
BUDGETED_PURPOSES = frozenset({"verification"})
HOUR = 60 * 60


def budget_per_hour() -> int:
    return settings.VECINOS_VERIFICATION_TEXTS_PER_HOUR


def over_budget(channel: str, purpose: str) -> bool:
    """Spend one verification text of this hour; True when the hour's budget is spent."""
    from .models import Channel

    budget = budget_per_hour()
    if channel != Channel.SMS or purpose not in BUDGETED_PURPOSES or budget <= 0:
        return False
    spent = count_everyone("messaging.verification_sms", period=HOUR)
    if spent <= budget:
        return False
    if spent == budget + 1:
        _alert_admins(budget)
    return True


def admins():
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return users.filter(Q(is_superuser=True) | Q(groups__name=Role.ADMIN)).distinct()


def _alert_admins(budget: int) -> None:
    from .models import Channel
    from .services import InvalidAddress, queue_message

    window = current_window(HOUR)
    logger.warning("Verification texts: the hourly budget of %s is spent", budget)
    log_action("system", AuditCode.VERIFICATION_BUDGET_REACHED, None, detail={"budget": budget})
    for user in admins():
        try:
            queue_message(
                channel=Channel.EMAIL,
                to=user.email,
                language=settings.LANGUAGE_CODE,
                template="messaging/verification_budget",
                context={"budget": budget, "url": settings.PUBLIC_URL + "/admin/"},
                purpose="staff_alert",
                dedupe_key=f"messaging:verification-budget:{window}:{user.pk}",
            )
        except InvalidAddress:
            continue
