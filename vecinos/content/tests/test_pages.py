import datetime

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from vecinos.content import models as content
from vecinos.content.testing import make_homes, make_translated

pytestmark = pytest.mark.django_db


def sections(homes, model, en_title, es_title):
    return make_translated(
        homes,
        model,
        en={"title": en_title, "show_in_menus": True},
        es={"title": es_title, "show_in_menus": True},
    )


@pytest.fixture
def homes():
    return make_homes()


@pytest.fixture
def news(homes):
    index = sections(homes, content.NewsIndexPage, "News", "Noticias")
    statement = make_translated(
        index,
        content.NewsPage,
        en={
            "title": "No police data for ICE",
            "kind": "statement",
            "date": datetime.date(2026, 3, 2),
            "summary": "The city must keep its promise.",
            "body": "<p>We ask the city to end every data-sharing agreement.</p>",
        },
        es={
            "title": "Ningún dato policial para ICE",
            "kind": "statement",
            "date": datetime.date(2026, 3, 2),
            "summary": "La ciudad debe cumplir su promesa.",
            "body": "<p>Pedimos a la ciudad que termine todo acuerdo de datos.</p>",
        },
    )
    for page in statement.values():
        content.CoSigner.objects.create(
            page=page, name="South Philly Tenants Union", url="https://tenants.example/"
        )
        content.CoSigner.objects.create(page=page, name="Interfaith Neighbors Network")
    return {"index": index, "statement": statement}


def test_news_page_renders_in_both_languages_with_its_co_signers(client, news):
    english = client.get(news["statement"]["en"].url)
    spanish = client.get(news["statement"]["es"].url)

    assert english.status_code == 200
    assert spanish.status_code == 200
    for response, heading in ((english, "Co-signed by"), (spanish, "Firmado también por")):
        html = response.content.decode()
        assert heading in html
        assert (
            '<a href="https://tenants.example/" rel="noopener">South Philly Tenants Union</a>'
            in html
        )
        assert "<li>Interfaith Neighbors Network</li>" in html
    assert '<html lang="es">' in spanish.content.decode()
    assert "Ningún dato policial para ICE" in spanish.content.decode()
    spanish_day = '<time datetime="2026-03-02">lunes, 2 de marzo de 2026</time>'
    assert spanish_day in spanish.content.decode()
    assert '<time datetime="2026-03-02">Monday, March 2, 2026</time>' in english.content.decode()


def test_news_without_co_signers_has_no_co_signed_heading(client, news):
    page = news["statement"]["en"]
    page.co_signers.all().delete()

    assert "Co-signed by" not in client.get(page.url).content.decode()


def test_language_switch_links_each_page_to_its_translation(client, news):
    english = news["statement"]["en"]
    spanish = news["statement"]["es"]

    html_en = client.get(english.url).content.decode()
    html_es = client.get(spanish.url).content.decode()

    assert f'class="lang-switch" href="{spanish.url}" hreflang="es" lang="es"' in html_en
    assert f'class="lang-switch" href="{english.url}" hreflang="en" lang="en"' in html_es


def test_nav_lists_the_sections_of_the_current_language(client, news):
    html_en = client.get("/en/").content.decode()
    html_es = client.get("/es/").content.decode()

    assert '<a href="/en/news/">News</a>' in html_en
    assert "Noticias" not in html_en
    assert '<a href="/es/noticias/">Noticias</a>' in html_es
    section = client.get(news["statement"]["es"].url).content.decode()
    assert '<a href="/es/noticias/" aria-current="true">Noticias</a>' in section


def test_home_page_shows_the_latest_news_of_its_language(client, news):
    html = client.get("/es/").content.decode()

    assert "Ningún dato policial para ICE" in html
    assert "No police data for ICE" not in html


