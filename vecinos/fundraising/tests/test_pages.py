"""The campaign page, the gift form and the development checkout."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from vecinos.core.pagecache import PageCache
from vecinos.fundraising.models import Gift, Pledge
from vecinos.messaging.models import OutboundMessage

pytestmark = pytest.mark.django_db


def gift_data(**overrides):
    data = {
        "amount": "25",
        "other_amount": "",
        "frequency": "once",
        "name": "Rosa Delgado",
        "email": "Rosa@Example.org",
        "show_as": "name",
        "display_name": "Rosa",
        "may_contact": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_campaign_page_shows_the_bar_in_both_languages(client, campaign):
    english = client.get(campaign["en"].url)
    spanish = client.get(campaign["es"].url)
    assert english.status_code == spanish.status_code == 200
    assert b"<progress" in english.content
    assert "raised of a $10,000 goal" in english.content.decode()
    assert "recaudados de una meta de $10,000" in spanish.content.decode()
    # Served to everyone alike: no token, no cookie, nothing private.
    assert "csrfmiddlewaretoken" not in english.content.decode()
    assert "Set-Cookie" not in english.headers


def test_production_without_keys_offers_the_offline_ways(client, campaign, settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.DEBUG = False
    response = client.get(campaign["es"].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="no-card-gifts"' in html
    assert "Traiga un cheque a la oficina." in html
    assert "<form" not in html.split('id="give"')[1]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"amount": "other", "other_amount": "2"}, "La donación más pequeña con tarjeta es de $5."),
        ({"amount": "other", "other_amount": "20000"}, "no se pueden hacer aquí"),
        ({"amount": "other", "other_amount": "diez"}, "Escriba una cantidad en dólares"),
        ({"amount": "other", "other_amount": ""}, "Escriba la cantidad que desea donar."),
        ({"amount": None}, "Elija una cantidad o escriba otra."),
        ({"email": "no-es-correo"}, "Escriba una dirección de correo electrónico"),
        ({"display_name": ""}, "Escriba el nombre que desea mostrar"),
        ({"name": ""}, "Escriba su nombre para el recibo."),
    ],
)
def test_bad_gift_form_says_what_is_wrong_in_spanish(client, campaign, overrides, message):
    response = client.post(
        es_url("fundraising:give", page_id=campaign["es"].pk),
        gift_data(**overrides),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Rosa Delgado" in response.content.decode() or overrides.get("name") == ""
    assert Gift.objects.count() == 0


def es_url(name, **kwargs):
    from django.utils import translation

    with translation.override("es"):
        return reverse(name, kwargs=kwargs)


def test_development_checkout_plays_the_whole_journey(client, campaign, development):
    response = client.post(
        es_url("fundraising:give", page_id=campaign["es"].pk),
        gift_data(frequency="monthly", amount="other", other_amount="12.50"),
    )
    assert response.status_code == 200
    checkout = response.context["url"]
    assert f'content="0;url={checkout}"' in response.content.decode()
    assert "/es/donar/pago/cs_dev_" in checkout
    page = client.get(checkout)
    assert page.status_code == 200
    assert "$12.50" in page.content.decode()
    assert campaign["en"].progress().raised_cents == 0

    paid = client.post(checkout, {"action": "pay"})

    assert paid.status_code == 302
    assert paid["Location"] == es_url("fundraising:thanks", page_id=campaign["es"].pk)
    assert Pledge.objects.get().status == Pledge.Status.ACTIVE
    progress = campaign["en"].progress()
    assert (progress.raised_cents, progress.gifts) == (1250, 1)
    (receipt,) = OutboundMessage.objects.filter(purpose="receipt")
    assert receipt.language == "es" and receipt.to_address == "rosa@example.org"
    assert "Gracias por su donación de este mes" in receipt.body
    # The checkout page is gone once paid.
    assert client.get(checkout).status_code == 404


def test_development_checkout_is_not_there_in_production(client, campaign, settings):
    settings.DEBUG = False
    assert client.get(es_url("fundraising:dev-checkout", session_id="cs_dev_x")).status_code == 404


@pytest.fixture
def wsgi_handler():
    # A WSGI server closes database connections between requests; inside a test transaction
    # that would throw the transaction away (PostgreSQL answers "the connection is closed").
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_a_new_gift_purges_the_cached_campaign_page(
    campaign, development, settings, tmp_path, wsgi_handler
):
    from vecinos.core.pagecache import FileGeneration

    generation = FileGeneration(tmp_path / "gen")
    app = PageCache(wsgi_handler, generation=generation, max_age=300)
    settings.DATA_DIR = tmp_path
    import vecinos.core.pagecache as pagecache

    pagecache._generation = generation
    try:

        def get():
            captured = {}

            def start_response(status, headers, exc_info=None):
                captured["headers"] = dict(headers)

            # RequestFactory, not the test client: the client connects the signal that closes
            # connections again after each of its requests.
            environ = RequestFactory().get(campaign["en"].url).environ
            body = b"".join(app(environ, start_response))
            return captured["headers"].get("X-Cache"), body.decode()

        state, body = get()
        assert state == "miss" and "$0" in body
        assert get()[0] == "hit"
        from django.utils import timezone

        from vecinos.fundraising.services import record_offline_gift

        record_offline_gift(
            campaign["en"],
            actor=None,
            amount_cents=4000,
            method=Gift.Method.CASH,
            given_on=timezone.localdate(),
        )
        state, body = get()
        assert state == "miss"
        assert "<strong>$40</strong>" in body
    finally:
        pagecache._generation = None
