"""The audiences a broadcast can reach, registered by the apps that know the people.

Each app registers its segments in its own `segments.py` (found on first use): zones register
a segment per zone and block, workshops one per training, and so on; this app
invents nobody. A segment is a key, a label staff read, and a resolver that yields the
recipients for some parameters: `{"option": <id>}` when the segment offers options (one zone
among many), `{}` otherwise. Parameters are stored on the broadcast, so they hold ids only;
anything that looks like an address is refused.

    register_segment(
        "zone",
        _("Members of a zone"),
        members_of_zone,
        options=lambda: Zone.objects.values_list("pk", "name"),
    )
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from vecinos.core.logging import looks_personal
from vecinos.core.registry import Registry

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
LANGUAGES = ("en", "es")
CHANNELS = ("sms", "email")
# The outbox's dedupe key holds 200 characters: "broadcast:<id>:" and then this key.
MAX_RECIPIENT_KEY = 150


@dataclass(frozen=True)
class Recipient:
    """One address to send to.

    `key` is the recipient's stable id in its own app ("member:<uuid>"); it goes into the
    outbox's dedupe key, so it must never be the address itself.
    """

    key: str
    channel: str
    address: str
    language: str


Resolver = Callable[[dict[str, Any]], Iterable[Recipient]]
Options = Callable[[], Iterable[tuple[Any, str]]] | Iterable[tuple[Any, str]]


@dataclass(frozen=True)
class Segment:
    key: str
    label: Any
    resolver: Resolver
    options: Options | None = None

    def choices(self) -> list[tuple[str, str]]:
        """Return this segment's options as (value, label) text pairs; [] without options."""
        if self.options is None:
            return []
        options = self.options() if callable(self.options) else self.options
        return [(str(value), str(label)) for value, label in options]


class UnknownSegment(LookupError):
    """Raised for a segment key that no app has registered (or no longer registers)."""


class InvalidParams(ValueError):
    """Raised for segment parameters that are not plain ids."""


class InvalidRecipientKey(ValueError):
    """Raised when a resolver names a recipient by an address or a very long text."""


_segments = Registry[Segment]("segments", key="key")


def register_segment(
    key: str, label: Any, resolver: Resolver, *, options: Options | None = None
) -> Segment:
    """Make an audience available to broadcasts under `key`; registering a key again replaces it."""
    if not KEY_PATTERN.match(key):
        raise ValueError(f"Segment key {key!r} must be a short snake_case name.")
    return _segments.register(Segment(key=key, label=label, resolver=resolver, options=options))


def unregister_segment(key: str) -> None:
    """Remove a segment; a broadcast that names it can no longer be previewed or sent."""
    _segments.unregister(key)


def registered_segments() -> list[Segment]:
    """Return every registered segment, sorted by its label in the active language."""
    return sorted(_segments.registered(), key=lambda segment: str(segment.label).casefold())


def get_segment(key: str) -> Segment:
    segment = _segments.get(key)
    if segment is None:
        raise UnknownSegment(key)
    return segment


def check_params(params: dict[str, Any]) -> dict[str, Any]:
    """Return `params` if every value is a plain id; raise InvalidParams otherwise."""
    if not isinstance(params, dict):
        raise InvalidParams("Segment parameters must be a mapping.")
    for name, value in params.items():
        if not isinstance(name, str) or not KEY_PATTERN.match(name):
            raise InvalidParams(f"Parameter name {name!r} must be a short snake_case name.")
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise InvalidParams(f"Parameter {name!r} must be text or a number.")
        if isinstance(value, str) and (len(value) > 100 or looks_personal(value)):
            raise InvalidParams(f"Parameter {name!r} must be an id, never an address.")
    return params


def normalize_language(language: str) -> str:
    """Return "es" for any Spanish tag ("es", "es-MX"), and English for anything else."""
    return "es" if (language or "").lower().startswith("es") else "en"


def resolve(
    key: str, params: dict[str, Any], *, channel: str, language: str = ""
) -> list[Recipient]:
    """Return the segment's recipients on `channel`, in `language` if given, each key once.

    A person reachable both by SMS and e-mail is yielded once per channel by the resolver;
    only the broadcast's channel is kept. The first recipient yielded under a key wins.
    """
    segment = get_segment(key)
    check_params(params)
    recipients: dict[str, Recipient] = {}
    for recipient in segment.resolver(params):
        if recipient.channel != channel or not recipient.address or recipient.key in recipients:
            continue
        # The key is written in clear into the outbox's dedupe key, so it must be an id.
        if len(recipient.key) > MAX_RECIPIENT_KEY or looks_personal(recipient.key):
            raise InvalidRecipientKey(
                f"Segment {key!r} names a recipient by something other than an id."
            )
        recipient_language = normalize_language(recipient.language)
        if language and recipient_language != language:
            continue
        if recipient_language != recipient.language:
            recipient = Recipient(
                recipient.key, recipient.channel, recipient.address, recipient_language
            )
        recipients[recipient.key] = recipient
    return list(recipients.values())
