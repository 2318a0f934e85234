"""The public tip box: no cookie before sending, a codename once, coming back with it."""

import re
import statistics
import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from vecinos.core import ratelimit
from vecinos.tips import browser, sealing, services
from vecinos.tips.codenames import CODENAME_WORDS, normalize_codename, wordlist
from vecinos.tips.models import Attachment, Source, Tip
from vecinos.tips.testing import pdf_with_metadata, photo_with_gps

pytestmark = pytest.mark.django_db

CODENAME = re.compile(r'<p class="tip-codename"[^>]*><strong>([^<]+)</strong>')


def send_tip(client, message="Agents wait outside the county jail.", language="en", **extra):
    with translation.override(language):
        url = reverse("tips:send")
    response = client.post(url, {"message": message, **extra})
    match = CODENAME.search(response.content.decode())
    return response, (match[1] if match else None)


def test_the_form_sets_no_cookie_and_works_without_a_token(client, tip_key):
    response = client.get("/en/tips/")
    assert response.status_code == 200
    assert response.cookies == {}
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "Tor Browser" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_the_spanish_form_speaks_spanish(client, tip_key):
    response = client.get("/es/denuncias/")
    assert response.status_code == 200
    assert response.cookies == {}
    assert "Enviar una denuncia anónima" in response.content.decode()


def test_sending_shows_a_seven_word_codename_once_and_sets_a_session_cookie(client, tip_key):
    response, codename = send_tip(client, language="es")
    assert response.status_code == 200
    words = codename.split()
    assert len(words) == CODENAME_WORDS
    assert set(words) <= set(wordlist("es"))
    cookie = response.cookies[browser.SOURCE_COOKIE]
    assert list(response.cookies) == [browser.SOURCE_COOKIE]
    # A browser-session cookie: no expiry date, no max-age.
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert Tip.objects.count() == 1
    # Nothing the source can be found by is on the row but the keyed lookup.
    source = Source.objects.get()
    assert source.lookup == sealing.codename_lookup(normalize_codename(codename))
    assert codename.encode() not in bytes(source.verifier)


def test_a_tip_is_dated_to_the_day_only(client, tip_key):
    send_tip(client)
    tip = Tip.objects.get()
    assert type(tip.received_on).__name__ == "date"


def test_a_source_returns_with_the_codename_reads_a_reply_and_adds_more(client, tip_key, reader):
    _response, codename = send_tip(client)
    services.send_reply(Source.objects.get(), text="Thank you. Which jail?", actor=reader)
    client.cookies.clear()

    response = client.post("/en/tips/return/", {"codename": codename.upper() + "  "})
    assert response.status_code == 302
    page = client.get("/en/tips/conversation/").content.decode()
    assert "Thank you. Which jail?" in page

    response = client.post("/en/tips/conversation/", {"message": "Montgomery County."})
    assert response.status_code == 302
    assert Tip.objects.count() == 2


def test_a_spanish_codename_works_without_its_accents(client, tip_key):
    _response, codename = send_tip(client, language="es")
    client.cookies.clear()
    plain = normalize_codename(codename)
    assert client.post("/es/denuncias/volver/", {"codename": plain}).status_code == 302


def test_a_wrong_codename_gets_the_same_page_whether_or_not_a_source_exists(client, tip_key):
    _response, codename = send_tip(client)
    client.cookies.clear()
    words = codename.split()
    near_miss = " ".join([*words[:-1], "zoo" if words[-1] != "zoo" else "abandon"])
    unknown = client.post("/en/tips/return/", {"codename": "abandon " * 7})
    wrong = client.post("/en/tips/return/", {"codename": near_miss})
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.content == wrong.content
    assert unknown.cookies == wrong.cookies == {}


def test_every_codename_costs_one_slow_hash_found_or_not(client, tip_key, monkeypatch):
    _response, codename = send_tip(client)
    calls = []
    real = sealing.derive_source_keys
    monkeypatch.setattr(sealing, "derive_source_keys", lambda *a: calls.append(a[2:]) or real(*a))
    services.sign_in_source("abandon " * 7)
    services.sign_in_source(codename)
    ops, mem = sealing.source_cost()
    assert calls == [(ops, mem), (ops, mem)]


@override_settings(VECINOS_TIPS_CODENAME_COST="interactive")
def test_an_unknown_codename_takes_as_long_as_a_known_one(client, tip_key):
    _response, codename = send_tip(client)
    words = codename.split()
    wrong = " ".join(words[1:] + words[:1])

    def timed(typed):
        start = time.perf_counter()
        services.sign_in_source(typed)
        return time.perf_counter() - start

    known = statistics.median(timed(codename) for _ in range(5))
    unknown = statistics.median(timed(wrong) for _ in range(5))
    # Both are one Argon2id run of the same cost (tens of milliseconds); lookups are
    # microseconds. A generous band keeps a busy machine from failing the test.
    assert 0.5 < unknown / known < 2


