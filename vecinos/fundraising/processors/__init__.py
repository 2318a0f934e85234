"""Card processors behind one interface, as SMS providers are behind messaging's channels.

`get_processor()` answers the processor the settings choose: Stripe when STRIPE_SECRET_KEY is
set, the development stand-in when DEBUG is on without keys, and None otherwise (the campaign
pages then show only the offline ways to give). Another processor implements
`PaymentProcessor` and translates its events into the `PaymentEvent` types handled in
services.events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings


class InvalidEvent(ValueError):
    """A webhook body that is unsigned, wrongly signed or unreadable."""


class ProcessorUnavailable(RuntimeError):
    """The processor could not be reached or refused the request."""


@dataclass(frozen=True)
class CheckoutRequest:
    """What the processor's hosted checkout needs; the card itself never passes through us."""

    reference: str  # our Gift or Pledge id, echoed back in the events
    monthly: bool
    amount_cents: int
    description: str
    email: str
    language: str
    success_url: str
    cancel_url: str


@dataclass(frozen=True)
class Checkout:
    session_id: str
    url: str


@dataclass(frozen=True)
class PaymentEvent:
    """One processor event, reduced to ids and amounts (never a name or an address).

    Types: "checkout.completed", "invoice.paid", "charge.refunded", "charge.disputed",
    "subscription.cancelled", or "ignored" for anything else.
    """

    id: str
    type: str
    data: dict = field(default_factory=dict)


class PaymentProcessor(Protocol):
    name: str

    def start_checkout(self, request: CheckoutRequest) -> Checkout:
        """Create a hosted checkout and return where to send the donor."""

    def parse_event(self, payload: bytes, signature: str) -> PaymentEvent:
        """Verify a webhook body and translate it; raise InvalidEvent if it is not genuine."""

    def change_monthly_amount(self, subscription_id: str, amount_cents: int) -> None:
        """Charge a new amount from the next month on."""

    def stop_monthly(self, subscription_id: str) -> None:
        """Cancel a monthly gift now; the processor then sends its cancellation event."""


def card_gifts_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY) or settings.DEBUG


def get_processor() -> PaymentProcessor | None:
    """Return the processor the settings choose, or None when card gifts are not set up."""
    if settings.STRIPE_SECRET_KEY:
        from .stripe import StripeProcessor

        return StripeProcessor()
    if settings.DEBUG:
        from .development import DevelopmentProcessor

        return DevelopmentProcessor()
    return None
