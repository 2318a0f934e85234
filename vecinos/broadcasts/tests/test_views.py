import re
from datetime import timedelta

import pytest
from django.utils import timezone

from vecinos.broadcasts import segments
from vecinos.broadcasts.backoffice.views import TWO_FACTOR_SESSION_KEY
from vecinos.broadcasts.models import Broadcast
from vecinos.broadcasts.services import create_broadcast, request_approval, send_broadcast
from vecinos.messaging.channels import locmem
from vecinos.messaging.models import OutboundMessage

from .conftest import current_code, make_staff, sign_in

pytestmark = pytest.mark.django_db

INDEX = "/admin/broadcasts/"
NEW = "/admin/broadcasts/new/"


def compose_data(**overrides):
    return {
        "title": "Day of action",
        "audience": "test_people",
        "language": "",
        "channel": "sms",
        "body_en": "Day of action Saturday 11am at City Hall. Bring a friend.",
        "body_es": "Día de acción el sábado 11am en la Alcaldía. Trae a alguien.",
        "subject_en": "",
        "subject_es": "",
        "expires_at": "",
    } | overrides


def draft(actor, **overrides):
    data = compose_data(**overrides)
    return create_broadcast(
        actor=actor,
        title=data["title"],
        channel=data["channel"],
        subject_en="",
        subject_es="",
        body_en=data["body_en"],
        body_es=data["body_es"],
        segment="test_people",
        segment_params={},
        language="",
        expires_at=None,
    )


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize("role", ["editor", "dispatcher", "fundraiser", "researcher"])
def test_other_roles_get_404_on_every_broadcast_screen(client, audience, organizer, role):
    audience.add("en")
    broadcast = draft(organizer)
    sign_in(client, make_staff("someone", role))
    for path in ["", "new/", f"{broadcast.pk}/", f"{broadcast.pk}/edit/"]:
        assert client.get(f"{INDEX}{path}").status_code == 404, path
    for path in ["progress/", "progress/counts/", "cancel/"]:
        assert client.get(f"{INDEX}{broadcast.pk}/{path}").status_code == 404, path
    for path in ["send/", "approve/", "ask-approval/", "cancel/"]:
        assert client.post(f"{INDEX}{broadcast.pk}/{path}").status_code == 404, path
    assert client.post(NEW, compose_data()).status_code == 404
    assert OutboundMessage.objects.count() == 0
    assert Broadcast.objects.get().status == Broadcast.Status.DRAFT


def test_the_menu_shows_broadcasts_to_organizers_only(client, organizer):
    sign_in(client, organizer)
    assert '"url": "/admin/broadcasts/"' in text(client.get("/admin/"))
    client.logout()
    sign_in(client, make_staff("eddie", "editor"))
    assert '"url": "/admin/broadcasts/"' not in text(client.get("/admin/"))


def test_without_any_audience_the_compose_screen_says_where_they_come_from(client, organizer):
    segments._segments.clear()
    sign_in(client, organizer)
    response = client.get(NEW)
    assert response.status_code == 200
    assert "No audience yet: zones and workshops add them." in text(response)
    assert "<textarea" not in text(response)


def test_the_compose_form_has_the_live_segment_counter(client, audience, organizer):
    sign_in(client, organizer)
    page = text(client.get(NEW))
    assert 'data-segment-counter="id_body_en-segments"' in page
    assert 'data-segment-counter="id_body_es-segments"' in page
    assert "messaging/segments.js" in page
    assert "<script>" not in page.split("<main", 1)[-1].split("</main>")[0]


