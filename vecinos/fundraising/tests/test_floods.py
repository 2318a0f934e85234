"""Floods from many addresses on the gift form, whose campaign page the page cache serves to
everyone: the browser asks for its seed, and a gift started without the proof of work is
refused with the form shown again (the next page is the card processor's, for a gift a held
post would not have started)."""

import re

import pytest

from vecinos.fundraising.models import Gift
from vecinos.privacy.models import HeldPost
from vecinos.privacy.testing import solved, start_flood

from .test_pages import es_url, gift_data

pytestmark = pytest.mark.django_db

BITS = 8


def test_the_campaign_page_asks_for_its_seed(client, campaign):
    page = client.get(campaign["es"].url).text
    assert 'name="pow_seed" value=""' in page
    assert 'data-pow-url="/floods/fundraising.give/challenge/"' in page


def test_a_gift_without_the_proof_is_refused_with_the_form_again(
    client, campaign, development, settings
):
    start_flood(settings, "fundraising.give", bits=BITS)
    give = es_url("fundraising:give", page_id=campaign["es"].pk)
    response = client.post(give, gift_data())
    assert response.status_code == 429
    text = re.sub(r"\s+", " ", response.text)
    assert "Muchas personas están donando en este momento" in text
    assert 'value="Rosa Delgado"' in text
    assert (Gift.objects.count(), HeldPost.objects.count()) == (0, 0)

    started = client.post(give, {**gift_data(), **solved(client, "fundraising.give")})
    assert started.status_code == 200
    assert "/es/donar/pago/cs_dev_" in started.context["url"]
    assert Gift.objects.count() == 1
