"""A donor in Spanish gives $25 a month through (fake) Stripe Checkout; the bar moves once,
the Spanish receipt reaches a real SMTP server, repeats and reordering change nothing, a
refund lowers the total and an unsigned event is refused."""

import re

import pytest
from playwright.sync_api import expect

from vecinos.content.testing import make_homes
from vecinos.fundraising.models import Gift, Pledge, ProviderEvent
from vecinos.fundraising.processors import simulated
from vecinos.fundraising.testing.fake_stripe import FakeStripe
from vecinos.fundraising.tests.conftest import make_campaign
from vecinos.messaging.testing.smtp import SMTPServer
from vecinos.privacy.testing import start_flood

WEBHOOK_SECRET = "whsec_e2e_secret"


@pytest.fixture
def stripe_and_smtp(live_server, settings):
    with (
        FakeStripe(
            webhook_url=live_server.url + "/hooks/stripe/",
            secret_key="sk_test_e2e",
            webhook_secret=WEBHOOK_SECRET,
        ) as fake,
        SMTPServer() as smtp,
    ):
        settings.STRIPE_SECRET_KEY = "sk_test_e2e"
        settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        settings.STRIPE_API_BASE = fake.url
        settings.VECINOS_LEGAL_NAME = "Vecinos Unidos of South Philadelphia, Inc."
        settings.VECINOS_TAX_ID = "12-3456789"
        settings.VECINOS_EMAIL_CHANNEL = "vecinos.messaging.channels.email.EmailChannel"
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = smtp.host, smtp.port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield fake, smtp


def wait_for(predicate, timeout=10.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_spanish_donor_gives_25_a_month_through_checkout(live_server, phone_page, stripe_and_smtp):
    fake, smtp = stripe_and_smtp
    campaign = make_campaign(make_homes())
    page = phone_page
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(live_server.url + campaign["es"].url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Quedarnos en el barrio")
    bar = page.get_by_test_id("progress")
    expect(bar).to_contain_text("$0 recaudados de una meta de $10,000")
    expect(bar.get_by_test_id("gift-count")).to_have_text("0 donaciones")

    page.get_by_text("$25", exact=True).click()
    page.get_by_text("Cada mes", exact=True).click()
    page.get_by_label("Su nombre completo").fill("Guadalupe Ferreira")
    page.get_by_label("Correo electrónico", exact=True).fill("lupe.ferreira@example.org")
    page.get_by_text("Mostrar mi donación con este nombre:").click()
    page.get_by_label("Nombre que se muestra").fill("Lupe")
    page.get_by_role("button", name="Continuar al pago").click()

    # The fake Checkout, on its own origin, as Stripe's would be.
    expect(page).to_have_url(re.compile(re.escape(fake.url) + r"/pay/cs_test_"))
    expect(page.get_by_text("$25.00 every month")).to_be_visible()
    session = next(iter(fake.sessions.values()))
    assert (session.monthly, session.amount_cents, session.locale) == (True, 2500, "es")
    public_requests = [url for url in requested if not url.startswith(fake.url)]
    assert [url for url in public_requests if not url.startswith(live_server.url)] == []
    fake.plan.duplicate = True
    fake.plan.reorder = True
    page.get_by_role("button", name="Pay").click()

    expect(page).to_have_url(re.compile(r"/es/donar/\d+/gracias/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Gracias por su donación")
    # Two events, each delivered twice, last first: one monthly gift, one month paid.
    assert sorted(status for _type, _id, status in fake.deliveries) == [200, 200, 200, 200]
    assert ProviderEvent.objects.count() == 2
    pledge = Pledge.objects.get()
    assert pledge.status == Pledge.Status.ACTIVE
    assert Gift.objects.filter(status=Gift.Status.PAID).count() == 1

    page.get_by_role("link", name="Volver a la campaña").click()
    expect(bar).to_contain_text("$25 recaudados de una meta de $10,000")
    expect(bar.get_by_test_id("gift-count")).to_have_text("1 donación")
    expect(page.get_by_role("region", name="Donaciones recientes de")).to_contain_text("Lupe")

    assert wait_for(lambda: len(smtp.messages) == 1)
    (mail,) = smtp.messages
    assert mail.rcpt_tos == ["lupe.ferreira@example.org"]
    assert mail.subject.strip() == (
        "Recibo de su donación de $25.00 a Vecinos Unidos of South Philadelphia, Inc."
    )
    text = mail.text()
    assert "Estimado/a Guadalupe Ferreira:" in text
    assert "12-3456789" in text
    assert "No se proporcionaron bienes ni servicios" in text
    assert "/es/donar/mensual/" in text

    # An unsigned event is refused and changes nothing.
    invoice = simulated.paid_invoice(
        subscription=session.ids["subscription"], reference=session.reference, amount_cents=2500
    )
    assert fake.send(invoice, signature="") == 400
    assert fake.send(invoice, signature="t=1,v1=deadbeef") == 400
    assert ProviderEvent.objects.count() == 2

    # A refund lowers the total.
    assert fake.refund(session.id)["type"] == "charge.refunded"
    page.reload()
    expect(bar).to_contain_text("$0 recaudados de una meta de $10,000")
    assert len(smtp.messages) == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_during_a_flood_the_phone_solves_the_proof_and_the_donor_reaches_checkout(
    live_server, phone_page, stripe_and_smtp, settings
):
    fake, _smtp = stripe_and_smtp
    start_flood(settings, "fundraising.give")
    campaign = make_campaign(make_homes())
    page = phone_page
    asked = []
    page.on("request", lambda request: asked.append(request.url))

    page.goto(live_server.url + campaign["es"].url)
    page.get_by_text("$25", exact=True).click()
    page.get_by_label("Su nombre completo").fill("Guadalupe Ferreira")
    page.get_by_label("Correo electrónico", exact=True).fill("lupe.ferreira@example.org")
    page.get_by_role("button", name="Continuar al pago").click()

    expect(page).to_have_url(re.compile(re.escape(fake.url) + r"/pay/cs_test_"))
    assert [a for a in asked if "/floods/" in a] == [
        f"{live_server.url}/floods/fundraising.give/challenge/"
    ]
    assert Gift.objects.get().status == Gift.Status.PENDING
