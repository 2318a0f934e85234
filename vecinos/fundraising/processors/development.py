"""The development stand-in for Stripe (DEBUG without keys), as the Test phone is for Twilio.

Checkout happens on a local page (views.dev_checkout) instead of Stripe's; paying there sends
the events Stripe would send, signed with the stripe library's own signing, through the same
webhook handler Stripe's deliveries reach, so the whole journey plays on one machine.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.urls import reverse

from . import Checkout, CheckoutRequest, simulated
from .stripe import StripeProcessor, sign_payload

# Used only when DEBUG is on and STRIPE_WEBHOOK_SECRET is empty; never in production.
DEVELOPMENT_WEBHOOK_SECRET = "whsec_development_only"  # noqa: S105


class DevelopmentProcessor(StripeProcessor):
    name = "development"

    def webhook_secret(self) -> str:
        return settings.STRIPE_WEBHOOK_SECRET or DEVELOPMENT_WEBHOOK_SECRET

    def start_checkout(self, request: CheckoutRequest) -> Checkout:
        session_id = simulated.new_id("cs_dev")
        return Checkout(
            session_id=session_id,
            url=reverse("fundraising:dev-checkout", kwargs={"session_id": session_id}),
        )

    def change_monthly_amount(self, subscription_id: str, amount_cents: int) -> None:
        return None

    def stop_monthly(self, subscription_id: str) -> None:
        from ..models import Pledge

        pledge = Pledge.objects.filter(subscription_id=subscription_id).first()
        reference = str(pledge.pk) if pledge else ""
        self.deliver(
            simulated.cancelled_subscription(subscription=subscription_id, reference=reference)
        )

    def deliver(self, body: dict) -> None:
        """Sign one event and hand it to the webhook handler, as Stripe's delivery would."""
        from ..webhooks import receive

        payload = json.dumps(body)
        receive(payload.encode(), sign_payload(payload, self.webhook_secret()))
