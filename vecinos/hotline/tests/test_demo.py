from vecinos.accounts.testing import sign_in_verified
from vecinos.hotline import demo
from vecinos.hotline.models import Dispatcher, Incident
from vecinos.messaging.models import OutboundMessage
from vecinos.zones.models import Member

from .conftest import block_with_neighbours, make_member


def test_the_demo_builds_incidents_without_sending_anything(client, city):
    block = block_with_neighbours()
    make_member(block, "+12155550101", role=Member.Role.RESPONDER)
    OutboundMessage.objects.all().delete()

    assert demo.build() == 2
    assert demo.build() == 0
    assert set(Incident.objects.values_list("state", flat=True)) == {"closed", "new"}
    assert not OutboundMessage.objects.exists()

    dispatcher = Dispatcher.objects.get(user__username="dispatcher")
    sign_in_verified(client, dispatcher.user)
    for incident in Incident.objects.all():
        assert client.get(f"/admin/hotline/incidents/{incident.pk}/").status_code == 200
    assert client.get("/admin/hotline/").status_code == 200
    # The history and the demo dispatcher's own follow-up tasks.
    history = client.get("/admin/hotline/history/").content.decode()
    assert history.count("<tr data-state=") == 2
    tasks = client.get("/admin/hotline/tasks/").content.decode()
    assert "Legal referral" in tasks and "Bond fund" in tasks and "Child care" not in tasks
