"""Floods from many addresses on the report form: past the threshold a proof of work, and a
report without one is held for review, never lost (vecinos/privacy/floods.py)."""

import hashlib
import itertools
import json
import re

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from vecinos.core.models import AuditEntry
from vecinos.core.ratelimit import count_everyone
from vecinos.core.tests.conftest import signed_in
from vecinos.hotline.models import Report
from vecinos.privacy.floods import (
    NONCE_FIELD,
    PERIOD,
    SEED_FIELD,
    leading_zero_bits,
)
from vecinos.privacy.models import HeldPost

from .test_intake import _form

THRESHOLD = 3


@pytest.fixture
def flood(settings, city):
    settings.VECINOS_FLOOD_POSTS_PER_MINUTE = THRESHOLD
    settings.VECINOS_FLOOD_BITS = 8
    for _ in range(THRESHOLD + 1):
        count_everyone("flood.hotline.report", period=PERIOD)
    return city


def _challenge(client, language="en"):
    with translation.override(language):
        url = reverse("hotline:report")
    page = client.get(url).content.decode()
    match = re.search(
        r'name="pow_seed" value="([^"]+)" data-pow-bits="(\d+)" data-pow-seed="(\w+)"', page
    )
    assert match, "the form should carry a challenge during a flood"
    return url, match[1], int(match[2]), match[3]


def _solve(seed: str, bits: int) -> str:
    for nonce in itertools.count():
        if leading_zero_bits(hashlib.sha256(f"{seed}{nonce}".encode()).digest()) >= bits:
            return str(nonce)


def test_below_the_threshold_the_form_has_no_challenge(client, settings, city):
    settings.VECINOS_FLOOD_POSTS_PER_MINUTE = THRESHOLD
    page = client.get("/en/hotline/").content.decode()
    assert "pow_seed" not in page and "floods.js" not in page
    response = client.post("/en/hotline/", _form(city.first()))
    assert response.status_code == 302
    assert Report.objects.count() == 1 and HeldPost.objects.count() == 0


def test_posts_past_the_threshold_switch_the_form_into_challenge_mode(client, settings, city):
    settings.VECINOS_FLOOD_POSTS_PER_MINUTE = THRESHOLD
    settings.VECINOS_FLOOD_BITS = 8
    for _ in range(THRESHOLD + 1):
        client.post("/en/hotline/", _form(city.first()))
    assert Report.objects.count() == THRESHOLD + 1
    page = client.get("/en/hotline/").content.decode()
    assert 'name="pow_seed"' in page
    assert re.search(r'<script src="[^"]*privacy/floods\.js" defer>', page)
    assert "<script>" not in page  # the strict CSP: no inline script


def test_a_correct_solution_acts_at_once(client, flood):
    url, token, bits, seed = _challenge(client)
    data = _form(flood.first(), **{SEED_FIELD: token, NONCE_FIELD: _solve(seed, bits)})
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == "/en/hotline/thanks/"
    assert Report.objects.count() == 1
    assert HeldPost.objects.count() == 0


def test_a_reused_solution_is_held(client, flood):
    url, token, bits, seed = _challenge(client)
    data = _form(flood.first(), **{SEED_FIELD: token, NONCE_FIELD: _solve(seed, bits)})
    first = client.post(url, data)
    again = client.post(url, data)
    assert first["Location"] == again["Location"] == "/en/hotline/thanks/"
    assert Report.objects.count() == 1
    assert HeldPost.objects.count() == 1


def test_a_wrong_solution_or_a_forged_seed_is_held(client, flood):
    url, token, bits, seed = _challenge(client)
    nonce = _solve(seed, bits)
    wrong = next(
        str(n)
        for n in itertools.count()
        if leading_zero_bits(hashlib.sha256(f"{seed}{n}".encode()).digest()) < bits
    )
    client.post(url, _form(flood.first(), **{SEED_FIELD: token, NONCE_FIELD: wrong}))
    # A seed the server never signed, asking for no work at all.
    forged = signing.dumps({"s": seed, "b": 0, "f": "hotline.report"}, salt="another")
    client.post(url, _form(flood.first(), **{SEED_FIELD: forged, NONCE_FIELD: "1"}))
    # A challenge of another form.
    other = signing.dumps({"s": seed, "b": bits, "f": "zones.join"}, salt="vecinos.floods")
    client.post(url, _form(flood.first(), **{SEED_FIELD: other, NONCE_FIELD: nonce}))
    assert Report.objects.count() == 0
    assert HeldPost.objects.count() == 3


