"""A page scheduled to go live goes live on the worker's clock, with nothing run by hand."""

from datetime import timedelta

import pytest
from django.utils import timezone

from vecinos.content.models import StandardPage
from vecinos.content.testing import make_homes
from vecinos.core import periodic

pytestmark = pytest.mark.django_db


def test_publishing_is_a_periodic_run_every_minute():
    entry = periodic.get("content.publish_scheduled")
    now = timezone.now()
    assert entry.next_run(now) - now == timedelta(minutes=1)


def test_the_periodic_run_publishes_a_scheduled_page_and_unpublishes_an_expired_one(client):
    homes = make_homes()
    index = homes["en"]
    scheduled = index.add_child(
        instance=StandardPage(title="Scheduled statement", slug="scheduled", live=False)
    )
    # What the editor's "Go-live date" does: the revision waits, approved, for its time.
    scheduled.go_live_at = timezone.now() + timedelta(hours=1)
    later = scheduled.save_revision(approved_go_live_at=scheduled.go_live_at)

    expiring = index.add_child(instance=StandardPage(title="Old notice", slug="old-notice"))
    expiring.save_revision().publish()
    expiring.expire_at = timezone.now() - timedelta(minutes=1)
    expiring.save()

    assert periodic.get("content.publish_scheduled").run() == {"published": 0, "expired": 1}
    scheduled.refresh_from_db()
    assert not scheduled.live

    # An hour later: the go-live time has come.
    past = timezone.now() - timedelta(seconds=1)
    later.approved_go_live_at = past
    later.content["go_live_at"] = past.isoformat()
    later.save()
    result = periodic.run_periodic.call("content.publish_scheduled")
    assert result == {"published": 1, "expired": 0}
    scheduled.refresh_from_db()
    expiring.refresh_from_db()
    assert scheduled.live and not expiring.live
    assert client.get(scheduled.url).status_code == 200
