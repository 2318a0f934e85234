"""Encrypt personal data: the only module that touches keys.

Three layers of keys:
- the key-encryption key (KEK) lives outside the database and outside VECINOS_DATA_DIR: a key
  file, an environment variable, or (locked start) the memory of this process after staff
  unlock it with their Shamir shares;
- data keys (DEKs) are random, stored in the `DataKey` table only wrapped by the KEK, and
  encrypt values and files with AES-256-GCM;
- one index root key, stored the same way, from which blind-index keys are derived, so that
  re-wrapping under a new KEK keeps every blind index valid.

A sealed value is: version (1 byte) | data key id (2 bytes) | nonce (12) | ciphertext | tag (16).
Nothing else travels in clear. The associated data is the header plus a context (model, column,
row primary key, or file name), so a sealed value moved elsewhere no longer opens.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import os
import struct
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from Crypto.Protocol.SecretSharing import Shamir
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

logger = logging.getLogger("vecinos.privacy")

VERSION = 1
HEADER = struct.Struct(">BH")
NONCE_SIZE = 12
TAG_SIZE = 16
KEY_SIZE = 32
OVERHEAD = HEADER.size + NONCE_SIZE + TAG_SIZE


class Locked(Exception):
    """Personal data was needed while no key-encryption key is loaded."""

    def __init__(
        self,
        message: str = "vecinos is locked: staff must unlock it with their key "
        "shares before personal data can be read or written.",
    ) -> None:
        super().__init__(message)


class DecryptionError(Exception):
    """A sealed value did not open: wrong row or column, tampered, or its data key is gone."""


class InvalidShare(ValueError):
    """A key share was mistyped, belongs to another key, or does not fit the others."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- the key-encryption key -------------------------------------------------------------------


def key_file_problem(path: str | os.PathLike) -> str | None:
    """Say why a key file may not live at `path`, or None if the place is acceptable."""
    resolved = Path(path).expanduser().resolve()
    data_dir = Path(settings.DATA_DIR).resolve()
    if resolved == data_dir or resolved.is_relative_to(data_dir):
        return (
            f"{resolved} is inside VECINOS_DATA_DIR ({data_dir}); the key must be kept apart "
            "from the data and its backups."
        )
    return None


def read_key_file(path: str | os.PathLike) -> bytes:
    """Read a key file: 32 raw bytes, or their base64 on one line."""
    problem = key_file_problem(path)
    if problem:
        raise ImproperlyConfigured(problem)
    raw = Path(path).expanduser().read_bytes()
    if len(raw) == KEY_SIZE:
        return raw
    return _decode_key(raw.strip(), source=str(path))


