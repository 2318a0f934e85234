"""Stripe-shaped events for what a donor does at checkout, for the stand-ins that play Stripe:
the development checkout page and the fake Stripe server of the tests and the bench.

Only the fields vecinos reads (processors/stripe.py `translate`) and a few for realism.
"""

from __future__ import annotations

import secrets
import time


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def event(kind: str, obj: dict, *, event_id: str | None = None) -> dict:
    return {
        "id": event_id or new_id("evt"),
        "object": "event",
        "api_version": "2024-06-20",
        "created": int(time.time()),
        "livemode": False,
        "type": kind,
        "data": {"object": obj},
    }


def completed_checkout(
    *,
    session_id: str,
    reference: str,
    monthly: bool,
    amount_cents: int,
    payment_intent: str = "",
    subscription: str = "",
    customer: str = "",
) -> dict:
    return event(
        "checkout.session.completed",
        {
            "id": session_id,
            "object": "checkout.session",
            "client_reference_id": reference,
            "mode": "subscription" if monthly else "payment",
            "payment_status": "paid",
            "status": "complete",
            "amount_total": amount_cents,
            "currency": "usd",
            "payment_intent": payment_intent or None,
            "subscription": subscription or None,
            "customer": customer or None,
            "metadata": {"vecinos_reference": reference},
        },
    )


def paid_invoice(
    *,
    subscription: str,
    reference: str,
    amount_cents: int,
    customer: str = "",
    invoice_id: str | None = None,
    payment_intent: str | None = None,
    charge: str | None = None,
) -> dict:
    now = int(time.time())
    return event(
        "invoice.paid",
        {
            "id": invoice_id or new_id("in"),
            "object": "invoice",
            "amount_paid": amount_cents,
            "currency": "usd",
            "customer": customer or None,
            "subscription": subscription,
            "subscription_details": {"metadata": {"vecinos_reference": reference}},
            "payment_intent": payment_intent or new_id("pi"),
            "charge": charge or new_id("ch"),
            "status": "paid",
            "created": now,
            "status_transitions": {"paid_at": now},
        },
    )


def refunded_charge(
    *, charge: str, payment_intent: str, amount_cents: int, refunded_cents: int
) -> dict:
    return event(
        "charge.refunded",
        {
            "id": charge,
            "object": "charge",
            "amount": amount_cents,
            "amount_refunded": refunded_cents,
            "refunded": refunded_cents >= amount_cents,
            "payment_intent": payment_intent,
        },
    )


def dispute(*, charge: str, payment_intent: str, amount_cents: int) -> dict:
    return event(
        "charge.dispute.created",
        {
            "id": new_id("dp"),
            "object": "dispute",
            "amount": amount_cents,
            "charge": charge,
            "payment_intent": payment_intent,
            "reason": "general",
            "status": "needs_response",
        },
    )


def cancelled_subscription(*, subscription: str, reference: str) -> dict:
    return event(
        "customer.subscription.deleted",
        {
            "id": subscription,
            "object": "subscription",
            "status": "canceled",
            "metadata": {"vecinos_reference": reference},
        },
    )


def checkout_events(
    *, session_id: str, reference: str, monthly: bool, amount_cents: int
) -> tuple[list[dict], dict]:
    """Return the events Stripe sends when a donor pays at checkout, and the ids it made."""
    customer = new_id("cus")
    if monthly:
        subscription = new_id("sub")
        invoice = paid_invoice(
            subscription=subscription,
            reference=reference,
            amount_cents=amount_cents,
            customer=customer,
        )
        events = [
            completed_checkout(
                session_id=session_id,
                reference=reference,
                monthly=True,
                amount_cents=amount_cents,
                subscription=subscription,
                customer=customer,
            ),
            invoice,
        ]
        obj = invoice["data"]["object"]
        ids = {
            "subscription": subscription,
            "customer": customer,
            "payment_intent": obj["payment_intent"],
            "charge": obj["charge"],
        }
        return events, ids
    payment_intent, charge = new_id("pi"), new_id("ch")
    events = [
        completed_checkout(
            session_id=session_id,
            reference=reference,
            monthly=False,
            amount_cents=amount_cents,
            payment_intent=payment_intent,
            customer=customer,
        )
    ]
    return events, {"customer": customer, "payment_intent": payment_intent, "charge": charge}
