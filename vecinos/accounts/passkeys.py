"""WebAuthn ceremonies for staff passkeys, built on the `webauthn` library.

The relying party is the origin in VECINOS_PUBLIC_URL: a browser refuses a passkey for any
other origin, so that setting must be the address staff really type (and HTTPS, except on
localhost). Each ceremony's challenge waits in the session and is used once.
"""

import json
from urllib.parse import urlsplit

from django.conf import settings
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from .models import Passkey

CHALLENGE_SESSION_KEY = "vecinos_passkey_challenge"
REGISTER, SECOND_FACTOR, SIGN_IN = "register", "second-factor", "sign-in"
KNOWN_TRANSPORTS = {t.value for t in AuthenticatorTransport}


class PasskeyRejected(Exception):
    """Raised when a browser's answer does not prove the passkey; the reason stays in the log.

    `passkey` is the registered passkey the answer named, when it named one: a wrong proof
    for a real passkey counts against its owner's sign-in lockout.
    """

    def __init__(self, reason: str, *, passkey=None):
        super().__init__(reason)
        self.passkey = passkey


def relying_party() -> tuple[str, str]:
    """Return (rp id, origin) from VECINOS_PUBLIC_URL."""
    parts = urlsplit(settings.PUBLIC_URL)
    return parts.hostname or "localhost", f"{parts.scheme}://{parts.netloc}"


def _descriptors(passkeys) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(
            id=bytes(p.credential_id),
            transports=[
                AuthenticatorTransport(t) for t in p.transport_list() if t in KNOWN_TRANSPORTS
            ],
        )
        for p in passkeys
    ]


def _remember(session, purpose: str, challenge: bytes, user_id=None) -> None:
    session[CHALLENGE_SESSION_KEY] = {
        "purpose": purpose,
        "challenge": bytes_to_base64url(challenge),
        "user": user_id,
    }


def _take_challenge(session, purpose: str, user_id=None) -> bytes:
    state = session.pop(CHALLENGE_SESSION_KEY, None)
    if not state or state.get("purpose") != purpose or state.get("user") != user_id:
        raise PasskeyRejected("no challenge for this ceremony")
    return base64url_to_bytes(state["challenge"])


def registration_options(session, user) -> str:
    """Return the JSON options for navigator.credentials.create() and remember the challenge."""
    rp_id, _origin = relying_party()
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name="vecinos",
        user_id=str(user.pk).encode(),
        user_name=user.get_username(),
        # A resident (discoverable) key is what lets the passkey sign in without a username.
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=_descriptors(Passkey.objects.filter(user=user)),
    )
    _remember(session, REGISTER, options.challenge, user.pk)
    return options_to_json(options)


def verify_registration(session, user, credential: dict) -> dict:
    """Check a browser's answer to registration_options; return the fields of a new Passkey."""
    rp_id, origin = relying_party()
    challenge = _take_challenge(session, REGISTER, user.pk)
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise PasskeyRejected(str(error)) from error
    transports = (credential.get("response") or {}).get("transports") or []
    return {
        "credential_id": verified.credential_id,
        "public_key": verified.credential_public_key,
        "sign_count": verified.sign_count,
        "transports": ",".join(t for t in transports if t in KNOWN_TRANSPORTS),
    }


def authentication_options(session, user=None) -> str:
    """Return the JSON options for navigator.credentials.get().

    With a user (after the password) only their passkeys are offered; without one (sign-in with
    a passkey alone) the browser offers any discoverable passkey for this site, and user
    verification (PIN, fingerprint) is required, since the passkey then stands for both factors.
    """
    rp_id, _origin = relying_party()
    if user is None:
        options = generate_authentication_options(
            rp_id=rp_id, user_verification=UserVerificationRequirement.REQUIRED
        )
        _remember(session, SIGN_IN, options.challenge)
    else:
        options = generate_authentication_options(
            rp_id=rp_id,
            allow_credentials=_descriptors(Passkey.objects.filter(user=user, confirmed=True)),
            user_verification=UserVerificationRequirement.PREFERRED,
        )
        _remember(session, SECOND_FACTOR, options.challenge, user.pk)
    return options_to_json(options)


def verify_authentication(session, credential: dict, user=None) -> tuple[Passkey, int]:
    """Check a browser's answer to authentication_options; return the passkey and its new count.

    The library refuses a sign count that did not move forward (a cloned key).
    """
    rp_id, origin = relying_party()
    purpose = SIGN_IN if user is None else SECOND_FACTOR
    challenge = _take_challenge(session, purpose, None if user is None else user.pk)
    try:
        credential_id = base64url_to_bytes(credential["rawId"])
    except (KeyError, TypeError, ValueError) as error:
        raise PasskeyRejected("no credential id") from error
    passkeys = Passkey.objects.filter(credential_id=credential_id, confirmed=True)
    if user is not None:
        passkeys = passkeys.filter(user=user)
    passkey = passkeys.select_related("user").first()
    if passkey is None:
        raise PasskeyRejected("unknown passkey")
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=user is None,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise PasskeyRejected(str(error), passkey=passkey) from error
    return passkey, verified.new_sign_count


def parse_body(body: bytes) -> dict:
    """Read a ceremony's JSON body; raise PasskeyRejected for anything that is not an object."""
    try:
        data = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError) as error:
        raise PasskeyRejected("not JSON") from error
    if not isinstance(data, dict):
        raise PasskeyRejected("not an object")
    return data