def test_without_javascript_a_report_is_held_encrypted_and_gets_the_same_page(client, flood):
    with translation.override("es"):
        url = reverse("hotline:report")
        thanks = reverse("hotline:report-thanks")
    response = client.post(url, _form(flood.first(), description="Dos camionetas grises"))
    assert response.status_code == 302
    assert response["Location"] == thanks
    assert client.get(thanks).status_code == 200
    assert Report.objects.count() == 0
    held = HeldPost.objects.get()
    assert (held.form_key, held.language, held.status) == ("hotline.report", "es", "pending")
    assert "Dos camionetas grises" in held.data
    assert "csrfmiddlewaretoken" not in json.loads(held.data)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM privacy_heldpost")
        (stored,) = cursor.fetchone()
    assert "camionetas" not in stored and "127.0.0.1" not in stored
    assert AuditEntry.objects.filter(action="privacy.held_post.held").count() == 1


def test_photos_without_a_solution_are_refused_with_a_page_saying_so(client, flood):
    data = _form(flood.first())
    data["photos"] = SimpleUploadedFile("a.jpg", b"\xff\xd8\xff", content_type="image/jpeg")
    response = client.post("/en/hotline/", data)
    assert response.status_code == 400
    assert b"Photos cannot be sent right now" in response.content
    assert Report.objects.count() == 0 and HeldPost.objects.count() == 0


def test_staff_accept_replays_the_report_and_an_incident_opens_then(client, flood):
    client.post("/es/linea-directa/", _form(flood.first()))
    held = HeldPost.objects.get()
    signed_in(client, "adela", "admin")

    page = client.get(reverse("vecinos_held_posts"))
    assert page.status_code == 200
    assert b"Dos camionetas grises" in page.content
    response = client.post(reverse("vecinos_held_posts"), {"held": held.pk, "action": "accept"})
    assert response.status_code == 302

    report = Report.objects.get()
    assert (report.channel, report.language, report.agents) == ("web", "es", 4)
    assert report.incident is not None
    held.refresh_from_db()
    assert held.status == "accepted" and held.data == ""
    entry = AuditEntry.objects.get(action="privacy.held_post.accepted")
    assert entry.detail == {"form": "hotline.report", "outcome": "acted"}


def test_staff_discard_needs_a_reason_and_keeps_an_audit_row(client, flood):
    client.post("/en/hotline/", _form(flood.first()))
    held = HeldPost.objects.get()
    signed_in(client, "adela", "admin")
    url = reverse("vecinos_held_posts")
    client.post(url, {"held": held.pk, "action": "discard"})
    held.refresh_from_db()
    assert held.status == "pending"
    client.post(url, {"held": held.pk, "action": "discard", f"{held.pk}-reason": "Fake, one of 40"})
    held.refresh_from_db()
    assert held.status == "discarded" and held.data == ""
    assert held.reason == "Fake, one of 40"
    assert Report.objects.count() == 0
    assert AuditEntry.objects.filter(action="privacy.held_post.discarded").count() == 1


def test_only_admins_see_held_posts(client, flood):
    client.post("/en/hotline/", _form(flood.first()))
    held = HeldPost.objects.get()
    signed_in(client, "dora", "dispatcher")
    page = client.get(reverse("vecinos_held_posts"))
    assert page.status_code in (302, 403) and b"Dos camionetas" not in page.content
    client.post(reverse("vecinos_held_posts"), {"held": held.pk, "action": "accept"})
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    "seed, nonce",
    [
        ("x" * 100_000, "1"),
        ("\x00", "\x00"),
        ("a:b:c", "9" * 10_000),
        ("", ""),
        ("é\u202e", "-1"),
    ],
)
def test_hostile_proofs_are_held_never_a_server_error(client, flood, seed, nonce):
    response = client.post("/en/hotline/", _form(flood.first(), pow_seed=seed, pow_nonce=nonce))
    assert response.status_code == 302
    assert Report.objects.count() == 0 and HeldPost.objects.count() == 1
