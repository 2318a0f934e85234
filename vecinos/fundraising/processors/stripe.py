"""Stripe: Checkout sessions, subscriptions and signed webhooks. The only module that imports
the `stripe` library.

Stripe's API changed where an invoice names its subscription and its payment over the years;
the translation below reads both the older fields and the newer `parent`/`payments` ones.
"""

from __future__ import annotations

import json

import stripe
from django.conf import settings

from . import Checkout, CheckoutRequest, InvalidEvent, PaymentEvent, ProcessorUnavailable

# Stripe's own tolerance: a signature older than five minutes is refused (replays).
SIGNATURE_TOLERANCE = 300
CURRENCY = "usd"


def sign_payload(payload: str, secret: str, timestamp: int | None = None) -> str:
    """Return the Stripe-Signature header Stripe would send with `payload`."""
    return stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp)


def _client() -> stripe.StripeClient:
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        max_network_retries=2,
    )


class StripeProcessor:
    name = "stripe"

    def webhook_secret(self) -> str:
        return settings.STRIPE_WEBHOOK_SECRET

    def start_checkout(self, request: CheckoutRequest) -> Checkout:
        price_data = {
            "currency": CURRENCY,
            "unit_amount": request.amount_cents,
            "product_data": {"name": request.description[:250]},
        }
        params = {
            "mode": "subscription" if request.monthly else "payment",
            "client_reference_id": request.reference,
            "customer_email": request.email,
            "locale": request.language if request.language in ("en", "es") else "auto",
            "success_url": request.success_url,
            "cancel_url": request.cancel_url,
            "metadata": {"vecinos_reference": request.reference},
            "submit_type": None,
        }
        if request.monthly:
            price_data["recurring"] = {"interval": "month"}
            params["subscription_data"] = {"metadata": {"vecinos_reference": request.reference}}
        else:
            params["submit_type"] = "donate"
            params["payment_intent_data"] = {"metadata": {"vecinos_reference": request.reference}}
        params["line_items"] = [{"price_data": price_data, "quantity": 1}]
        params = {key: value for key, value in params.items() if value is not None}
        try:
            session = _client().v1.checkout.sessions.create(params=params)
        except stripe.StripeError as error:
            raise ProcessorUnavailable(type(error).__name__) from None
        return Checkout(session_id=session.id, url=session.url)

    def parse_event(self, payload: bytes, signature: str) -> PaymentEvent:
        secret = self.webhook_secret()
        if not secret:
            raise InvalidEvent("no webhook secret is set")
        try:
            stripe.WebhookSignature.verify_header(
                payload, signature, secret, tolerance=SIGNATURE_TOLERANCE
            )
            body = json.loads(payload)
        except (stripe.SignatureVerificationError, ValueError, UnicodeDecodeError):
            raise InvalidEvent("signature") from None
        if not isinstance(body, dict) or not isinstance(body.get("id"), str):
            raise InvalidEvent("body")
        return translate(body)

    def change_monthly_amount(self, subscription_id: str, amount_cents: int) -> None:
        client = _client()
        try:
            subscription = client.v1.subscriptions.retrieve(subscription_id)
            item = subscription["items"]["data"][0]
            price = item["price"]
            client.v1.subscriptions.update(
                subscription_id,
                params={
                    "items": [
                        {
                            "id": item["id"],
                            "price_data": {
                                "currency": CURRENCY,
                                "unit_amount": amount_cents,
                                "product": price["product"],
                                "recurring": {"interval": "month"},
                            },
                        }
                    ],
                    "proration_behavior": "none",
                },
            )
        except (stripe.StripeError, KeyError, IndexError, TypeError) as error:
            raise ProcessorUnavailable(type(error).__name__) from None

    def stop_monthly(self, subscription_id: str) -> None:
        try:
            _client().v1.subscriptions.cancel(subscription_id)
        except stripe.StripeError as error:
            raise ProcessorUnavailable(type(error).__name__) from None


def _id(value) -> str:
    """An expandable field is an id or an object with one."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def _int(value) -> int:
    return value if isinstance(value, int) and value >= 0 else 0


def _reference(obj: dict, *more: dict) -> str:
    for source in (obj, *more):
        metadata = source.get("metadata") if isinstance(source, dict) else None
        if isinstance(metadata, dict) and isinstance(metadata.get("vecinos_reference"), str):
            return metadata["vecinos_reference"]
    return ""


def translate(body: dict) -> PaymentEvent:
    """Reduce a Stripe event to the ids and amounts vecinos acts on."""
    kind = body.get("type")
    obj = (body.get("data") or {}).get("object") or {}
    if not isinstance(obj, dict):
        obj = {}
    event_id = body["id"]
    if kind == "checkout.session.completed":
        return PaymentEvent(
            event_id,
            "checkout.completed",
            {
                "session": _id(obj.get("id")),
                "reference": obj.get("client_reference_id") or _reference(obj),
                "monthly": obj.get("mode") == "subscription",
                "paid": obj.get("payment_status") in ("paid", "no_payment_required"),
                "payment_intent": _id(obj.get("payment_intent")),
                "subscription": _id(obj.get("subscription")),
                "customer": _id(obj.get("customer")),
            },
        )
    if kind == "invoice.paid":
        parent = (obj.get("parent") or {}).get("subscription_details") or {}
        details = obj.get("subscription_details") or {}
        payments = ((obj.get("payments") or {}).get("data") or [{}])[0].get("payment") or {}
        return PaymentEvent(
            event_id,
            "invoice.paid",
            {
                "invoice": _id(obj.get("id")),
                "subscription": _id(obj.get("subscription")) or _id(parent.get("subscription")),
                "reference": _reference(parent, details),
                "amount": _int(obj.get("amount_paid")),
                "payment_intent": _id(obj.get("payment_intent"))
                or _id(payments.get("payment_intent")),
                "charge": _id(obj.get("charge")) or _id(payments.get("charge")),
                "paid_at": _int((obj.get("status_transitions") or {}).get("paid_at"))
                or _int(obj.get("created")),
            },
        )
    if kind == "charge.refunded":
        return PaymentEvent(
            event_id,
            "charge.refunded",
            {
                "charge": _id(obj.get("id")),
                "payment_intent": _id(obj.get("payment_intent")),
                "reference": _reference(obj),
                "amount_refunded": _int(obj.get("amount_refunded")),
            },
        )
    if kind == "charge.dispute.created":
        return PaymentEvent(
            event_id,
            "charge.disputed",
            {"charge": _id(obj.get("charge")), "payment_intent": _id(obj.get("payment_intent"))},
        )
    if kind == "customer.subscription.deleted":
        return PaymentEvent(
            event_id,
            "subscription.cancelled",
            {"subscription": _id(obj.get("id")), "reference": _reference(obj)},
        )
    return PaymentEvent(event_id, "ignored", {})