def _decode_key(text: bytes | str, *, source: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != KEY_SIZE:
        raise ImproperlyConfigured(f"{source} does not hold a 32-byte key (raw or base64).")
    return key


def new_key() -> bytes:
    return os.urandom(KEY_SIZE)


def _configured_kek() -> bytes | None:
    if settings.VECINOS_LOCKED_START:
        return None
    if settings.VECINOS_KEK:
        return _decode_key(settings.VECINOS_KEK, source="VECINOS_KEK")
    if settings.VECINOS_KEY_FILE:
        path = Path(settings.VECINOS_KEY_FILE).expanduser()
        if not path.exists():
            problem = key_file_problem(path)
            if problem:
                raise ImproperlyConfigured(problem)
            logger.warning(
                "The key file named by VECINOS_KEY_FILE does not exist; starting locked."
            )
            return None
        return read_key_file(path)
    return None


class _Keyring:
    """This process's keys: the KEK (if any) and unwrapped data keys, kept only in memory."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.loaded = False
        self.kek: bytes | None = None
        self.data_keys: dict[int, tuple[bytes, float]] = {}
        self.active: tuple[int, bytes, float] | None = None
        self.index_root: bytes | None = None
        # Keys derived from the index root, by purpose: HKDF once per process, not per hash.
        self.derived: dict[str, bytes] = {}
        self.agent_checked = 0.0

    def forget_data_keys(self) -> None:
        with self.lock:
            self.data_keys.clear()
            self.active = None
            self.index_root = None
            self.derived.clear()


_keyring = _Keyring()

# How often a locked process asks the key agent whether staff have unlocked the platform.
AGENT_POLL_SECONDS = 2.0


def load_configured_key() -> None:
    """Read the KEK from the environment or the key file, once, at start."""
    with _keyring.lock:
        if not _keyring.loaded:
            _keyring.kek = _configured_kek()
            _keyring.loaded = True


def _kek() -> bytes:
    load_configured_key()
    with _keyring.lock:
        if _keyring.kek is None and settings.VECINOS_KEY_AGENT_SOCKET:
            now = time.monotonic()
            if now - _keyring.agent_checked >= AGENT_POLL_SECONDS:
                _keyring.agent_checked = now
                from . import keyagent

                kek = keyagent.fetch_kek(settings.VECINOS_KEY_AGENT_SOCKET)
                if kek is not None:
                    _keyring.kek = kek
        if _keyring.kek is None:
            raise Locked()
        return _keyring.kek


def is_locked() -> bool:
    """Tell whether this process has no key-encryption key."""
    try:
        _kek()
    except Locked:
        return True
    return False


def unlock(kek: bytes) -> None:
    """Hold `kek` in this process's memory after checking it opens the stored data keys."""
    from .models import DataKey

    if len(kek) != KEY_SIZE:
        raise InvalidShare("wrong-key")
    for row in DataKey.objects.all()[:1]:
        try:
            _unwrap(kek, row)
        except DecryptionError:
            raise InvalidShare("wrong-key") from None
    with _keyring.lock:
        _keyring.loaded = True
        _keyring.kek = kek
        _keyring.forget_data_keys()


def lock() -> None:
    """Forget the KEK and every data key held by this process."""
    with _keyring.lock:
        _keyring.loaded = True
        _keyring.kek = None
        _keyring.forget_data_keys()


def forget_keys() -> None:
    """Forget every key in memory; the configured key is read again when next needed."""
    with _keyring.lock:
        _keyring.loaded = False
        _keyring.kek = None
        _keyring.agent_checked = 0.0
        _keyring.forget_data_keys()


def forget_data_keys() -> None:
    """Forget the unwrapped data keys, e.g. after a rotation made or deleted one."""
    _keyring.forget_data_keys()


def reload_configured_key() -> None:
    """Forget every key in memory and read the configured key again now."""
    forget_keys()
    load_configured_key()


# --- data keys ----------------------------------------------------------------------------------


def _cache_seconds() -> float:
    return float(getattr(settings, "VECINOS_KEY_CACHE_SECONDS", 30))


def _wrap(kek: bytes, key: bytes, purpose: str) -> bytes:
    nonce = os.urandom(NONCE_SIZE)
    return nonce + AESGCM(kek).encrypt(nonce, key, b"vecinos/key/" + purpose.encode())


def _unwrap(kek: bytes, row) -> bytes:
    wrapped = bytes(row.wrapped)
    try:
        return AESGCM(kek).decrypt(
            wrapped[:NONCE_SIZE], wrapped[NONCE_SIZE:], b"vecinos/key/" + row.purpose.encode()
        )
    except InvalidTag:
        raise DecryptionError("a data key does not open with this key-encryption key") from None


def _remember_after_commit(store) -> None:
    # A key row created inside a transaction that later rolls back must not stay in memory:
    # values sealed with it would name a key id that no longer exists.
    transaction.on_commit(store)


def create_data_key():
    """Make a fresh data key, wrapped by the KEK; new values are sealed with it from now on."""
    from .models import DataKey

    return DataKey.objects.create(
        purpose=DataKey.Purpose.DATA, wrapped=_wrap(_kek(), new_key(), DataKey.Purpose.DATA)
    )


def active_key_id() -> int:
    """Return the id of the data key that seals new values, creating the first one if needed."""
    return _active_data_key()[0]


def _active_data_key() -> tuple[int, bytes]:
    from .models import DataKey

    kek = _kek()
    now = time.monotonic()
    with _keyring.lock:
        if _keyring.active and _keyring.active[2] > now:
            return _keyring.active[0], _keyring.active[1]
    row = DataKey.objects.active().first() or create_data_key()
    key = _unwrap(kek, row)

    def store() -> None:
        with _keyring.lock:
            _keyring.active = (row.pk, key, time.monotonic() + _cache_seconds())

    _remember_after_commit(store)
    return row.pk, key


def _data_key(key_id: int) -> bytes:
    from .models import DataKey

    kek = _kek()
    with _keyring.lock:
        cached = _keyring.data_keys.get(key_id)
        if cached and cached[1] > time.monotonic():
            return cached[0]
    row = DataKey.objects.filter(purpose=DataKey.Purpose.DATA, pk=key_id).first()
    if row is None:
        raise DecryptionError(f"data key {key_id} does not exist")
    key = _unwrap(kek, row)

    def store() -> None:
        with _keyring.lock:
            # Data keys never change, so an unwrapped one may stay until the process ends;
            # the expiry only matters where tests empty the table between cases.
            _keyring.data_keys[key_id] = (key, time.monotonic() + _cache_seconds())

    _remember_after_commit(store)
    return key


def rewrap_data_keys(new_kek: bytes) -> int:
    """Wrap every stored key under `new_kek` in one transaction; return how many."""
    from .models import DataKey

    old_kek = _kek()
    count = 0
    with transaction.atomic():
        for row in DataKey.objects.select_for_update().order_by("pk"):
            row.wrapped = _wrap(new_kek, _unwrap(old_kek, row), row.purpose)
            row.save(update_fields=["wrapped"])
            count += 1
    return count


# --- sealing values -----------------------------------------------------------------------------


def field_context(model_label: str, column: str, pk: object) -> bytes:
    """Return the associated data that binds a value to one column of one row."""
    return field_context_prefix(model_label, column) + str(pk).encode()


def field_context_prefix(model_label: str, column: str) -> bytes:
    """Return what every row's context for one column starts with; the primary key follows."""
    return "\x00".join(["field", model_label, column, ""]).encode()


def file_context(name: str) -> bytes:
    """Return the associated data that binds a file's contents to its stored name."""
    return "\x00".join(["file", name]).encode()


def encrypt(plaintext: bytes, context: bytes) -> bytes:
    """Seal `plaintext` under the active data key, bound to `context`."""
    key_id, key = _active_data_key()
    header = HEADER.pack(VERSION, key_id)
    nonce = os.urandom(NONCE_SIZE)
    return header + nonce + AESGCM(key).encrypt(nonce, plaintext, header + context)


def key_id_of(sealed: bytes) -> int:
    """Return the id of the data key that sealed a value, read from its header."""
    if len(sealed) < OVERHEAD or sealed[0] != VERSION:
        raise DecryptionError("not a sealed value")
    return HEADER.unpack_from(sealed)[1]


def decrypt(sealed: bytes, context: bytes) -> bytes:
    """Open a sealed value; raise DecryptionError if it does not belong to `context`."""
    key_id = key_id_of(sealed)
    key = _data_key(key_id)
    header = sealed[: HEADER.size]
    nonce = sealed[HEADER.size : HEADER.size + NONCE_SIZE]
    try:
        return AESGCM(key).decrypt(nonce, sealed[HEADER.size + NONCE_SIZE :], header + context)
    except InvalidTag:
        raise DecryptionError("the value does not belong here or was altered") from None


def encrypt_text(plaintext: str, context: bytes) -> str:
    """Seal a string; return the sealed bytes as base64 text for a text column."""
    return base64.b64encode(encrypt(plaintext.encode(), context)).decode("ascii")


def decrypt_text(sealed: str, context: bytes) -> str:
    """Open base64 text made by `encrypt_text`."""
    try:
        raw = base64.b64decode(sealed, validate=True)
    except (binascii.Error, ValueError):
        raise DecryptionError("not a sealed value") from None
    return decrypt(raw, context).decode()


def text_prefix(key_id: int) -> str:
    """Return the first base64 characters of every text sealed by data key `key_id`.

    The header is exactly three bytes, i.e. four base64 characters, so the database can tell
    which values a rotation has still to re-encrypt without opening any of them.
    """
    return base64.b64encode(HEADER.pack(VERSION, key_id)).decode("ascii")


def reseal(sealed: bytes, context: bytes, key_id: int) -> bytes | None:
    """Re-encrypt a sealed value under the active key `key_id`; None if it already is."""
    if key_id_of(sealed) == key_id:
        return None
    return encrypt(decrypt(sealed, context), context)


# --- blind-index keys ---------------------------------------------------------------------------


def _index_root() -> bytes:
    from .models import DataKey

    kek = _kek()
    with _keyring.lock:
        if _keyring.index_root is not None:
            return _keyring.index_root
    row, _ = DataKey.objects.get_or_create(
        purpose=DataKey.Purpose.INDEX,
        defaults={"wrapped": _wrap(kek, new_key(), DataKey.Purpose.INDEX)},
    )
    key = _unwrap(kek, row)

    def store() -> None:
        with _keyring.lock:
            _keyring.index_root = key
            _keyring.derived.clear()

    if _cache_seconds() > 0:
        _remember_after_commit(store)
    return key


def derive_key(purpose: str) -> bytes:
    """Derive a 32-byte key for one purpose (a blind index) with HKDF-SHA256."""
    root = _index_root()
    with _keyring.lock:
        # Only keys derived from the root this process holds in memory are kept, so a
        # forgotten root (lock, rotation, a rolled-back first key) takes them with it.
        cached = _keyring.derived.get(purpose) if _keyring.index_root is root else None
    if cached is not None:
        return cached
    key = HKDF(
        algorithm=hashes.SHA256(), length=KEY_SIZE, salt=None, info=b"vecinos/" + purpose.encode()
    ).derive(root)
    with _keyring.lock:
        if _keyring.index_root is root:
            _keyring.derived[purpose] = key
    return key


def keyed_hash(purpose: str, message: bytes) -> bytes:
    """Return HMAC-SHA256 of `message` under the key derived for `purpose`."""
    return hmac.digest(derive_key(purpose), message, "sha256")


# --- many values at once ------------------------------------------------------------------------


class BatchKeys:
    """The keys for sealing and hashing many values in a row, looked up once.

    A fan-out seals thousands of values: with this, the active data key is fetched (and its
    lock taken) once, one AES-GCM object serves every value, and each index key is derived
    once (its HMAC state too), instead of all of that for every value. Use it for one batch
    and drop it: a key rotated meanwhile is picked up by the next batch.
    """

    __slots__ = ("key_id", "_aead", "_header", "_hmacs", "_nonces")

    def __init__(self, purposes: Iterable[str] = ()) -> None:
        self.key_id, key = _active_data_key()
        self._aead = AESGCM(key)
        self._header = HEADER.pack(VERSION, self.key_id)
        self._hmacs = {p: _hmac_states(derive_key(p)) for p in purposes}
        self._nonces: list[bytes] = []

    def _nonce(self) -> bytes:
        # Random nonces read from the system a few hundred at a time rather than one by one.
        if not self._nonces:
            raw = os.urandom(NONCE_SIZE * 256)
            self._nonces = [raw[i : i + NONCE_SIZE] for i in range(0, len(raw), NONCE_SIZE)]
        return self._nonces.pop()

    def encrypt_text(self, plaintext: str, context: bytes) -> str:
        """Seal a string like `encrypt_text`, under the data key this batch holds."""
        nonce = self._nonce()
        header = self._header
        sealed = self._aead.encrypt(nonce, plaintext.encode(), header + context)
        return base64.b64encode(header + nonce + sealed).decode("ascii")

    def keyed_hash(self, purpose: str, message: bytes) -> bytes:
        """Return `keyed_hash(purpose, message)`; `purpose` must be one this batch was given."""
        inner, outer = self._hmacs[purpose]
        inner = inner.copy()
        inner.update(message)
        outer = outer.copy()
        outer.update(inner.digest())
        return outer.digest()


def _hmac_states(key: bytes) -> tuple:
    """Return SHA-256 states with HMAC's inner and outer padded keys already hashed in.

    HMAC-SHA256 (RFC 2104) of a message is then two copies, two updates and two digests of
    plain SHA-256 objects: about a third of what `hmac.HMAC.copy()` and its Python wrapper
    cost per message, and a fan-out computes two keyed hashes per recipient.
    """
    block = hashlib.sha256().block_size
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    padded = key.ljust(block, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded))
    return inner, outer


