"""Writes for staff two-factor authentication: enrolling an app, backup codes, checking a code."""

import django_otp
from django.core.cache import cache
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vecinos.core.audit import log_action

from .audit import AuditCode
from .models import Passkey

BACKUP_CODE_COUNT = 10
FAILURE_LIMIT = 5
LOCK_SECONDS = 15 * 60
TOTP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


class CodeNotAccepted(Exception):
    """Raised when a second-factor code does not let the user in."""


class WrongCode(CodeNotAccepted):
    """Raised when a code matches none of the user's devices."""


class TwoFactorLocked(CodeNotAccepted):
    """Raised when a user has failed too many codes and must wait."""


class TwoFactorThrottled(CodeNotAccepted):
    """Raised when a code came too soon after a wrong one and was not checked.

    django-otp makes each device wait 1, 2, 4, 8… seconds after consecutive wrong codes; that
    back-off keeps growing across our 15-minute locks, so guessing stays slow over days.
    """


def _failures_key(user) -> str:
    return f"vecinos:two-factor:failures:{user.pk}"


def _lock_key(user) -> str:
    return f"vecinos:two-factor:locked:{user.pk}"


def is_locked(user) -> bool:
    """Return whether the user is locked out of entering codes for now."""
    return bool(cache.get(_lock_key(user)))


def record_failure(user) -> bool:
    """Count one wrong code for the user; lock them out at the limit. Return whether locked."""
    # The counter lives in the shared cache so that every web worker sees the same count; the
    # window restarts whenever the cache expires it.
    key = _failures_key(user)
    cache.add(key, 0, LOCK_SECONDS)
    try:
        failures = cache.incr(key)
    except ValueError:
        cache.set(key, 1, LOCK_SECONDS)
        failures = 1
    if failures >= FAILURE_LIMIT:
        cache.set(_lock_key(user), True, LOCK_SECONDS)
        cache.delete(key)
        log_action(user, AuditCode.TWO_FACTOR_LOCKED, user, detail={"minutes": LOCK_SECONDS // 60})
        return True
    return False


def clear_failures(user) -> None:
    """Forget the user's wrong codes after a right one."""
    cache.delete(_failures_key(user))


@transaction.atomic
def reset_two_factor(user, *, actor) -> None:
    """Remove the user's authenticator app, backup codes and passkeys, so they set up a new one.

    For someone who lost their phone and their codes; their next admin page asks them to set
    up an app again, and any session verified with the old app stops counting.
    """
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    Passkey.objects.filter(user=user).delete()
    cache.delete_many([_failures_key(user), _lock_key(user)])
    log_action(actor, AuditCode.TWO_FACTOR_RESET, user)


def normalize_code(code: str) -> str:
    """Drop the spaces and dashes people type or paste into codes."""
    return "".join(ch for ch in code if ch not in " -\t").lower()


def start_totp_setup(user) -> TOTPDevice:
    """Return the user's unconfirmed authenticator device, creating one on the first visit."""
    # Reusing the pending device means reloading the page keeps the secret the person already
    # scanned.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_totp_device(device: TOTPDevice, *, code: str) -> TOTPDevice:
    """Confirm the pending device if the code matches it and return it; raise WrongCode if not."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_is_allowed()[0]:
        raise TwoFactorThrottled
    if not device.verify_token(normalize_code(code)):
        raise WrongCode
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user_id=device.user_id, confirmed=False).delete()
    log_action(device.user, AuditCode.AUTHENTICATOR_CONFIRMED, device.user)
    return device


@transaction.atomic
def issue_backup_codes(user, *, count: int = BACKUP_CODE_COUNT) -> list[str]:
    """Replace the user's backup codes with a fresh set and return them (shown once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    log_action(user, AuditCode.BACKUP_CODES_ISSUED, user, detail={"count": count})
    return codes


def verify_second_factor(user, *, code: str) -> Device:
    """Check an authenticator or backup code for the user; return the device that accepted it.

    Raises WrongCode, and TwoFactorLocked once too many wrong codes lock the user out for a
    while; raises TwoFactorThrottled, without counting, when the code came too soon after a
    wrong one.
    """
    if is_locked(user):
        raise TwoFactorLocked
    code = normalize_code(code)
    # Six digits can only be an authenticator code; anything else is tried as a backup code,
    # so a typo never counts against the wrong device's own throttle.
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    devices = list(model.objects.devices_for_user(user, confirmed=True))
    if devices and not any(device.verify_is_allowed()[0] for device in devices):
        raise TwoFactorThrottled
    if code:
        for device in devices:
            verified = django_otp.verify_token(user, device.persistent_id, code)
            if verified is not None:
                clear_failures(user)
                return verified
    if record_failure(user):
        raise TwoFactorLocked
    raise WrongCode


PASSKEY_NAME_MAX = 64


@transaction.atomic
def register_passkey(
    user,
    *,
    name: str,
    credential_id: bytes,
    public_key: bytes,
    sign_count: int,
    transports: str = "",
) -> Passkey:
    """Keep a passkey the library has verified for the user and return it."""
    name = " ".join(name.split())[:PASSKEY_NAME_MAX] or "Passkey"
    passkey = Passkey.objects.create(
        user=user,
        name=name,
        confirmed=True,
        credential_id=credential_id,
        public_key=public_key,
        sign_count=sign_count,
        transports=transports,
    )
    log_action(user, AuditCode.PASSKEY_REGISTERED, user, detail={"passkey": passkey.pk})
    return passkey


@transaction.atomic
def rename_passkey(passkey: Passkey, name: str, *, actor) -> Passkey:
    """Give one passkey a new name (what the staff member calls the device it lives on)."""
    passkey.name = " ".join(name.split())[:PASSKEY_NAME_MAX] or passkey.name
    passkey.save(update_fields=["name"])
    log_action(actor, AuditCode.PASSKEY_RENAMED, passkey.user, detail={"passkey": passkey.pk})
    return passkey


def remove_passkey(passkey: Passkey, *, actor) -> None:
    """Delete one passkey; a session it verified stops counting as verified."""
    user, pk = passkey.user, passkey.pk
    passkey.delete()
    log_action(actor, AuditCode.PASSKEY_REMOVED, user, detail={"passkey": pk})


@transaction.atomic
def record_passkey_use(passkey: Passkey, *, sign_count: int, alone: bool) -> Passkey:
    """Store the passkey's new sign count and last use; audit whether it stood alone."""
    passkey = Passkey.objects.select_for_update().get(pk=passkey.pk)
    if sign_count and sign_count <= passkey.sign_count:
        # Two sign-ins raced with the same counter: the second is a replay or a clone.
        raise PasskeyCounterBehind
    passkey.sign_count = sign_count
    passkey.set_last_used_timestamp(commit=False)
    passkey.save(update_fields=["sign_count", "last_used_at"])
    clear_failures(passkey.user)
    log_action(
        passkey.user,
        AuditCode.PASSKEY_USED,
        passkey.user,
        detail={"passkey": passkey.pk, "without_password": alone},
    )
    return passkey


class PasskeyCounterBehind(CodeNotAccepted):
    """Raised when a passkey's sign count did not move past the stored one."""