def test_floods_are_refused_without_keeping_the_address(client, tip_key):
    for _ in range(5):
        assert send_tip(client)[0].status_code == 200
        client.cookies.clear()
    response, codename = send_tip(client)
    assert response.status_code == 429
    assert codename is None
    assert "Too many tips" in response.content.decode()
    assert Tip.objects.count() == 5


def test_past_the_minutes_codenames_the_tip_box_asks_everybody_to_wait(
    client, tip_key, settings, monkeypatch
):
    settings.VECINOS_TIPS_CODENAMES_PER_MINUTE = 2
    # One minute throughout, whenever the test runs; the next one starts afresh.
    minute = ratelimit._now().replace(second=10)
    monkeypatch.setattr(ratelimit, "_now", lambda: minute)
    calls = []
    real = sealing.derive_source_keys
    monkeypatch.setattr(sealing, "derive_source_keys", lambda *a: calls.append(1) or real(*a))
    # Two codenames from two places: a first tip, and someone coming back.
    _sent, codename = send_tip(client, REMOTE_ADDR="203.0.113.1")
    client.cookies.clear()
    came_back = client.post("/en/tips/return/", {"codename": codename}, REMOTE_ADDR="203.0.113.2")
    assert came_back.status_code == 302
    client.cookies.clear()

    # A third, from anywhere, in the same minute: no slow hash, nothing lost from the form.
    refused, refused_codename = send_tip(client, "The van is back.", REMOTE_ADDR="203.0.113.3")
    assert (refused.status_code, refused["Retry-After"], refused_codename) == (503, "60", None)
    page = refused.content.decode()
    assert "Many people are using the tip box right now" in page
    assert "The van is back." in page
    wait = client.post("/en/tips/return/", {"codename": codename}, REMOTE_ADDR="203.0.113.4")
    assert wait.status_code == 503
    assert "Many people are using the tip box right now" in wait.content.decode()
    assert wait.cookies == {}
    assert len(calls) == 2
    assert Tip.objects.count() == 1

    # A form with nothing to hash costs no slow hash and still says what is missing.
    empty = client.post("/en/tips/", {"message": ""}, REMOTE_ADDR="203.0.113.5")
    assert empty.status_code == 400

    monkeypatch.setattr(ratelimit, "_now", lambda: minute + timedelta(minutes=1))
    assert send_tip(client, "The van is back.", REMOTE_ADDR="203.0.113.3")[1]


def test_the_honeypot_refuses_robots(client, tip_key):
    response, _codename = send_tip(client, website="http://spam.example")
    assert response.status_code == 400
    assert Tip.objects.count() == 0


def test_a_post_from_another_site_is_refused(client, tip_key):
    response = client.post(
        "/en/tips/", {"message": "forged"}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    response = client.post(
        "/en/tips/", {"message": "forged"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403
    assert Tip.objects.count() == 0


def test_photos_and_pdfs_are_kept_sealed_other_files_are_refused(client, tip_key):
    response, codename = send_tip(client, files=[photo_with_gps(), pdf_with_metadata()])
    assert codename
    assert Attachment.objects.count() == 2
    client.cookies.clear()
    sheet = SimpleUploadedFile(
        "list.docx", b"PK\x03\x04 not a photo", content_type="application/msword"
    )
    response, codename = send_tip(client, language="es", files=[sheet])
    assert response.status_code == 400
    assert "solo se aceptan fotos" in response.content.decode()
    assert Tip.objects.count() == 1


def test_more_than_three_files_are_refused(client, tip_key):
    files = [photo_with_gps() for _ in range(4)]
    response, _codename = send_tip(client, files=files)
    assert response.status_code == 400
    assert Attachment.objects.count() == 0


def test_an_oversized_request_is_refused_unread(client, tip_key):
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (9 * 1024 * 1024))
    response, _codename = send_tip(client, files=[big])
    assert response.status_code == 400
    assert "too large" in response.content.decode()


@override_settings(
    VECINOS_ONION_ADDRESS="vecinosexampleonionaddressxxxxxxxxxxxxxxxxxxxxxxxxxx.onion"
)
def test_an_onion_address_is_shown_and_sent_as_onion_location(client, tip_key):
    response = client.get("/en/tips/")
    assert response["Onion-Location"].startswith("http://vecinosexample")
    assert response["Onion-Location"].endswith(".onion/en/tips/")
    assert "vecinosexample" in response.content.decode()


def test_without_a_tip_key_nothing_is_saved(client, db):
    response, codename = send_tip(client)
    assert response.status_code == 503
    assert codename is None and Source.objects.count() == 0


def test_a_stale_or_forged_cookie_signs_nobody_in(client, tip_key):
    client.cookies[browser.SOURCE_COOKIE] = "bm90IGEgcmVhbCBjb29raWU="
    response = client.get("/en/tips/conversation/")
    assert response.status_code == 302 and response["Location"] == "/en/tips/return/"
