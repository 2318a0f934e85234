"""Wagtail pages routed from memory: every change to a page, its place or its restrictions shows
at the next request, as when Wagtail routes each request itself."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from vecinos.content import models as content
from vecinos.content.testing import make_homes, make_translated

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    # Every request reaches Django, as a visitor with a session does.
    settings.PAGECACHE_SECONDS = 0


@pytest.fixture
def about():
    homes = make_homes()
    return make_translated(
        homes,
        content.StandardPage,
        en={"title": "About us", "slug": "about"},
        es={"title": "Quiénes somos", "slug": "quienes-somos"},
    )


def queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured)


def test_a_page_read_again_costs_one_query_for_its_row(client, about):
    url = about["en"].url
    first_status, first = queries(client, url)
    again_status, again = queries(client, url)
    assert (first_status, again_status) == (200, 200)
    # The site, the locale, a query per level of the path and the view restrictions.
    assert first - again >= 5
    assert again == 1


def test_a_page_unpublished_or_renamed_after_it_was_served_is_routed_again(client, about):
    page = about["en"]
    assert client.get(page.url).status_code == 200
    page.unpublish()
    assert client.get("/en/about/").status_code == 404

    page.save_revision().publish()
    assert client.get("/en/about/").status_code == 200
    page.refresh_from_db()
    page.slug = "who-we-are"
    page.save_revision().publish()
    assert client.get("/en/about/").status_code == 404
    assert client.get("/en/who-we-are/").status_code == 200


def test_a_page_made_private_after_it_was_served_asks_for_its_password(client, about):
    page = about["es"]
    assert client.get(page.url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-words"
    )
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Quiénes somos" not in response.text
    assert "password" in response.text.casefold() or "contraseña" in response.text.casefold()

    restriction.delete()
    assert "Quiénes somos" in client.get(page.url).text


def test_a_path_that_finds_nothing_is_not_kept(client, about):
    from vecinos.core import pagecache

    client.get(about["en"].url)
    kept = len(pagecache._remembered)
    for number in range(20):
        assert client.get(f"/en/no-such-page-{number}/").status_code == 404
    assert len(pagecache._remembered) == kept
