"""The development channel: nothing leaves the machine.

A message "sent" here stays in the outbox with a provider id starting with `console-`; the
admin's Test phone page (vecinos.messaging.backoffice.test_phone) shows those rows,
decrypted, as a phone would. The log line names the message, never its recipient or text.
"""

from __future__ import annotations

import logging
import uuid

from .base import ChannelBackend, SendResult

logger = logging.getLogger(__name__)

PROVIDER_PREFIX = "console-"


class ConsoleChannel(ChannelBackend):
    def send(self, message) -> SendResult:
        provider_id = f"{PROVIDER_PREFIX}{uuid.uuid4().hex}"
        logger.info("%s message %s is on the test phone page", message.channel, message.id)
        return SendResult(provider_id)
