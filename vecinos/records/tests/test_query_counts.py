"""How many queries the archive's search makes, and that the count does not grow with the
number of documents found."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vecinos.records.tests.factories import (
    make_agency,
    make_document_pages,
    make_pdf_document,
    make_request,
)

pytestmark = pytest.mark.django_db

# One is the archive page itself: the route to it and its view restrictions are kept per
# process until a change purges the page cache (vecinos/core/pageroutes.py), as are the
# requests and agencies of the filters and results, the private sections and the language
# switch's translation. The search's own are one for a first page that is not full and two
# (the count and the page) for a full one.
SEARCH_MAX = 3


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGECACHE_SECONDS = 0


def add_documents(archives, records_request, first: int, count: int) -> None:
    for number in range(first, first + count):
        make_document_pages(
            archives,
            records_request,
            make_pdf_document(
                f"No person shall be held on a detainer ({number}) without a warrant."
            ),
            en=f"Detainer directive {number}",
            es=f"Directiva de retención {number}",
            received="2024-04-15",
        )


def count(client, url):
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.context["hits"])


def test_the_search_queries_the_same_few_times_however_many_documents_it_finds(client, archives):
    police = make_agency(en="Philadelphia Police Department", es="Policía de Filadelfia")
    detainers = make_request(police, en="Detainer policy", es="Política de retención")
    url = archives["en"].url + "?q=detainer"
    add_documents(archives, detainers, 0, 2)
    few, hits = count(client, url)
    assert hits == 2
    add_documents(archives, detainers, 2, 10)
    many, hits = count(client, url)
    assert hits == 10
    assert many == few + 1
    assert many <= SEARCH_MAX
    add_documents(archives, detainers, 12, 10)
    more, hits = count(client, url)
    assert more == many
