"""The audiences broadcasts can reach among members: a zone, a block, a zone's responders,
a language, a tag.

Only active members are ever recipients. Each is reached once, on their own channel: the
phone first, or the e-mail address when they gave no phone or their phone opted out of texts
while the address did not. So an SMS broadcast and an e-mail broadcast to the same audience
reach everyone exactly once between them. A recipient is named "member:<uuid>", never by an
address, since the key is written into the outbox in clear.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vecinos.broadcasts.segments import Recipient, register_segment
from vecinos.messaging.models import Channel
from vecinos.messaging.optout import address_key, opted_out_keys

from .models import Block, Member, Tag, Zone

CHUNK = 500


def recipients(members: QuerySet) -> Iterator[Recipient]:
    """Yield each active member of `members` on their channel, in their language."""
    members = members.active().order_by("pk").distinct()
    chunk: list[Member] = []
    for member in members.iterator(chunk_size=CHUNK):
        chunk.append(member)
        if len(chunk) >= CHUNK:
            yield from _chunk(chunk)
            chunk = []
    yield from _chunk(chunk)


def _chunk(members: list[Member]) -> Iterator[Recipient]:
    # Only a member with both a phone and an e-mail has a choice to make; one query tells
    # which of their phones opted out.
    keys = {m.pk: address_key(Channel.SMS, m.phone) for m in members if m.phone and m.email}
    silenced = opted_out_keys(Channel.SMS, list(keys.values())) if keys else set()
    for member in members:
        if member.phone and keys.get(member.pk) not in silenced:
            channel, address = Channel.SMS, member.phone
        elif member.email:
            channel, address = Channel.EMAIL, member.email
        else:
            channel, address = Channel.SMS, member.phone
        if address:
            yield Recipient(f"member:{member.pk}", channel, address, member.language)


def _option(params: dict) -> str:
    return str(params.get("option", "")).strip()


def _id(params: dict) -> int | None:
    value = _option(params)
    return int(value) if value.isdigit() else None


def _by_id(members: QuerySet, field: str, params: dict) -> Iterator[Recipient]:
    # A missing or malformed option reaches nobody (filtering on None would reach the
    # members without a zone, a block or a tag).
    value = _id(params)
    return recipients(members.filter(**{field: value})) if value is not None else iter(())


def members_of_zone(params: dict) -> Iterator[Recipient]:
    return _by_id(Member.objects.all(), "zone", params)


def members_of_block(params: dict) -> Iterator[Recipient]:
    return _by_id(Member.objects.all(), "block", params)


def responders_of_zone(params: dict) -> Iterator[Recipient]:
    return _by_id(Member.objects.responders(), "zone", params)


def members_by_language(params: dict) -> Iterator[Recipient]:
    return recipients(Member.objects.filter(language=_option(params)))


def members_with_tag(params: dict) -> Iterator[Recipient]:
    return _by_id(Member.objects.all(), "tags", params)


def _zones():
    return Zone.objects.order_by("name").values_list("pk", "name")


def _blocks():
    return [
        (pk, f"{zone} · {name}")
        for pk, zone, name in Block.objects.order_by("zone__name", "name").values_list(
            "pk", "zone__name", "name"
        )
    ]


def _languages():
    return [(code, name) for code, name in settings.LANGUAGES]


def _tags():
    return Tag.objects.order_by("name").values_list("pk", "name")


register_segment("zone_members", _("Members of a zone"), members_of_zone, options=_zones)
register_segment("block_members", _("Members of a block"), members_of_block, options=_blocks)
register_segment(
    "zone_responders", _("Trained responders of a zone"), responders_of_zone, options=_zones
)
register_segment(
    "language_members", _("Members by language"), members_by_language, options=_languages
)
register_segment("tag_members", _("Members with a tag"), members_with_tag, options=_tags)
