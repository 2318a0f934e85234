"""Every write of the tip box: the tip key, a source's tips, replies, stars and deletion.

A tip's arrival writes no audit row: an audit row is timed to the second and would date the
tip more finely than the day its row keeps. Everything staff do is audited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from vecinos.core.audit import log_action

from . import sealing
from .attachments import CleanFile
from .audit import AuditCode
from .codenames import new_codename, normalize_codename
from .models import Attachment, Reply, Source, Tip, TipKey

# What a source sends is kept within bounds the form enforces too.
MAX_TIP_CHARS = 20_000


class NoTipKey(Exception):
    """The operator has not created the tip key yet, so no tip can be sealed."""


@dataclass(frozen=True)
class NewSource:
    source: Source
    codename: str  # shown to the source once, never stored
    private_key: object  # the source's reply key, for the sign-in cookie of this browser


def tip_key() -> TipKey:
    """Return the tip key; raise NoTipKey when none was created."""
    key = TipKey.objects.order_by("pk").first()
    if key is None:
        raise NoTipKey
    return key


def today():
    return timezone.localdate()


@transaction.atomic
def create_tip_key(*, passphrase: str, actor="system", offline_public_key: bytes = b"") -> TipKey:
    """Create the tip key, its private half locked under `passphrase`, replacing none.

    With `offline_public_key`, only that public key is kept: its private half stays on the
    operator's offline machine.
    """
    if TipKey.objects.exists():
        raise ValueError("A tip key exists already; change its passphrase instead.")
    if offline_public_key:
        key = TipKey.objects.create(public_key=offline_public_key, created_on=today())
    else:
        locked = sealing.new_tip_key(passphrase)
        key = TipKey.objects.create(
            public_key=locked.public_key,
            encrypted_private_key=locked.encrypted_private_key,
            salt=locked.salt,
            opslimit=locked.opslimit,
            memlimit=locked.memlimit,
            created_on=today(),
        )
    log_action(actor, AuditCode.KEY_CREATED, key, detail={"offline": bool(offline_public_key)})
    return key


@transaction.atomic
def change_tip_passphrase(*, old: str, new: str, actor="system") -> TipKey:
    """Lock the tip key under a new passphrase; raise WrongPassphrase if `old` is wrong."""
    key = TipKey.objects.select_for_update().get(pk=tip_key().pk)
    locked = sealing.lock_private_key(sealing.unlock_private_key(key, old), new)
    key.encrypted_private_key = locked.encrypted_private_key
    key.salt = locked.salt
    key.opslimit = locked.opslimit
    key.memlimit = locked.memlimit
    key.save()
    log_action(actor, AuditCode.KEY_PASSPHRASE_CHANGED, key)
    return key


def _seal_tip(source: Source, key: TipKey, text: str, files: list[CleanFile]) -> Tip:
    tip = Tip.objects.create(
        source=source,
        sealed_body=sealing.seal_json(key.public_key, {"text": text[:MAX_TIP_CHARS]}),
        received_on=source.last_tip_on,
    )
    for clean in files:
        header = json.dumps({"name": clean.name, "type": clean.content_type}).encode()
        Attachment.objects.create(
            tip=tip,
            sealed_content=sealing.seal(bytes(key.public_key), header + b"\n" + clean.content),
        )
    return tip


def seal_tip(*, text: str, files: list[CleanFile], language: str, codename: str = "") -> NewSource:
    """Seal a first tip from a new source; return the source and its codename (shown once).

    `codename` is for the demo only, which documents its source's codename; the public form
    always gets a random one.
    """
    key = tip_key()
    codename = codename or new_codename(language)
    normalized = normalize_codename(codename)
    ops, mem = sealing.source_cost()
    salt = sealing.new_source_salt()
    # The slow hash comes before the transaction: SQLite's write lock is taken when one
    # begins, and every other form's write would wait for the hash too.
    keys = sealing.derive_source_keys(normalized, salt, ops, mem)
    day = today()
    with transaction.atomic():
        source = Source.objects.create(
            lookup=sealing.codename_lookup(normalized),
            salt=salt,
            verifier=keys.verifier,
            opslimit=ops,
            memlimit=mem,
            reply_public_key=keys.public_key,
            first_tip_on=day,
            last_tip_on=day,
        )
        _seal_tip(source, key, text, files)
    return NewSource(source=source, codename=codename, private_key=keys.private_key)


@transaction.atomic
def add_tip(source: Source, *, text: str, files: list[CleanFile]) -> Tip:
    """Seal one more tip from a returning source."""
    key = tip_key()
    source = Source.objects.select_for_update().get(pk=source.pk)
    source.last_tip_on = today()
    source.save(update_fields=["last_tip_on"])
    return _seal_tip(source, key, text, files)


# A salt that belongs to no source: a codename that finds nobody is still hashed once, with the
# same cost, so the answer takes as long as for a codename that finds someone.
_DECOY_SALT = sealing.new_source_salt()


def sign_in_source(typed_codename: str) -> tuple[Source, sealing.SourceKeys] | None:
    """Return the source and its keys for a codename, or None; always one slow hash."""
    normalized = normalize_codename(typed_codename)
    source = Source.objects.filter(lookup=sealing.codename_lookup(normalized)).first()
    if source is None:
        ops, mem = sealing.source_cost()
        sealing.derive_source_keys(normalized, _DECOY_SALT, ops, mem)
        return None
    keys = sealing.derive_source_keys(normalized, source.salt, source.opslimit, source.memlimit)
    if not sealing.same_verifier(keys.verifier, source.verifier):
        return None
    return source, keys


@transaction.atomic
def send_reply(source: Source, *, text: str, actor) -> Reply:
    """Seal a reply to the source's key (and a copy to the tip key for the other readers)."""
    key = tip_key()
    body = {"text": text}
    reply = Reply.objects.create(
        source=source,
        sealed_for_source=sealing.seal_json(source.reply_public_key, body),
        sealed_for_staff=sealing.seal_json(key.public_key, body),
        sent_on=today(),
    )
    log_action(actor, AuditCode.REPLY_SENT, source)
    return reply


@transaction.atomic
def star_source(source: Source, *, starred: bool, actor) -> Source:
    """Star a source (kept past the retention period) or remove the star."""
    if source.starred != starred:
        source.starred = starred
        source.save(update_fields=["starred"])
        log_action(
            actor, AuditCode.SOURCE_STARRED if starred else AuditCode.SOURCE_UNSTARRED, source
        )
    return source


@transaction.atomic
def mark_tips_read(source: Source) -> int:
    """Mark the source's tips as read; return how many were unread."""
    return source.tips.filter(read=False).update(read=True)


@transaction.atomic
def delete_source(source: Source, *, actor) -> int:
    """Delete a source with its tips, attachments and replies; return the number of tips."""
    count = source.tips.count()
    log_action(actor, AuditCode.SOURCE_DELETED, source, detail={"tips": count})
    source.delete()
    return count
