"""The tip box's cryptography (libsodium through PyNaCl): the only module that touches its keys.

- **The tip key** is a Curve25519 keypair of the organization. Tips and attachments are sealed
  to its public key on arrival (`crypto_box_seal`): the server can seal but never open. Its
  private key is kept only encrypted (SecretBox) under a key derived from the tip readers'
  passphrase with Argon2id, or not kept on the server at all.
- **A source's keys** come from their codename: Argon2id with a random salt per source gives
  64 bytes, a verifier (the slow salted hash that the server keeps) and the seed of the
  source's own keypair, whose public key the server keeps to seal replies that only the
  codename opens.
- **The lookup** of a source is an HMAC of the codename under a key kept outside the database
  (vecinos.privacy.crypto.keyed_hash), so finding the row needs no scan and reveals nothing.
"""

from __future__ import annotations

import hmac
import json
import os
from dataclasses import dataclass

import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.utils
from django.conf import settings
from nacl.public import PrivateKey, PublicKey, SealedBox

from vecinos.privacy import crypto

SALT_SIZE = nacl.pwhash.argon2id.SALTBYTES
# Cost profiles of Argon2id (operations, memory). "interactive" is about a tenth of a second
# on a small server and 64 MiB: a login per source cannot exhaust the machine, yet each offline
# guess costs as much. The passphrase guards every tip, so it costs more. Tests use "min".
PROFILES = {
    "min": (nacl.pwhash.argon2id.OPSLIMIT_MIN, nacl.pwhash.argon2id.MEMLIMIT_MIN),
    "interactive": (
        nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE,
        nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE,
    ),
    "moderate": (
        nacl.pwhash.argon2id.OPSLIMIT_MODERATE,
        nacl.pwhash.argon2id.MEMLIMIT_MODERATE,
    ),
}


class WrongPassphrase(Exception):
    """The passphrase does not open the tip key."""


class CannotOpen(Exception):
    """A sealed box that this key does not open (or that was altered)."""


def _profile(name: str) -> tuple[int, int]:
    return PROFILES[getattr(settings, name)]


def _kdf(secret: bytes, salt: bytes, size: int, ops: int, mem: int) -> bytes:
    return nacl.pwhash.argon2id.kdf(size, secret, salt, opslimit=ops, memlimit=mem)


# --- The organization's tip key ----------------------------------------------------------------


@dataclass(frozen=True)
class LockedKey:
    """The tip private key, encrypted under the passphrase, and how to derive that key again."""

    public_key: bytes
    encrypted_private_key: bytes
    salt: bytes
    opslimit: int
    memlimit: int


def new_tip_key(passphrase: str) -> LockedKey:
    """Make a tip keypair and return it with its private half locked under `passphrase`."""
    private = PrivateKey.generate()
    return lock_private_key(private, passphrase)


def lock_private_key(private: PrivateKey, passphrase: str) -> LockedKey:
    """Encrypt `private` under a key derived from `passphrase` with a fresh salt."""
    ops, mem = _profile("VECINOS_TIPS_PASSPHRASE_COST")
    salt = nacl.utils.random(SALT_SIZE)
    box = nacl.secret.SecretBox(_kdf(passphrase.encode(), salt, 32, ops, mem))
    return LockedKey(
        public_key=bytes(private.public_key),
        encrypted_private_key=bytes(box.encrypt(bytes(private))),
        salt=salt,
        opslimit=ops,
        memlimit=mem,
    )


def unlock_private_key(locked, passphrase: str) -> PrivateKey:
    """Return the tip private key opened with `passphrase`; raise WrongPassphrase."""
    key = _kdf(
        passphrase.encode(), bytes(locked.salt), 32, int(locked.opslimit), int(locked.memlimit)
    )
    try:
        raw = nacl.secret.SecretBox(key).decrypt(bytes(locked.encrypted_private_key))
    except nacl.exceptions.CryptoError:
        raise WrongPassphrase from None
    private = PrivateKey(raw)
    if bytes(private.public_key) != bytes(locked.public_key):
        raise WrongPassphrase
    return private


def seal(public_key: bytes, plaintext: bytes) -> bytes:
    """Seal `plaintext` to `public_key`: only the matching private key opens it."""
    return bytes(SealedBox(PublicKey(bytes(public_key))).encrypt(plaintext))


def open_sealed(private_key: PrivateKey, sealed: bytes) -> bytes:
    """Open a sealed box; raise CannotOpen if this key does not open it."""
    try:
        return SealedBox(private_key).decrypt(bytes(sealed))
    except nacl.exceptions.CryptoError:
        raise CannotOpen from None


def seal_json(public_key: bytes, data: dict) -> bytes:
    return seal(public_key, json.dumps(data, ensure_ascii=False).encode())


def open_json(private_key: PrivateKey, sealed: bytes) -> dict:
    return json.loads(open_sealed(private_key, sealed))


# --- A source's keys, from the codename --------------------------------------------------------


@dataclass(frozen=True)
class SourceKeys:
    verifier: bytes
    private_key: PrivateKey

    @property
    def public_key(self) -> bytes:
        return bytes(self.private_key.public_key)


def new_source_salt() -> bytes:
    return os.urandom(SALT_SIZE)


def derive_source_keys(codename: str, salt: bytes, opslimit: int, memlimit: int) -> SourceKeys:
    """Derive the verifier and the reply keypair from a normalized codename (slow on purpose)."""
    out = _kdf(codename.encode(), bytes(salt), 64, opslimit, memlimit)
    return SourceKeys(verifier=out[:32], private_key=PrivateKey(out[32:]))


def source_cost() -> tuple[int, int]:
    return _profile("VECINOS_TIPS_CODENAME_COST")


def same_verifier(a: bytes, b: bytes) -> bool:
    return hmac.compare_digest(bytes(a), bytes(b))


def codename_lookup(codename: str) -> str:
    """Return the keyed hash that finds a source's row; the key is not in the database."""
    return crypto.keyed_hash("tips/codename", codename.encode()).hex()


# --- Secrets carried by a browser between requests ---------------------------------------------


def secretbox_key(purpose: str) -> bytes:
    """Return a 32-byte key for one purpose, derived from the keys kept outside the database."""
    return crypto.derive_key("tips/" + purpose)


def box_encrypt(key: bytes, plaintext: bytes) -> bytes:
    return bytes(nacl.secret.SecretBox(key).encrypt(plaintext))


def box_decrypt(key: bytes, sealed: bytes) -> bytes | None:
    try:
        return nacl.secret.SecretBox(key).decrypt(sealed)
    except (nacl.exceptions.CryptoError, ValueError, TypeError):
        return None


def random_key() -> bytes:
    return nacl.utils.random(nacl.secret.SecretBox.KEY_SIZE)
