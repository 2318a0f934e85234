"""How many queries the public workshop list makes, and that the count does not grow with the
number of workshops."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import make_workshop

pytestmark = pytest.mark.django_db

# The workshops with their topics and zones, one query; the menu, footer, organization's
# details and each workshop's row of HTML are kept per process until a change purges the
# page cache.
PUBLIC_MAX = 1


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGECACHE_SECONDS = 0


def count(client, url) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_workshop_list_queries_the_same_few_times_however_many_workshops(client, zones, topic):
    url = reverse("workshops:list")
    zone_list = list(zones.values())
    make_workshop(topic, zone=zone_list[0])
    few = count(client, url)
    for days, zone in enumerate(zone_list * 3, start=4):
        make_workshop(topic, days=days, zone=zone)
    many = count(client, url)
    assert many == few
    assert many <= PUBLIC_MAX


def test_a_changed_workshop_or_zone_shows_at_once_on_the_kept_rows(client, zones, topic):
    url = reverse("workshops:list")
    zone = next(iter(zones.values()))
    workshop = make_workshop(topic, zone=zone)
    assert zone.name in client.get(url).content.decode()
    workshop.title_en = "Rights at the door"
    workshop.save()
    zone.name = "Newbold Norte"
    zone.save()
    html = client.get(url).content.decode()
    assert "Rights at the door" in html
    assert "Newbold Norte" in html