def batch_keys(*purposes: str) -> BatchKeys:
    """Return the keys to seal values and hash them for `purposes`, for one batch."""
    return BatchKeys(purposes)


# --- Shamir shares of the KEK -------------------------------------------------------------------

SHARE_VERSION = 1
_SHARE_BODY = struct.Struct(">BBB4s32s")
_CHECKSUM_SIZE = 3


@dataclass(frozen=True)
class Share:
    threshold: int
    index: int
    fingerprint: bytes
    secret: bytes


def kek_fingerprint(kek: bytes) -> bytes:
    """Return four bytes that tell shares of one KEK from shares of another."""
    return hmac.new(kek, b"vecinos/kek-fingerprint", hashlib.sha256).digest()[:4]


def current_kek() -> bytes:
    """Return this process's KEK (for `split_key`); raise Locked if there is none."""
    return _kek()


def split_kek(kek: bytes, *, shares: int, threshold: int) -> list[str]:
    """Split `kek` into `shares` texts, any `threshold` of which rebuild it."""
    if not 2 <= threshold <= shares <= 255:
        raise ValueError("need 2 <= threshold <= shares <= 255")
    # pycryptodome splits 16-byte secrets; each half of the key is split on its own and the
    # halves travel together in one share.
    first = Shamir.split(threshold, shares, kek[:16])
    second = Shamir.split(threshold, shares, kek[16:])
    fingerprint = kek_fingerprint(kek)
    texts = []
    for (index, a), (index_b, b) in zip(first, second, strict=True):
        assert index == index_b
        body = _SHARE_BODY.pack(SHARE_VERSION, threshold, index, fingerprint, a + b)
        texts.append(_share_text(body + hashlib.sha256(body).digest()[:_CHECKSUM_SIZE]))
    return texts


