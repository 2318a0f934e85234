"""Who may read tips, and the only way a view opens one. Every read is audited here.

Tip readers are admins, and anyone granted the `tips.read_tips` permission. Everyone else
gets 404 for every tip page, as if there were none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404
from nacl.public import PrivateKey

from vecinos.accounts.roles import Role, has_role
from vecinos.core.audit import log_action

from . import sealing
from .audit import AuditCode
from .models import Attachment, Source


def can_read_tips(user) -> bool:
    """Return whether the user is a tip reader: an admin or holder of tips.read_tips."""
    if not user.is_authenticated or not user.is_active:
        return False
    return has_role(user, Role.ADMIN) or user.has_perm("tips.read_tips")


def require_tip_reader(user) -> None:
    if not can_read_tips(user):
        raise Http404


def access_source(user, pk) -> Source:
    """Return the source (no contents) for a tip reader; 404 for anyone else."""
    require_tip_reader(user)
    try:
        return Source.objects.get(pk=pk)
    except (Source.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


@dataclass
class OpenedTip:
    pk: int
    received_on: object
    text: str
    read: bool
    attachments: list = field(default_factory=list)  # [(pk, name, type)]


@dataclass
class OpenedReply:
    sent_on: object
    text: str


def read_source(user, pk, private_key: PrivateKey) -> tuple[Source, list, list]:
    """Open every tip and reply of a source with the tip key; audit the read.

    Returns (source, [OpenedTip], [OpenedReply]). A box this key does not open shows as
    unreadable rather than failing the page.
    """
    source = access_source(user, pk)
    tips = []
    for tip in source.tips.prefetch_related("attachments"):
        try:
            text = sealing.open_json(private_key, tip.sealed_body)["text"]
        except sealing.CannotOpen:
            text = None
        files = []
        for attachment in tip.attachments.all():
            header = _attachment_header(private_key, attachment)
            if header:
                files.append((attachment.pk, header["name"], header["type"]))
        tips.append(OpenedTip(tip.pk, tip.received_on, text, tip.read, files))
    replies = []
    for reply in source.replies.all():
        try:
            text = sealing.open_json(private_key, reply.sealed_for_staff)["text"]
        except sealing.CannotOpen:
            text = None
        replies.append(OpenedReply(reply.sent_on, text))
    log_action(user, AuditCode.SOURCE_VIEWED, source, detail={"tips": len(tips)})
    return source, tips, replies


def _open_attachment(private_key, attachment) -> tuple[dict, bytes] | None:
    import json

    try:
        plain = sealing.open_sealed(private_key, attachment.sealed_content)
    except sealing.CannotOpen:
        return None
    header, _, content = plain.partition(b"\n")
    return json.loads(header), content


def _attachment_header(private_key, attachment) -> dict | None:
    opened = _open_attachment(private_key, attachment)
    return opened[0] if opened else None


def read_attachment(user, pk, private_key: PrivateKey) -> tuple[str, str, bytes]:
    """Return (name, content type, bytes) of an attachment for a tip reader; audit it."""
    require_tip_reader(user)
    try:
        attachment = Attachment.objects.select_related("tip").get(pk=pk)
    except (Attachment.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    opened = _open_attachment(private_key, attachment)
    if opened is None:
        raise Http404
    header, content = opened
    log_action(user, AuditCode.ATTACHMENT_VIEWED, attachment)
    return header["name"], header["type"], content


def replies_for_source(source: Source, private_key: PrivateKey) -> list[tuple]:
    """Return (day, text) of each reply the source's own key opens (not audited: their own)."""
    replies = []
    for reply in source.replies.all():
        try:
            replies.append(
                (reply.sent_on, sealing.open_json(private_key, reply.sealed_for_source)["text"])
            )
        except sealing.CannotOpen:
            continue
    return replies
