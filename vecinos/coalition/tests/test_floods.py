"""Floods from many addresses on the coalition's forms, whose pages the page cache serves to
everyone: the browser asks for its seed, a letter signature or an RSVP without the proof of
work is held and gets the usual next page, and a petition signature without it is refused
with the form shown again."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from vecinos.coalition.models import PetitionSignature, Rsvp, Signature
from vecinos.coalition.testing import make_event, make_petition
from vecinos.core.tests.conftest import signed_in
from vecinos.messaging.models import OutboundMessage
from vecinos.privacy.models import HeldPost
from vecinos.privacy.testing import solved, start_flood

from .test_letters import PERSON

BITS = 8


def url(name, page):
    with translation.override(page.locale.language_code):
        return reverse(name, kwargs={"page_id": page.pk})


@pytest.mark.django_db
def test_the_challenge_answers_only_during_a_flood_and_only_for_a_guarded_form(client, settings):
    settings.VECINOS_FLOOD_POSTS_PER_MINUTE = 1
    assert client.get("/floods/coalition.sign/challenge/").status_code == 204
    assert client.get("/floods/no.such.form/challenge/").status_code == 404
    assert client.post("/floods/coalition.sign/challenge/").status_code == 405
    start_flood(settings, "coalition.sign", bits=BITS)
    response = client.get("/floods/coalition.sign/challenge/")
    assert "no-store" in response["Cache-Control"]
    assert set(response.json()) == {"token", "seed", "bits"}
    assert client.get("/floods/coalition.rsvp/challenge/").status_code == 204


def test_the_letter_page_asks_for_its_seed(client, letter):
    page = client.get(letter["es"].url).text
    assert 'name="pow_seed" value=""' in page
    assert 'data-pow-url="/floods/coalition.sign/challenge/"' in page


def test_a_letter_signature_without_the_proof_is_held_and_signs_when_accepted(
    client, letter, settings
):
    page = letter["es"]
    start_flood(settings, "coalition.sign", bits=BITS)
    response = client.post(url("coalition:sign", page), PERSON)
    assert response["Location"] == url("coalition:signed", page)
    assert (Signature.objects.count(), OutboundMessage.objects.count()) == (0, 0)
    held = HeldPost.objects.get()
    assert (held.form_key, held.view_kwargs, held.language) == (
        "coalition.sign",
        {"page_id": str(page.pk)},
        "es",
    )

    signed_in(client, "adela", "admin")
    client.post("/admin/held-posts/", {"held": held.pk, "action": "accept"})
    signature = Signature.objects.get()
    assert (signature.public_name, signature.letter_key) == ("Tomás Ybarra", page.translation_key)
    assert OutboundMessage.objects.get().to_address == "tomas@example.org"
    held.refresh_from_db()
    assert held.status == "accepted"


def test_a_letter_signature_with_the_proof_signs_at_once(client, letter, settings):
    page = letter["en"]
    start_flood(settings, "coalition.sign", bits=BITS)
    response = client.post(
        url("coalition:sign", page), {**PERSON, **solved(client, "coalition.sign")}
    )
    assert response["Location"] == url("coalition:signed", page)
    assert (Signature.objects.count(), HeldPost.objects.count()) == (1, 0)


def test_an_rsvp_without_the_proof_is_held_and_gets_the_usual_page(client, homes, settings):
    page = make_event(homes)["en"]
    start_flood(settings, "coalition.rsvp", bits=BITS)
    data = {"answer": "yes", "phone": "215-555-0101", "party_size": "2"}
    response = client.post(url("coalition:event-rsvp", page), data)
    assert response["Location"] == url("coalition:event-answered", page)
    assert (Rsvp.objects.count(), HeldPost.objects.get().form_key) == (0, "coalition.rsvp")
    response = client.post(
        url("coalition:event-rsvp", page), {**data, **solved(client, "coalition.rsvp")}
    )
    assert response["Location"] == url("coalition:event-answered", page)
    assert Rsvp.objects.count() == 1


def test_a_petition_signature_without_the_proof_is_refused_with_the_form_again(
    client, homes, settings
):
    page = make_petition(homes)["es"]
    start_flood(settings, "coalition.petition", bits=BITS)
    data = {"first_name": "Lucía", "phone": "215-555-0166"}
    response = client.post(url("coalition:petition-sign", page), data)
    assert response.status_code == 429
    text = re.sub(r"\s+", " ", response.text)
    assert "Muchas personas están firmando en este momento" in text
    assert 'value="Lucía"' in text
    # The page shown again carries a seed of its own, for a browser that runs the script.
    assert re.search(r'name="pow_seed" value="[^"]+"', text)
    assert (PetitionSignature.objects.count(), HeldPost.objects.count()) == (0, 0)

    proof = solved(client, "coalition.petition")
    response = client.post(url("coalition:petition-sign", page), {**data, **proof})
    assert response.status_code == 302 and "/codigo/" in response["Location"]
    assert PetitionSignature.objects.count() == 1
