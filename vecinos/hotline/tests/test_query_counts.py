"""How many queries the hotline's staff pages make, and that the count does not grow with the
number of incidents (the admin home's response times used to take four per incident)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vecinos.accounts.testing import sign_in_verified
from vecinos.hotline import services
from vecinos.hotline.figures import response_times, with_response_times
from vecinos.hotline.models import Incident
from vecinos.hotline.services import alerts
from vecinos.messaging.models import OutboundMessage

from .conftest import make_member

pytestmark = pytest.mark.django_db

# Three are what every staff page costs before its own work (the user with their admin
# profile, the second factor, the roles with their permissions) and three Wagtail's menu
# (locales, page and collection permissions); the console's own are the open incidents
# and who is on shift.
STAFF_MAX = 8


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_user(username="ada", password="x" * 20)
    user.groups.add(Group.objects.get(name="admin"))
    sign_in_verified(client, user)
    client.user = user
    return client


def apart(blocks, n):
    """`n` blocks none of which neighbours another, so each report opens its own incident."""
    chosen, taken = [], set()
    for block in blocks.order_by("pk"):
        if block.pk not in taken:
            chosen.append(block)
            taken |= {block.pk, *block.neighbours.values_list("pk", flat=True)}
        if len(chosen) == n:
            return chosen
    raise AssertionError("not enough blocks apart")


def open_incidents(blocks, actor, *, alerted: bool):
    for block in blocks:
        make_member(block, f"+1215555{block.pk % 10000:04d}")
        incident = services.submit_report(services.NewReport(channel="web", block=block)).incident
        if alerted:
            services.change_state(incident, "confirmed", actor=actor)
            alert = alerts.send_alert(
                alerts.draft_alert(incident, actor=actor, template="agents_present"), actor=actor
            )
            OutboundMessage.objects.filter(batch=alert.batch).update(status="sent")


def count(client, url, django_capture_on_commit_callbacks) -> int:
    # The first request fills what a running server keeps (keys, caches) once it commits.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_admin_home_queries_the_same_number_of_times_however_many_incidents(
    admin_client, city, keys_kept, django_capture_on_commit_callbacks
):
    blocks = apart(city, 8)
    open_incidents(blocks[:2], admin_client.user, alerted=True)
    few = count(admin_client, "/admin/", django_capture_on_commit_callbacks)
    open_incidents(blocks[2:5], admin_client.user, alerted=True)
    open_incidents(blocks[5:8], admin_client.user, alerted=False)
    assert Incident.objects.count() == 8
    assert count(admin_client, "/admin/", django_capture_on_commit_callbacks) == few


def test_response_times_of_many_incidents_are_those_of_each(admin_client, city):
    blocks = apart(city, 3)
    open_incidents(blocks[:2], admin_client.user, alerted=True)
    open_incidents(blocks[2:], admin_client.user, alerted=False)
    OutboundMessage.objects.filter(batch__startswith="rapidresponse-alert-").update(
        sent_at=timezone.now()
    )
    with CaptureQueriesContext(connection) as queries:
        together = with_response_times(Incident.objects.order_by("pk"))
    assert len(queries) == 5
    assert [times for _incident, times in together] == [
        response_times(incident) for incident in Incident.objects.order_by("pk")
    ]
    assert sum(times["to_delivered"] is not None for _incident, times in together) == 2


def test_the_console_queries_the_same_few_times_however_many_incidents(
    admin_client, city, keys_kept, django_capture_on_commit_callbacks
):
    blocks = apart(city, 6)
    url = reverse("hotline_admin:console")
    open_incidents(blocks[:1], admin_client.user, alerted=False)
    few = count(admin_client, url, django_capture_on_commit_callbacks)
    open_incidents(blocks[1:4], admin_client.user, alerted=False)
    open_incidents(blocks[4:], admin_client.user, alerted=True)
    many = count(admin_client, url, django_capture_on_commit_callbacks)
    assert many == few
    assert many <= STAFF_MAX
