"""Alerts go out only for confirmed incidents, to each neighbour once, in their language."""

import pytest

from vecinos.hotline import services
from vecinos.hotline.models import Alert, AlertContact, Incident
from vecinos.hotline.services import alerts
from vecinos.messaging.models import OutboundMessage

from .conftest import block_with_neighbours, make_member


@pytest.fixture
def neighbourhood(city):
    """A block with members, its neighbours with members, and a member further away."""
    block = block_with_neighbours()
    neighbours = list(block.neighbours.all())
    near = {block.pk, *[n.pk for n in neighbours]}
    far = city.exclude(pk__in=near).exclude(neighbours__in=near).first()
    members = [
        make_member(block, "+12155550101", language="es"),
        make_member(block, "+12155550102", language="en"),
        make_member(neighbours[0], "+12155550103", language="es"),
        make_member(neighbours[1], "+12155550104", language="en"),
    ]
    outsider = make_member(far, "+12155550109", language="es")
    return block, members, outsider


def _confirmed(block, actor):
    incident = services.submit_report(services.NewReport(channel="web", block=block)).incident
    return services.change_state(incident, Incident.State.CONFIRMED, actor=actor)


def _alert_texts():
    return sorted(
        (m.to_address, m.language, m.body) for m in OutboundMessage.objects.filter(purpose="alert")
    )


def test_an_unconfirmed_incident_cannot_alert(neighbourhood, dispatcher_user):
    block, _members, _outsider = neighbourhood
    incident = services.submit_report(services.NewReport(channel="web", block=block)).incident

    with pytest.raises(alerts.AlertRefused):
        alerts.draft_alert(incident, actor=dispatcher_user, template="agents_present")
    # Even an alert row made some other way is refused at the send.
    alert = Alert.objects.create(incident=incident, text_en="x", text_es="x")
    with pytest.raises(alerts.AlertRefused):
        alerts.send_alert(alert, actor=dispatcher_user)
    services.change_state(incident, Incident.State.FALSE_ALARM, actor=dispatcher_user)
    with pytest.raises(alerts.AlertRefused):
        alerts.send_alert(alert, actor=dispatcher_user)
    assert not OutboundMessage.objects.filter(purpose="alert").exists()


def test_each_neighbour_gets_the_alert_once_in_their_language(neighbourhood, dispatcher_user):
    block, members, outsider = neighbourhood
    incident = _confirmed(block, dispatcher_user)
    alert = alerts.draft_alert(incident, actor=dispatcher_user, template="agents_present")

    preview = alerts.preview_alert(alert)
    assert (preview.total, preview.by_language) == (4, {"es": 2, "en": 2})
    alerts.send_alert(alert, actor=dispatcher_user)
    with pytest.raises(alerts.AlertRefused):
        alerts.send_alert(alert, actor=dispatcher_user)

    sent = _alert_texts()
    assert [address for address, _l, _b in sent] == [m.phone for m in members]
    for _address, language, body in sent:
        assert body == (alert.text_es if language == "es" else alert.text_en)
    assert alert.text_es.startswith("CONFIRMADO:")
    assert block.place in alert.text_en and block.place in alert.text_es
    alert.refresh_from_db()
    assert alert.recipients_count == 4
    assert alert.expires_at is not None
    assert OutboundMessage.objects.filter(purpose="alert", expires_at=alert.expires_at).count() == 4


def test_the_all_clear_reaches_exactly_the_same_people(neighbourhood, dispatcher_user):
    block, members, _outsider = neighbourhood
    incident = _confirmed(block, dispatcher_user)
    alert = alerts.send_alert(
        alerts.draft_alert(incident, actor=dispatcher_user, template="agents_present"),
        actor=dispatcher_user,
    )
    make_member(block, "+12155550110")  # joined after the alert: not part of its all-clear
    services.change_state(incident, Incident.State.CLOSED, actor=dispatcher_user)

    clear = alerts.draft_alert(incident, actor=dispatcher_user, template="all_clear")
    assert clear.follows == alert
    alerts.send_alert(clear, actor=dispatcher_user)

    clears = OutboundMessage.objects.filter(batch=clear.batch)
    assert sorted(m.to_address for m in clears) == sorted(m.phone for m in members)