def test_compose_requires_both_texts_and_a_subject_for_email(client, audience, organizer):
    sign_in(client, organizer)
    response = client.post(NEW, compose_data(body_es="", channel="email"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["body_es"] == ["Write the text in this language."]
    assert errors["subject_en"] == ["An e-mail needs a subject."]
    assert Broadcast.objects.count() == 0


def test_compose_refuses_a_time_already_passed(client, audience, organizer):
    sign_in(client, organizer)
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(NEW, compose_data(expires_at=past))
    assert response.context["form"].errors["expires_at"] == ["This time has already passed."]


def test_compose_then_preview_shows_counts_segments_and_time(client, audience, organizer, settings):
    settings.VECINOS_SMS_RATE = 10
    for language in ["es", "es", "en"]:
        audience.add(language)
    sign_in(client, organizer)

    response = client.post(NEW, compose_data())
    broadcast = Broadcast.objects.get()
    assert response["Location"] == f"{INDEX}{broadcast.pk}/"
    assert (broadcast.created_by, broadcast.status) == (organizer, Broadcast.Status.DRAFT)
    audience.add("en")

    response = client.get(response["Location"])
    page = text(response)
    preview = response.context["preview"]
    # Counted again when the page is shown: the fourth person who joined since is in.
    assert [(c.language, c.recipients) for c in preview.languages] == [("en", 2), ("es", 2)]
    assert [c.segments.segments for c in preview.languages] == [1, 1]
    assert 'data-testid="broadcast-total">4<' in page
    assert "takes about 1 second at 10 messages per second" in page
    assert "Send to 4 people" in page
    assert OutboundMessage.objects.count() == 0


def test_send_from_the_preview_then_follow_the_progress(
    client, audience, organizer, django_capture_on_commit_callbacks
):
    for language in ["es", "es", "en"]:
        audience.add(language)
    broadcast = draft(organizer)
    sign_in(client, organizer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{INDEX}{broadcast.pk}/send/")
    assert response["Location"] == f"{INDEX}{broadcast.pk}/progress/"
    assert sorted(m.language for m in locmem.outbox) == ["en", "es", "es"]

    response = client.get(f"{INDEX}{broadcast.pk}/progress/counts/")
    fragment = text(response).strip()
    assert '<tr data-status="sent"> <th scope="row">Sent</th> <td>3</td>' in fragment
    # The summary goes to the live region outside the polled area.
    assert fragment.startswith('<p id="broadcast-summary" hx-swap-oob="innerHTML">')
    assert 'data-testid="broadcast-status">Sent<' in fragment
    assert "3 of 3 messages handled" in fragment
    # Finished: the answer tells htmx to stop asking.
    assert response.status_code == 286
    assert response["Cache-Control"].startswith("max-age=0")


def test_progress_polls_every_two_seconds_while_sending(client, audience, organizer):
    audience.add("en")
    broadcast = send_broadcast(draft(organizer), actor=organizer)
    sign_in(client, organizer)
    page = text(client.get(f"{INDEX}{broadcast.pk}/progress/"))
    assert (
        f'hx-get="/admin/broadcasts/{broadcast.pk}/progress/counts/" hx-trigger="every 2s"'
        ' hx-swap="innerHTML"' in page
    )
    assert '<p id="broadcast-summary" aria-live="polite">' in page
    assert "0 of 1 messages handled" in page
    response = client.get(f"{INDEX}{broadcast.pk}/progress/counts/")
    assert response.status_code == 200
    assert "vecinos/htmx.min.js" in page
    assert f'href="/admin/broadcasts/{broadcast.pk}/progress/">Reload the counts<' in page
    assert '<tr data-status="queued"> <th scope="row">Queued</th> <td>1</td>' in page


def test_cancel_from_the_progress_page(client, audience, organizer):
    audience.add("en")
    audience.add("es")
    broadcast = send_broadcast(draft(organizer), actor=organizer)
    sign_in(client, organizer)
    assert client.get(f"{INDEX}{broadcast.pk}/cancel/").status_code == 200
    response = client.post(f"{INDEX}{broadcast.pk}/cancel/")
    assert response["Location"] == f"{INDEX}{broadcast.pk}/progress/"
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {"cancelled"}
    assert Broadcast.objects.get().status == Broadcast.Status.CANCELLED


@pytest.fixture
def awaiting(audience, organizer, settings):
    settings.VECINOS_BROADCAST_APPROVAL_THRESHOLD = 2
    for language in ["en", "es", "es"]:
        audience.add(language)
    return request_approval(draft(organizer), actor=organizer)


def test_a_large_draft_asks_for_approval_instead_of_sending(client, audience, organizer, settings):
    settings.VECINOS_BROADCAST_APPROVAL_THRESHOLD = 2
    for language in ["en", "es", "es"]:
        audience.add(language)
    broadcast = draft(organizer)
    sign_in(client, organizer)
    page = text(client.get(f"{INDEX}{broadcast.pk}/"))
    assert "Ask for approval" in page
    assert "Send to" not in page
    client.post(f"{INDEX}{broadcast.pk}/send/")
    assert OutboundMessage.objects.count() == 0
    client.post(f"{INDEX}{broadcast.pk}/ask-approval/")
    assert Broadcast.objects.get().status == Broadcast.Status.AWAITING_APPROVAL


def test_the_author_sees_no_approve_button_and_cannot_approve(client, awaiting, organizer):
    sign_in(client, organizer)
    assert "Approve" not in text(client.get(INDEX))
    client.post(f"{INDEX}{awaiting.pk}/approve/", {"from": "index"})
    assert Broadcast.objects.get().status == Broadcast.Status.AWAITING_APPROVAL


def test_another_organizer_approves_from_the_listing(client, awaiting, second_organizer):
    sign_in(client, second_organizer)
    page = text(client.get(INDEX))
    assert f'action="/admin/broadcasts/{awaiting.pk}/approve/"' in page
    response = client.post(f"{INDEX}{awaiting.pk}/approve/", {"from": "index"})
    assert response["Location"] == INDEX
    broadcast = Broadcast.objects.get()
    assert (broadcast.status, broadcast.approved_by) == ("approved", second_organizer)


def test_an_approved_large_broadcast_needs_a_fresh_code_to_send(
    client, awaiting, organizer, second_organizer, no_device_throttle
):
    from vecinos.broadcasts.services import approve_broadcast

    approve_broadcast(awaiting, actor=second_organizer)
    device = sign_in(client, organizer)
    send_url = f"{INDEX}{awaiting.pk}/send/"
    assert 'name="code"' in text(client.get(f"{INDEX}{awaiting.pk}/"))

    client.post(send_url)
    client.post(send_url, {"code": "123456"})
    assert OutboundMessage.objects.count() == 0

    # The session's own sign-in code was typed long ago; only a code typed now counts.
    response = client.post(send_url, {"code": current_code(device)})
    assert response["Location"] == f"{INDEX}{awaiting.pk}/progress/"
    assert OutboundMessage.objects.filter(batch=awaiting.batch).count() == 3
    assert TWO_FACTOR_SESSION_KEY in client.session


def test_a_code_typed_more_than_five_minutes_ago_is_asked_for_again(
    client, awaiting, organizer, second_organizer
):
    from vecinos.broadcasts.services import approve_broadcast

    approve_broadcast(awaiting, actor=second_organizer)
    sign_in(client, organizer)
    session = client.session
    session[TWO_FACTOR_SESSION_KEY] = (timezone.now() - timedelta(minutes=6)).isoformat()
    session.save()
    assert 'name="code"' in text(client.get(f"{INDEX}{awaiting.pk}/"))
    client.post(f"{INDEX}{awaiting.pk}/send/")
    assert OutboundMessage.objects.count() == 0


def test_a_broadcast_whose_audience_is_gone_says_so_and_cannot_be_sent(client, audience, organizer):
    audience.add("en")
    broadcast = draft(organizer)
    segments.unregister_segment("test_people")
    sign_in(client, organizer)
    page = text(client.get(f"{INDEX}{broadcast.pk}/"))
    assert "This audience is no longer available" in page
    assert "Send to" not in page
    assert "An audience that is no longer available" in text(client.get(INDEX))
    client.post(f"{INDEX}{broadcast.pk}/send/")
    assert OutboundMessage.objects.count() == 0
    assert Broadcast.objects.get().status == Broadcast.Status.DRAFT
