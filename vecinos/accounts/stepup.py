"""When the session's second factor was last proved, for actions that need it fresh.

Every place that accepts a second factor (a code, a backup code, a passkey after the password
or on its own) marks the session through `login_second_factor`, so there is one way a
session becomes verified: django-otp's, plus the time it happened.
"""

import time

import django_otp
from django.conf import settings

VERIFIED_AT_SESSION_KEY = "vecinos_second_factor_at"


def login_second_factor(request, device) -> None:
    """Mark the session verified with `device`, as django-otp does, and note when."""
    django_otp.login(request, device)
    request.session[VERIFIED_AT_SESSION_KEY] = int(time.time())


def step_up_minutes() -> int:
    return int(getattr(settings, "VECINOS_STEP_UP_MINUTES", 30))


def verified_recently(request, minutes: int | None = None) -> bool:
    """Return whether the user proved their second factor within the last `minutes`."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_verified():
        return False
    at = request.session.get(VERIFIED_AT_SESSION_KEY)
    if not isinstance(at, int):
        return False
    window = (step_up_minutes() if minutes is None else minutes) * 60
    return 0 <= time.time() - at <= window
