"""The one interface every channel implements, and how the configured one is found.

A channel sends one outbox row and says what happened: a `SendResult` with the provider's id,
`RetryLater` when the provider is busy or unreachable, or `PermanentFailure` when this message
can never go. The outbox (outbox.py) turns those into retries, back-off and final states.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from vecinos.messaging.models import OutboundMessage


@dataclass(frozen=True)
class SendResult:
    provider_id: str


class RetryLater(Exception):
    """The message may go later.

    `backpressure` is True when the provider asked us to slow down (HTTP 429, a full queue):
    that is not the message's fault and does not count as a failed attempt. Errors and
    timeouts set it to False and count. `after_seconds` is the provider's hint, if any;
    `code` is a short code for the outbox row, never personal data.
    """

    def __init__(
        self, after_seconds: float | None = None, *, code: str = "", backpressure: bool = True
    ) -> None:
        super().__init__(code or "retry later")
        self.after_seconds = after_seconds
        self.code = code
        self.backpressure = backpressure


class PermanentFailure(Exception):
    """The message can never go (a bad number, a refused address).

    `opted_out` says the provider knows the recipient unsubscribed: the address is then
    opted out here too, so no other sender tries again.
    """

    def __init__(self, code: str, *, opted_out: bool = False) -> None:
        super().__init__(code)
        self.code = code
        self.opted_out = opted_out


class ChannelBackend:
    """Send outbox rows through one provider; subclasses implement `send` or `prepare`."""

    # Whether the provider calls back later with delivered/failed. Without callbacks, a
    # message is finished once the provider accepted it.
    reports_delivery: bool = False

    def send(self, message: OutboundMessage) -> SendResult:
        return self.prepare(message)()

    def prepare(self, message: OutboundMessage) -> Callable[[], SendResult]:
        """Return the send of `message` with all that can be done ahead of it done.

        The outbox prepares a message before waiting for its send slot, so the request
        leaves the moment the slot comes, not the time it takes to build it later.
        """
        return lambda: self.send(message)


def channel_path(kind: str) -> str:
    if kind == "sms":
        return settings.VECINOS_SMS_CHANNEL
    if kind == "email":
        return settings.VECINOS_EMAIL_CHANNEL
    raise ValueError(f"Unknown channel {kind!r}")


@cache
def _load(path: str) -> ChannelBackend:
    return import_string(path)()


def get_channel(kind: str) -> ChannelBackend:
    """Return the channel configured for "sms" or "email" (one instance per process)."""
    return _load(channel_path(kind))


@receiver(setting_changed)
def _forget_channels(*, setting: str, **kwargs) -> None:
    # Channels read their settings when built; a test that points Twilio at a local fake
    # server, or switches channels, gets fresh ones.
    if setting.startswith(("TWILIO_", "VECINOS_SMS_", "VECINOS_EMAIL_", "EMAIL_")):
        _load.cache_clear()
