"""The broadcast audience fundraising adds: donors who agreed to hear from the organization.

A recipient is named "donor:<uuid>", never by an address, since the key is written into the
outbox in clear. Donors are reached by e-mail only, in their language.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from vecinos.broadcasts.segments import Recipient, register_segment
from vecinos.messaging.models import Channel

from .models import Donor


def contactable_donors(params: dict) -> Iterator[Recipient]:
    donors = Donor.objects.filter(may_contact=True).order_by("pk")
    for donor in donors.iterator(chunk_size=500):
        if donor.email:
            yield Recipient(f"donor:{donor.pk}", Channel.EMAIL, donor.email, donor.language)


register_segment("donors_contactable", _("Donors who agreed to hear from us"), contactable_donors)