def test_the_legal_team_and_the_whole_zone_can_be_added(neighbourhood, dispatcher_user):
    block, members, _outsider = neighbourhood
    AlertContact.objects.create(kind="legal", name="Abogada", phone="+12155550150", language="en")
    AlertContact.objects.create(kind="partner", name="Partner", email="p@example.org")
    incident = _confirmed(block, dispatcher_user)
    alert = alerts.draft_alert(
        incident, actor=dispatcher_user, template="stops", include_legal=True, include_zone=True
    )
    alerts.send_alert(alert, actor=dispatcher_user)

    addresses = set(OutboundMessage.objects.filter(batch=alert.batch).values_list("id", flat=True))
    sent_to = {m.to_address for m in OutboundMessage.objects.filter(pk__in=addresses)}
    assert "+12155550150" in sent_to
    assert "p@example.org" not in sent_to
    assert {m.phone for m in members} <= sent_to


def test_the_alert_never_names_anyone(neighbourhood, dispatcher_user):
    block, members, _outsider = neighbourhood
    incident = _confirmed(block, dispatcher_user)
    alert = alerts.draft_alert(incident, actor=dispatcher_user, template="agents_present")
    for member in members:
        assert member.name not in alert.text_en and member.name not in alert.text_es


def test_the_send_click_hands_the_send_to_the_worker(
    neighbourhood, dispatcher_user, django_capture_on_commit_callbacks
):
    block, members, _outsider = neighbourhood
    incident = _confirmed(block, dispatcher_user)
    alert = alerts.draft_alert(incident, actor=dispatcher_user, template="agents_present")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        alerts.request_send(alert, actor=dispatcher_user)
    alert.refresh_from_db()
    assert alert.status == "sending"
    assert not OutboundMessage.objects.filter(purpose="alert").exists()
    with pytest.raises(alerts.AlertRefused):
        alerts.request_send(alert, actor=dispatcher_user)

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    alert.refresh_from_db()
    assert (alert.status, alert.recipients_count, alert.sent_by) == ("sent", 4, dispatcher_user)


def test_an_alert_whose_incident_changed_before_the_worker_goes_back_to_draft(
    neighbourhood, dispatcher_user, django_capture_on_commit_callbacks
):
    from vecinos.hotline.tasks import send_alert_task

    block, _members, _outsider = neighbourhood
    incident = _confirmed(block, dispatcher_user)
    alert = alerts.draft_alert(incident, actor=dispatcher_user, template="agents_present")
    with django_capture_on_commit_callbacks(execute=False):
        alerts.request_send(alert, actor=dispatcher_user)
    services.change_state(incident, Incident.State.CLOSED, actor=dispatcher_user)

    assert send_alert_task.call(alert.pk, dispatcher_user.pk) == {"sent": 0}
    alert.refresh_from_db()
    assert alert.status == "draft"
    assert not OutboundMessage.objects.filter(purpose="alert").exists()


def test_a_send_cut_short_is_finished_without_a_second_message(
    neighbourhood, dispatcher_user, settings, monkeypatch
):
    block, members, _outsider = neighbourhood
    incident = _confirmed(block, dispatcher_user)
    alert = alerts.draft_alert(incident, actor=dispatcher_user, template="agents_present")
    monkeypatch.setattr(alerts, "SEND_CHUNK", 3)
    real_chunk = alerts._send_chunk
    calls = []

    def dies_after_the_first_chunk(*args, **kwargs):
        if calls:
            raise RuntimeError("worker killed")
        calls.append(1)
        return real_chunk(*args, **kwargs)

    monkeypatch.setattr(alerts, "_send_chunk", dies_after_the_first_chunk)
    with pytest.raises(RuntimeError):
        alerts.send_alert(alert, actor=dispatcher_user)
    assert OutboundMessage.objects.filter(purpose="alert").count() == 3

    monkeypatch.setattr(alerts, "_send_chunk", real_chunk)
    alerts.send_alert(alert, actor=dispatcher_user)

    sent = [m.to_address for m in OutboundMessage.objects.filter(purpose="alert")]
    assert sorted(sent) == sorted(m.phone for m in members)
    alert.refresh_from_db()
    assert (alert.status, alert.recipients_count) == ("sent", 4)
