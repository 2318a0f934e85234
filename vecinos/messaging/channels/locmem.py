"""A channel that keeps messages in memory, for tests (like Django's locmem e-mail backend).

`outbox` lists what was sent, oldest first; tests empty it between cases. `fail_next` queues
exceptions (RetryLater, PermanentFailure, anything) raised by the next sends, in order.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from .base import ChannelBackend, SendResult


@dataclass(frozen=True)
class SentMessage:
    message_id: str
    channel: str
    to: str
    subject: str
    body: str
    language: str
    provider_id: str


outbox: list[SentMessage] = []
fail_next: list[Exception] = []


def reset() -> None:
    outbox.clear()
    fail_next.clear()


class LocmemChannel(ChannelBackend):
    def send(self, message) -> SendResult:
        if fail_next:
            raise fail_next.pop(0)
        provider_id = f"locmem-{uuid.uuid4().hex}"
        outbox.append(
            SentMessage(
                message_id=str(message.id),
                channel=message.channel,
                to=message.to_address,
                subject=message.subject,
                body=message.body,
                language=message.language,
                provider_id=provider_id,
            )
        )
        return SendResult(provider_id)
