"""Retention for messaging: what each kind of message data keeps, and for how long.

Outbox rows: who a message went to, and what it said, go 7 days after it ended. The row
itself stays (channel, status, times, the provider's id), so delivery counts of a broadcast
survive; the address, its blind index, the subject and the text are blanked.

Inbound texts: whoever handled a text (a sign-up, a report) has copied what it needs into its
own records by then, so the sender and the text go 7 days after arrival. The row stays with
the provider's id, so a provider's late retry of the same text is still recognised.
"""

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from vecinos.privacy.retention import Shredder, register

from .conversations import ExpiredConversationShredder
from .models import InboundMessage, OutboundMessage

Status = OutboundMessage.Status
# Sent counts as over too: a provider may never call back with delivered or failed.
OVER = [
    Status.SENT,
    Status.DELIVERED,
    Status.FAILED,
    Status.EXPIRED,
    Status.CANCELLED,
    Status.SUPPRESSED,
]


def blank(queryset: QuerySet) -> int:
    """Blank the personal fields of the given outbox rows; return how many rows changed."""
    # Empty strings are stored as they are (only emptiness shows), so update() may set them.
    return queryset.update(to_address="", to_index=None, subject="", body="")


def blank_inbound(queryset: QuerySet) -> int:
    """Blank the sender and the text of the given inbound messages; return how many changed."""
    return queryset.update(from_address="", from_index=None, body="")


class OutboundMessageShredder(Shredder):
    name = "outbound_messages"
    description = "Recipients' addresses and message texts, 7 days after a message ended."
    default_period = timedelta(days=7)

    def due(self, now: datetime) -> QuerySet:
        cutoff = now - self.period
        return (
            OutboundMessage.objects.filter(status__in=OVER)
            .filter(Q(finished_at__lte=cutoff) | Q(finished_at__isnull=True, sent_at__lte=cutoff))
            .exclude(to_address="")
        )

    def shred(self, queryset: QuerySet) -> int:
        return blank(queryset)


class InboundMessageShredder(Shredder):
    name = "inbound_messages"
    description = "Senders' numbers and the texts they sent, 7 days after arrival."
    default_period = timedelta(days=7)

    def due(self, now: datetime) -> QuerySet:
        return InboundMessage.objects.filter(received_at__lte=now - self.period).exclude(
            from_address=""
        )

    def shred(self, queryset: QuerySet) -> int:
        return blank_inbound(queryset)


outbound_messages = register(OutboundMessageShredder())
inbound_messages = register(InboundMessageShredder())
conversations = register(ExpiredConversationShredder())