def _share_text(raw: bytes) -> str:
    letters = base64.b32encode(raw).decode("ascii").rstrip("=").lower()
    return "-".join(letters[i : i + 5] for i in range(0, len(letters), 5))


def parse_share(text: str) -> Share:
    """Read a share typed by a person; raise InvalidShare("mistyped") if it is not one."""
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    letters += "=" * (-len(letters) % 8)
    try:
        raw = base64.b32decode(letters)
    except (binascii.Error, ValueError):
        raise InvalidShare("mistyped") from None
    body, checksum = raw[: _SHARE_BODY.size], raw[_SHARE_BODY.size :]
    if (
        len(raw) != _SHARE_BODY.size + _CHECKSUM_SIZE
        or hashlib.sha256(body).digest()[:_CHECKSUM_SIZE] != checksum
    ):
        raise InvalidShare("mistyped")
    version, threshold, index, fingerprint, secret = _SHARE_BODY.unpack(body)
    if version != SHARE_VERSION or not 1 <= index <= 255 or threshold < 2:
        raise InvalidShare("mistyped")
    return Share(threshold, index, fingerprint, secret)


def combine_shares(shares: Iterable[Share]) -> bytes:
    """Rebuild the KEK from enough shares; raise InvalidShare("mismatch") if they disagree."""
    shares = list(shares)
    first = Shamir.combine([(s.index, s.secret[:16]) for s in shares])
    second = Shamir.combine([(s.index, s.secret[16:]) for s in shares])
    kek = first + second
    if not hmac.compare_digest(kek_fingerprint(kek), shares[0].fingerprint):
        raise InvalidShare("mismatch")
    return kek


