"""Demo staff accounts, one per role, so that a newcomer can sign in to a local copy."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services, totp
from .roles import Role, requires_two_factor

# Known to everyone who reads this file: demo accounts exist only where DEBUG is on.
DEMO_PASSWORD = "vecinos-demo-2fa"  # noqa: S105
SHOWN_BACKUP_CODES = 3


@dataclass
class DemoLogin:
    username: str
    role: Role
    totp_secret: str = ""
    backup_codes: list[str] = field(default_factory=list)


@transaction.atomic
def ensure_demo_staff_user(
    role: Role, *, password: str = DEMO_PASSWORD, current_hash: str | None = None
) -> DemoLogin:
    """Create or refresh the demo user for a role and return what is needed to sign in.

    `current_hash` is a hash of `password` already checked by the caller (None: check the
    stored one here); a user whose stored hash is not current is given it.
    """
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username=role.value, defaults={"first_name": "Demo", "last_name": role.value.title()}
    )
    user.is_active = True
    # The demo admin is a superuser too, so that sites, locales and settings can be tried out.
    user.is_superuser = role == Role.ADMIN
    # Setting the same password again would change its hash and sign out open sessions.
    if current_hash is None:
        if not password_is_current(user.password, password):
            user.set_password(password)
    elif user.password != current_hash:
        user.password = current_hash
    user.save()
    user.groups.set([Group.objects.get(name=role.value)])

    login = DemoLogin(username=user.get_username(), role=role)
    if not requires_two_factor(user):
        return login

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=services.TOTP_DEVICE_NAME, confirmed=True
        )
    login.totp_secret = totp.secret_base32(device)

    static = StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    tokens = list(static.token_set.order_by("pk").values_list("token", flat=True)) if static else []
    # Signing in with a backup code uses it up; top the set up again when codes were used.
    if static is None or len(tokens) < services.BACKUP_CODE_COUNT:
        if static is None:
            static = StaticDevice.objects.create(
                user=user, name=services.BACKUP_DEVICE_NAME, confirmed=True
            )
        missing = services.BACKUP_CODE_COUNT - len(tokens)
        new = [StaticToken.random_token() for _ in range(missing)]
        StaticToken.objects.bulk_create(StaticToken(device=static, token=t) for t in new)
        tokens += new
    login.backup_codes = tokens[:SHOWN_BACKUP_CODES]
    return login


def password_is_current(encoded: str, password: str = DEMO_PASSWORD) -> bool:
    """True when `encoded` is `password`'s hash and needs no re-hashing (a stronger setting)."""
    if not check_password(password, encoded):
        return False
    return not identify_hasher(encoded).must_update(encoded)


def ensure_demo_staff() -> list[DemoLogin]:
    """Ensure one demo user exists for every role; return their logins in role order.

    Every demo account has the same published password, so they share one hash (salt
    included): a restart of `make run` checks that one slow hash (about 0.2 s) instead of
    one per account, and a first start makes it once.
    """
    names = [role.value for role in Role]
    stored = set(
        get_user_model().objects.filter(username__in=names).values_list("password", flat=True)
    )
    current_hash = next((encoded for encoded in stored if password_is_current(encoded)), None)
    if current_hash is None:
        current_hash = make_password(DEMO_PASSWORD)
    return [ensure_demo_staff_user(role, current_hash=current_hash) for role in Role]
