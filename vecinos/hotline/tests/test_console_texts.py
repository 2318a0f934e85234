"""What the incident page says: response times as people say them, and no refusal to alert on
an incident that may alert."""

from datetime import timedelta

import pytest
from django.utils import translation

from vecinos.accounts.testing import sign_in_verified
from vecinos.hotline import services
from vecinos.hotline.models import Incident


@pytest.fixture
def dispatcher_client(client, dispatcher_user):
    sign_in_verified(client, dispatcher_user)
    return client


def _confirmed(block, actor):
    incident = services.submit_report(services.NewReport(channel="web", block=block)).incident
    return services.change_state(incident, Incident.State.CONFIRMED, actor=actor)


def _live(client, incident) -> str:
    return client.get(f"/admin/hotline/incidents/{incident.pk}/live/").content.decode()


def test_a_confirmed_incident_invites_its_alert_instead_of_refusing_it(
    dispatcher_client, city, dispatcher_user
):
    incident = services.submit_report(
        services.NewReport(channel="web", block=city.first())
    ).incident
    assert "Only a confirmed incident can alert." in _live(dispatcher_client, incident)

    incident = _confirmed(city.first(), dispatcher_user)
    page = _live(dispatcher_client, incident)
    assert "Only a confirmed incident can alert" not in page
    assert "The incident is confirmed: choose a message below" in page


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "9 minutes 50 seconds"), ("es", "9 minutos 50 segundos")],
)
def test_response_times_read_as_people_say_them(
    dispatcher_client, city, dispatcher_user, language, expected
):
    incident = _confirmed(city.first(), dispatcher_user)
    report = incident.reports.get()
    Incident.objects.filter(pk=incident.pk).update(
        confirmed_at=report.received_at + timedelta(minutes=9, seconds=50, microseconds=188772)
    )
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(dispatcher_user)
    profile.preferred_language = language
    profile.save()
    with translation.override(language):
        page = _live(dispatcher_client, incident)
    assert expected in page
    assert "0:09:50" not in page and "188772" not in page
