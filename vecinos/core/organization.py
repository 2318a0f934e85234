"""Who the organization is: its name, public contact and the number texts and calls reach.

Editors set the name and contact in the Wagtail admin (Settings → Organization); the hotline
number is the platform's own (TWILIO_FROM_NUMBER). Every message rendered by messaging gets
`organization` and `org_name` in its context, so apps do not look these up themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import SimpleLazyObject, lazy


@dataclass(frozen=True)
class Organization:
    name: str
    contact_email: str
    contact_phone: str
    address: str
    hotline_number: str
    tagline_en: str = ""
    tagline_es: str = ""

    @property
    def contact(self) -> str:
        """The phone to call, or the e-mail address when there is no phone."""
        return self.contact_phone or self.contact_email

    def __str__(self) -> str:
        return self.name


def organization() -> Organization:
    """Return the organization's current details (one small query)."""
    from .models import OrganizationSettings

    stored = OrganizationSettings.load()
    return Organization(
        name=stored.name,
        contact_email=stored.contact_email,
        contact_phone=stored.contact_phone,
        address=stored.address,
        hotline_number=getattr(settings, "TWILIO_FROM_NUMBER", ""),
        tagline_en=stored.tagline_en,
        tagline_es=stored.tagline_es,
    )


# Made once: each call of lazy() builds a new proxy class, about 50 µs each time (timeit).
_lazy_name = lazy(lambda org: org.name, str)
_lazy_contact = lazy(lambda org: org.contact, str)


def message_context() -> dict:
    """What every message's template can use: `organization`, `org_name` and `contact`.

    Lazy: the settings are read once, and only when a template uses one of them.
    """
    org = SimpleLazyObject(organization)
    return {"organization": org, "org_name": _lazy_name(org), "contact": _lazy_contact(org)}
