"""The header's Donate leads to the open campaign in the visitor's language, or says none is."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation


def donate_url(language):
    with translation.override(language):
        return reverse("fundraising:donate")


def test_donate_goes_to_the_open_campaign_of_each_language(client, campaign):
    for language in ("en", "es"):
        response = client.get(donate_url(language))
        assert response.status_code == 302
        assert response["Location"] == campaign[language].url


def test_donate_without_an_open_campaign_says_so(client, campaign):
    for page in campaign.values():
        page.end_date = timezone.localdate() - timedelta(days=1)
        page.save_revision().publish()
    response = client.get(donate_url("es"))
    assert response.status_code == 200
    assert "No hay ninguna campaña de donación abierta" in response.content.decode()


def test_every_page_has_the_urgent_actions_in_the_header(client, campaign):
    response = client.get("/es/")
    header = response.content.decode().split("<main")[0]
    for text in ("Reportar una redada", "Unirse a su zona", "Talleres", "Donar"):
        assert text in header
    with translation.override("es"):
        assert reverse("hotline:report") in header
        assert donate_url("es") in header
