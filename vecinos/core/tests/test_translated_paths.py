"""The app pages have Spanish paths under /es/, and the old English ones lead there for good."""

import pytest
from django.urls import reverse
from django.utils import translation

from vecinos.content.testing import make_homes

pytestmark = pytest.mark.django_db

SPANISH = {
    ("hotline:report", ()): "/es/linea-directa/",
    ("hotline:report-thanks", ()): "/es/linea-directa/gracias/",
    ("workshops:list", ()): "/es/talleres/",
    ("workshops:registered", (7,)): "/es/talleres/7/inscripcion/",
    ("workshops:rights-card", ()): "/es/talleres/tarjeta-de-derechos.pdf",
    ("zones:join", ()): "/es/zonas/unirse/",
    ("zones:joined", ()): "/es/zonas/unirse/bienvenida/",
    ("tips:send", ()): "/es/denuncias/",
    ("tips:return", ()): "/es/denuncias/volver/",
    ("fundraising:donate", ()): "/es/donar/",
    ("jobs:application-create", (3,)): "/es/empleos/3/postular/",
}


@pytest.mark.parametrize(("name", "args"), list(SPANISH), ids=lambda v: str(v))
def test_each_app_page_has_its_spanish_path_and_keeps_its_english_one(name, args):
    with translation.override("es"):
        assert reverse(name, args=args) == SPANISH[(name, args)]
    with translation.override("en"):
        english = reverse(name, args=args)
    assert english.startswith("/en/") and not any(
        word in english for word in ("linea", "talleres", "zonas", "denuncias", "donar")
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/es/hotline/", "/es/linea-directa/"),
        ("/es/hotline/thanks/", "/es/linea-directa/gracias/"),
        ("/es/workshops/", "/es/talleres/"),
        ("/es/workshops/12/", "/es/talleres/12/"),
        ("/es/zones/join/", "/es/zonas/unirse/"),
        ("/es/tips/return/", "/es/denuncias/volver/"),
        ("/es/give/", "/es/donar/"),
        # Spanish words under /en/ go to the English page in the same way.
        ("/en/talleres/", "/en/workshops/"),
    ],
)
def test_an_old_path_redirects_permanently_to_the_page_in_its_language(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(old + "?zone=3")["Location"] == new + "?zone=3"


def test_a_form_posted_to_an_old_path_keeps_its_method(client):
    response = client.post("/es/hotline/", {"description": "ICE"})
    assert response.status_code == 308
    assert response["Location"] == "/es/linea-directa/"


def test_site_pages_and_unknown_paths_are_left_alone(client):
    make_homes()
    assert client.get("/es/").status_code == 200
    assert client.get("/es/linea-directa/").status_code == 200
    assert client.get("/es/no-such-page/").status_code == 404


def test_the_language_switch_of_an_app_page_links_to_the_other_languages_path(client):
    make_homes()
    html = client.get("/en/workshops/").content.decode()
    assert 'class="lang-switch" href="/es/talleres/"' in html
