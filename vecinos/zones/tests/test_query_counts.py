"""How many queries the zone staff lists make, and that the count does not grow with the
number of zones, blocks and members (the coverage list used to make three per zone)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vecinos.zones.testing import load_zones, make_consent

from .backoffice_helpers import make_block, sign_in_as
from .conftest import make_member

pytestmark = pytest.mark.django_db

# Three of these are what every staff page costs before its own work (the user with their
# admin profile, the second factor, the roles with their permissions: vecinos/accounts/
# backends.py; the session comes from the cache) and three Wagtail's chrome (locales, page and
# collection permissions); the page's own queries are the rest. Coverage four: zones, blocks,
# active members counted by zone and block, blocks linked to a captain's account. Members
# four: the page, each row with the count of all; its tags; the audit entry of the listing,
# which reads the chain's last row and inserts, and on PostgreSQL first takes the chain's
# lock (one more there). The filters' zones, blocks and tags are kept per process
# (backoffice/forms.py: filter_choices).
STAFF_MAX = {"zones_admin:index": 10, "zones_admin:members": 10}
# The consent text; the zones, the form's fields as HTML, the menu, footer and organization's
# details are kept per process until a change purges the page cache (vecinos.core.pagecache
# .remember and `{% remember %}`).
PUBLIC_MAX = 1


def populate(zones, first: int) -> None:
    cache.clear()
    for number, zone in enumerate(zones, start=first):
        for extra in range(3):
            make_block(zone, f"9{number}{extra}", -75.3 + number * 0.01, 39.7 + extra * 0.01)
        blocks = list(zone.blocks.all()[:3])
        for n in range(4):
            make_member(
                name=f"Vecina {number}-{n}",
                phone=f"+1215555{number * 10 + n + 200:04d}",
                block=blocks[n % len(blocks)],
                role=["member", "responder", "captain"][n % 3],
            )


def count(client, url, django_capture_on_commit_callbacks) -> int:
    # The first request fills what a running server keeps (keys, caches) once it commits.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", STAFF_MAX)
def test_staff_lists_query_the_same_few_times_however_many_zones(
    client, keys_kept, name, django_capture_on_commit_callbacks
):
    sign_in_as(client, "admin")
    url = reverse(name)
    zones = list(load_zones().values())
    make_consent()
    populate(zones[:1], first=0)
    few = count(client, url, django_capture_on_commit_callbacks)
    populate(zones[1:6], first=1)
    many = count(client, url, django_capture_on_commit_callbacks)
    assert many == few
    chain_lock = 1 if name == "zones_admin:members" and connection.vendor == "postgresql" else 0
    assert many <= STAFF_MAX[name] + chain_lock


def test_the_sign_up_form_queries_the_same_few_times_however_many_zones(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGECACHE_SECONDS = 0
    url = reverse("zones:join")
    zones = list(load_zones().values())
    make_consent()
    populate(zones[:1], first=0)
    few = count(client, url, django_capture_on_commit_callbacks)
    populate(zones[1:6], first=1)
    many = count(client, url, django_capture_on_commit_callbacks)
    assert many == few
    assert many <= PUBLIC_MAX