@dataclass(frozen=True)
class UnlockProgress:
    have: int
    need: int
    kek: bytes | None = None

    def __repr__(self) -> str:
        return f"UnlockProgress(have={self.have}, need={self.need}, unlocked={bool(self.kek)})"


class ShareCollector:
    """Gather shares in memory until there are enough to rebuild the KEK."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._shares: dict[int, Share] = {}

    def progress(self) -> UnlockProgress:
        with self._lock:
            need = next(iter(self._shares.values())).threshold if self._shares else 0
            return UnlockProgress(have=len(self._shares), need=need)

    def add(self, text: str) -> UnlockProgress:
        share = parse_share(text)
        with self._lock:
            if self._shares:
                first = next(iter(self._shares.values()))
                if (first.fingerprint, first.threshold) != (share.fingerprint, share.threshold):
                    raise InvalidShare("other-key")
            if share.index in self._shares:
                raise InvalidShare("duplicate")
            self._shares[share.index] = share
            if len(self._shares) < share.threshold:
                return UnlockProgress(have=len(self._shares), need=share.threshold)
            try:
                kek = combine_shares(self._shares.values())
            except InvalidShare:
                # One of the shares was forged or belongs to another split: drop the newest,
                # so the people already done need not type theirs again.
                del self._shares[share.index]
                raise
            self._shares.clear()
            return UnlockProgress(have=share.threshold, need=share.threshold, kek=kek)

    def clear(self) -> None:
        with self._lock:
            self._shares.clear()
