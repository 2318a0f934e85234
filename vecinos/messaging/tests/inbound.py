"""Helpers for the inbound tests: texts as a phone would send them, and what we answered."""

import uuid

from vecinos.messaging.inbound import handle_inbound_sms
from vecinos.messaging.models import OutboundMessage

PHONE = "+12155550134"
OTHER_PHONE = "+12675550188"


def text(body, phone=PHONE, sid=None):
    """Handle an inbound text with a fresh provider id; return the InboundMessage."""
    return handle_inbound_sms(phone, body, sid or f"SM{uuid.uuid4().hex}")


def replies(phone=PHONE):
    """Return the messages queued to `phone`, oldest first."""
    return [
        message
        for message in OutboundMessage.objects.order_by("created_at")
        if message.to_address == phone
    ]


def last_reply(phone=PHONE):
    found = replies(phone)
    assert found, "nothing was queued"
    return found[-1]
