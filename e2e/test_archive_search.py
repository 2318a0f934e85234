"""A visitor searches the public-records archive for a word that only appears inside a PDF."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Collection

from vecinos.content.testing import make_homes
from vecinos.records import demo

pytestmark = pytest.mark.browser


@pytest.fixture
def archives(live_server):
    # A live-server test empties every table afterwards, including the root collection that
    # Wagtail's migrations create and that every uploaded document belongs to.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return demo.build(make_homes())


def watch_origins(page, live_server):
    """Collect every URL the page requests from anywhere other than the site itself."""
    foreign = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(live_server.url) or request.url.startswith("data:")
            else foreign.append(request.url)
        ),
    )
    return foreign


def test_find_a_word_inside_a_pdf_and_open_the_document(page, live_server, archives):
    foreign = watch_origins(page, live_server)

    page.goto(live_server.url + archives["en"].url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Public records")
    page.get_by_label("Words to find").fill("Corvalis")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", name="1 document found")).to_be_visible()
    result = page.locator(".archive-hits li")
    expect(result).to_have_count(1)
    expect(result.locator("mark")).to_have_text("Corvalis")
    expect(result).to_contain_text("Outside access to the arrest-records database")
    expect(result).to_contain_text("Philadelphia Police Department")

    result.get_by_role("link", name="Contract with the records-system vendor, redacted").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Contract with the records-system vendor, redacted"
    )
    expect(page.locator(".snippet mark")).to_have_text("Corvalis")
    pdf_link = page.get_by_role("link", name=re.compile(r"^Open the document \(PDF, "))
    href = pdf_link.get_attribute("href")
    pdf = page.request.get(live_server.url + href)
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    assert foreign == []


def test_spanish_search_on_a_phone_ignores_accents(phone_page, live_server, archives):
    foreign = watch_origins(phone_page, live_server)

    phone_page.goto(live_server.url + archives["es"].url)
    phone_page.get_by_label("Palabras que buscar").fill("simultanea")
    phone_page.get_by_label("Palabras que buscar").press("Enter")

    result = phone_page.locator(".archive-hits li")
    expect(result).to_have_count(1)
    expect(result.get_by_role("link")).to_have_text(
        "Acta de la reunión comunitaria en el sur de Filadelfia"
    )
    expect(result.locator("mark")).to_have_text("simultánea")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    assert foreign == []