def test_news_index_pages_newest_first(client, homes):
    index = sections(homes, content.NewsIndexPage, "News", "Noticias")["en"]
    first = datetime.date(2026, 1, 1)
    for day in range(12):
        index.add_child(
            instance=content.NewsPage(
                title=f"Item {day:02d}",
                date=first + datetime.timedelta(days=day),
                summary="s",
                body="<p>b</p>",
            )
        )

    page_one = client.get(index.url)
    page_two = client.get(index.url, {"page": 2})
    beyond = client.get(index.url, {"page": "999"})
    garbage = client.get(index.url, {"page": "x"})

    titles = [item.title for item in page_one.context["items"]]
    assert titles == [f"Item {day:02d}" for day in range(11, 1, -1)]
    assert [item.title for item in page_two.context["items"]] == ["Item 01", "Item 00"]
    assert [item.title for item in beyond.context["items"]] == ["Item 01", "Item 00"]
    assert garbage.context["items"].number == 1
    assert 'href="?page=2" rel="next"' in page_one.content.decode()
    assert "Page 2 of 2" in page_two.content.decode()


def test_news_index_filters_by_kind(client, news):
    index = news["index"]["en"]
    index.add_child(
        instance=content.NewsPage(title="Workshop", kind="news", summary="s", body="<p>b</p>")
    )

    statements = client.get(index.url, {"kind": "statement"})
    everything = client.get(index.url, {"kind": "nonsense"})

    assert [item.title for item in statements.context["items"]] == ["No police data for ICE"]
    assert len(everything.context["items"]) == 2


def test_publication_page_links_the_pdf_with_its_size(client, homes):
    index = sections(homes, content.PublicationIndexPage, "Publications", "Publicaciones")
    document = get_document_model().objects.create(
        title="Report", file=ContentFile(b"%PDF-1.4\n" + b"x" * 2048, name="report.pdf")
    )
    pages = make_translated(
        index,
        content.PublicationPage,
        en={
            "title": "Knock first",
            "summary": "<p>What families told us.</p>",
            "key_findings": [
                ("finding", "Most visits had no warrant."),
                ("finding", "Few opened."),
            ],
            "pdf": document,
        },
        es={
            "title": "Primero, tocar",
            "summary": "<p>Lo que nos contaron las familias.</p>",
            "key_findings": [("finding", "La mayoría sin orden judicial.")],
            "pdf": document,
        },
    )

    html = client.get(pages["en"].url).content.decode()
    html_es = client.get(pages["es"].url).content.decode()

    assert f'href="{document.url}"' in html
    assert "Download the full report (PDF, 2.0\xa0KB)" in html
    assert (
        '<ol class="findings"><li>Most visits had no warrant.</li><li>Few opened.</li></ol>' in html
    )
    assert "Descargar el informe completo (PDF, 2,0\xa0KB)" in html_es
    assert client.get(document.url).status_code == 200


def test_press_and_testimony_pages_render_in_both_languages(client, homes):
    press = make_translated(
        sections(homes, content.PressIndexPage, "Press", "Prensa"),
        content.PressItemPage,
        en={"title": "Neighbours organize", "outlet": "The Ledger", "excerpt": "A quote."},
        es={"title": "Vecinos se organizan", "outlet": "The Ledger", "excerpt": "Una cita."},
    )
    testimony = make_translated(
        sections(homes, content.TestimonyIndexPage, "Testimony", "Testimonios"),
        content.TestimonyPage,
        en={"title": "On data", "hearing": "Committee on Public Safety", "testimony": "<p>t</p>"},
        es={"title": "Sobre datos", "hearing": "Comité de Seguridad", "testimony": "<p>t</p>"},
    )

    assert "Read the full piece" not in client.get(press["en"].url).content.decode()
    assert "Testimony by a community member" in client.get(testimony["en"].url).content.decode()
    assert (
        "Testimonio de una persona de la comunidad"
        in client.get(testimony["es"].url).content.decode()
    )
    for url in ("/en/press/", "/es/prensa/", "/en/testimony/", "/es/testimonios/"):
        assert client.get(url).status_code == 200


def test_root_redirects_by_browser_language(client, homes):
    assert client.get("/", headers={"accept-language": "es-MX,es;q=0.9"})["Location"] == "/es/"
    assert client.get("/", headers={"accept-language": "en-US"})["Location"] == "/en/"
