"""What messaging holds about a person: texts and e-mails sent to them, texts they sent."""

from vecinos.privacy.blind_index import find_by_email, find_by_phone
from vecinos.privacy.erasure import PersonalDataSource, register

from .models import Channel, InboundMessage, OutboundMessage
from .shredders import blank, blank_inbound


class OutboundMessageSource(PersonalDataSource):
    name = "outbound_messages"
    model = OutboundMessage
    export_fields = (
        "channel",
        "to_address",
        "subject",
        "body",
        "language",
        "purpose",
        "status",
        "created_at",
        "sent_at",
    )

    def find(self, *, email=None, phone=None):
        # Phone numbers and e-mail addresses share the `to_index` column, each hashed for
        # its own purpose; the channel and the decrypted address settle every candidate.
        found = []
        if phone:
            rows = self.queryset().filter(channel=Channel.SMS)
            found += find_by_phone(rows, "to_address", phone, index_field="to_index")
        if email:
            rows = self.queryset().filter(channel=Channel.EMAIL)
            found += find_by_email(rows, "to_address", email, index_field="to_index")
        return found

    def erase(self, rows):
        # The rows stay as counts (a broadcast's progress); who and what are blanked.
        return blank(self.model.objects.filter(pk__in=[row.pk for row in rows]))


class InboundMessageSource(PersonalDataSource):
    name = "inbound_messages"
    model = InboundMessage
    export_fields = ("channel", "from_address", "body", "received_at", "handled_by")

    def find(self, *, email=None, phone=None):
        if not phone:
            return []
        rows = self.queryset().filter(channel=Channel.SMS)
        return find_by_phone(rows, "from_address", phone, index_field="from_index")

    def erase(self, rows):
        # The row keeps the provider's id, so a late retry of the same text is not handled
        # again as a new one; who sent it and what it said are blanked.
        return blank_inbound(self.model.objects.filter(pk__in=[row.pk for row in rows]))


register(OutboundMessageSource())
register(InboundMessageSource())
