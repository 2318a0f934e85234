"""What a browser carries between requests: a source's sign-in, a tip reader's open key.

**A returning source** holds one browser-session cookie (no expiry date, so it dies when the
browser closes; HttpOnly; SameSite=Strict) whose value is a SecretBox of the source's row id,
their reply private key and an expiry, under a key derived from the keys kept outside the
database. The server keeps nothing of the visit: no session row (which would record its
time), no log of it. A seized server alone opens nothing; a stolen cookie alone is useless.

**A tip reader's unlocked tip key** is split between the two sides: the session (stored on the
server) holds it encrypted under a random key made at unlock time, and that random key lives
only in a browser-session cookie limited to the tip admin's path. Neither half opens the tip
key alone, so a copy of the session table, a backup or a log yields ciphertext. Locking,
signing out or the expiry deletes the server half, which makes a copied cookie useless; a
process cache would not survive several web workers, which is why the server half is in the
session.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from dataclasses import dataclass

from django.conf import settings
from nacl.public import PrivateKey

from . import sealing

SOURCE_COOKIE = "vecinos_tip"
SOURCE_SECONDS = 60 * 60
STAFF_COOKIE = "vecinos_tip_key"
STAFF_SESSION_KEY = "tips.unlocked"
STAFF_COOKIE_PATH = "/admin/tips/"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


def _unb64(text: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(text.encode())
    except (binascii.Error, ValueError):
        return None


def _set_cookie(response, name, value, path):
    # No max_age or expires: a browser-session cookie.
    response.set_cookie(
        name,
        value,
        path=path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


@dataclass(frozen=True)
class SignedInSource:
    source_id: int
    private_key: PrivateKey


def sign_in_source(response, source_id: int, private_key: PrivateKey) -> None:
    """Give the browser the cookie that lets a source read replies and add tips for an hour."""
    payload = json.dumps(
        {"s": source_id, "k": bytes(private_key).hex(), "e": int(time.time()) + SOURCE_SECONDS}
    ).encode()
    sealed = sealing.box_encrypt(sealing.secretbox_key("source-cookie"), payload)
    _set_cookie(response, SOURCE_COOKIE, _b64(sealed), "/")


def signed_in_source(request) -> SignedInSource | None:
    """Return the source this browser signed in as, if its cookie is valid and not expired."""
    raw = _unb64(request.COOKIES.get(SOURCE_COOKIE, ""))
    if not raw:
        return None
    plain = sealing.box_decrypt(sealing.secretbox_key("source-cookie"), raw)
    if plain is None:
        return None
    try:
        data = json.loads(plain)
        if int(data["e"]) < time.time():
            return None
        return SignedInSource(int(data["s"]), PrivateKey(bytes.fromhex(data["k"])))
    except (ValueError, KeyError, TypeError):
        return None


def sign_out_source(response) -> None:
    response.delete_cookie(SOURCE_COOKIE, path="/", samesite="Strict")


def keep_unlocked_key(request, response, private_key: PrivateKey) -> None:
    """Keep the tip key open for this staff session, split between session and cookie."""
    wrapping = sealing.random_key()
    expires = int(time.time()) + settings.VECINOS_TIPS_UNLOCK_MINUTES * 60
    payload = json.dumps({"k": bytes(private_key).hex(), "e": expires}).encode()
    request.session[STAFF_SESSION_KEY] = _b64(sealing.box_encrypt(wrapping, payload))
    _set_cookie(response, STAFF_COOKIE, _b64(wrapping), STAFF_COOKIE_PATH)


def unlocked_key(request) -> PrivateKey | None:
    """Return the tip key this staff session unlocked, or None when it is locked or expired."""
    stored = request.session.get(STAFF_SESSION_KEY)
    wrapping = _unb64(request.COOKIES.get(STAFF_COOKIE, ""))
    if not stored or not wrapping:
        return None
    sealed = _unb64(stored)
    plain = sealing.box_decrypt(wrapping, sealed) if sealed else None
    if plain is None:
        return None
    data = json.loads(plain)
    if int(data["e"]) < time.time():
        request.session.pop(STAFF_SESSION_KEY, None)
        return None
    return PrivateKey(bytes.fromhex(data["k"]))


def forget_unlocked_key(request, response) -> None:
    request.session.pop(STAFF_SESSION_KEY, None)
    response.delete_cookie(STAFF_COOKIE, path=STAFF_COOKIE_PATH, samesite="Strict")
