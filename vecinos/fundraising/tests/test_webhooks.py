"""Stripe's events over real HTTP, signed with the stripe library, in any order and number."""

import json

import pytest
import requests

from vecinos.fundraising.models import Gift, Pledge, ProviderEvent
from vecinos.fundraising.processors import simulated
from vecinos.fundraising.services import start_card_gift
from vecinos.messaging.channels import locmem

pytestmark = pytest.mark.django_db(transaction=True)


def start(page, *, monthly=False, cents=2500, email="rosa@example.org", language="en"):
    return start_card_gift(
        page,
        amount_cents=cents,
        monthly=monthly,
        name="Rosa Delgado",
        email=email,
        language=language,
        display_name="Rosa",
        may_contact=False,
        success_url="http://testserver/thanks/",
        cancel_url="http://testserver/",
    )


def session_of(fake, url):
    return fake.sessions[url.rsplit("/", 1)[1]]


def test_paid_one_time_checkout_counts_once_and_sends_a_receipt(campaign, fake_stripe):
    url = start(campaign["en"])
    session = session_of(fake_stripe, url)
    assert session.amount_cents == 2500 and not session.monthly
    fake_stripe.plan.duplicate = True

    fake_stripe.pay(session.id)

    assert [status for _type, _id, status in fake_stripe.deliveries] == [200, 200]
    progress = campaign["es"].progress()
    assert (progress.raised_cents, progress.gifts) == (2500, 1)
    assert ProviderEvent.objects.count() == 1
    receipts = [m for m in locmem.outbox if m.channel == "email"]
    assert len(receipts) == 1
    assert "No goods or services were provided" in receipts[0].body
    assert "12-3456789" in receipts[0].body


def test_monthly_events_reversed_and_repeated_make_one_gift(campaign, fake_stripe):
    url = start(campaign["es"], monthly=True, language="es")
    session = session_of(fake_stripe, url)
    fake_stripe.plan.duplicate = True
    fake_stripe.plan.reorder = True

    fake_stripe.pay(session.id)

    pledge = Pledge.objects.get()
    assert pledge.status == Pledge.Status.ACTIVE
    assert pledge.subscription_id == session.ids["subscription"]
    assert Gift.objects.filter(pledge=pledge, status=Gift.Status.PAID).count() == 1
    assert campaign["en"].progress().raised_cents == 2500
    (receipt,) = [m for m in locmem.outbox if m.channel == "email"]
    assert "No se proporcionaron bienes ni servicios" in receipt.body
    assert "/es/donar/mensual/" in receipt.body


def test_refund_lowers_the_total_even_when_it_arrives_first(campaign, fake_stripe):
    url = start(campaign["en"], cents=5000)
    session = session_of(fake_stripe, url)
    events, ids = simulated.checkout_events(
        session_id=session.id, reference=session.reference, monthly=False, amount_cents=5000
    )
    session.ids = ids
    refund = simulated.refunded_charge(
        charge=ids["charge"],
        payment_intent=ids["payment_intent"],
        amount_cents=5000,
        refunded_cents=2000,
    )

    assert fake_stripe.send(refund) == 200
    assert campaign["en"].progress().raised_cents == 0
    for event in events:
        fake_stripe.send(event)
    fake_stripe.send(refund)

    gift = Gift.objects.get()
    assert (gift.status, gift.refunded_cents) == (Gift.Status.REFUNDED, 2000)
    assert campaign["en"].progress().raised_cents == 3000
    fake_stripe.refund(session.id)
    progress = campaign["en"].progress()
    assert (progress.raised_cents, progress.gifts) == (0, 0)


def test_dispute_takes_the_gift_out_of_the_total(campaign, fake_stripe):
    session = session_of(fake_stripe, start(campaign["en"]))
    fake_stripe.pay(session.id)
    fake_stripe.send(
        simulated.dispute(
            charge=session.ids["charge"],
            payment_intent=session.ids["payment_intent"],
            amount_cents=2500,
        )
    )
    assert Gift.objects.get().status == Gift.Status.DISPUTED
    assert campaign["en"].progress().raised_cents == 0


def test_cancelled_subscription_stops_the_monthly_gift(campaign, fake_stripe):
    session = session_of(fake_stripe, start(campaign["en"], monthly=True))
    fake_stripe.pay(session.id)
    fake_stripe.send(
        simulated.cancelled_subscription(
            subscription=session.ids["subscription"], reference=session.reference
        )
    )
    assert Pledge.objects.get().status == Pledge.Status.CANCELLED
    # The month already paid still counts.
    assert campaign["en"].progress().raised_cents == 2500


def test_next_months_invoice_adds_a_gift(campaign, fake_stripe):
    session = session_of(fake_stripe, start(campaign["en"], monthly=True))
    fake_stripe.pay(session.id)
    fake_stripe.send(
        simulated.paid_invoice(
            subscription=session.ids["subscription"], reference="", amount_cents=2500
        )
    )
    progress = campaign["en"].progress()
    assert (progress.raised_cents, progress.gifts) == (5000, 2)


@pytest.mark.parametrize(
    "signature",
    ["", "t=1,v1=0000", "not a header"],
    ids=["unsigned", "wrong", "garbage"],
)
def test_unsigned_or_wrongly_signed_event_is_refused_and_nothing_is_stored(
    campaign, fake_stripe, signature
):
    session = session_of(fake_stripe, start(campaign["en"]))
    events, _ids = simulated.checkout_events(
        session_id=session.id, reference=session.reference, monthly=False, amount_cents=2500
    )
    assert fake_stripe.send(events[0], signature=signature) == 400
    assert ProviderEvent.objects.count() == 0
    assert Gift.objects.get().status == Gift.Status.PENDING


def test_event_signed_with_another_secret_is_refused(campaign, fake_stripe, live_server):
    from vecinos.fundraising.processors.stripe import sign_payload

    body = json.dumps(simulated.paid_invoice(subscription="sub_x", reference="", amount_cents=1))
    response = requests.post(
        live_server.url + "/hooks/stripe/",
        data=body,
        headers={"Stripe-Signature": sign_payload(body, "whsec_someone_else")},
        timeout=10,
    )
    assert response.status_code == 400
    assert ProviderEvent.objects.count() == 0


def test_webhook_refuses_everything_when_card_gifts_are_not_set_up(campaign, fake_stripe, settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.DEBUG = False
    body = simulated.paid_invoice(subscription="sub_x", reference="", amount_cents=100)
    assert fake_stripe.send(body) == 400
    assert ProviderEvent.objects.count() == 0


@pytest.mark.parametrize("length", ["abc", "-1", str(10**30)])
def test_webhook_answers_a_broken_content_length_with_400(client, length):
    response = client.post(
        "/hooks/stripe/", data=b"{}", content_type="application/json", CONTENT_LENGTH=length
    )
    assert response.status_code == 400
    assert ProviderEvent.objects.count() == 0
