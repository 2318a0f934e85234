"""Voice reports' recordings: fetched once from the provider, stored encrypted, deleted there,
played to dispatchers through vecinos with every play audited, purged on the report's schedule.

The provider is the fake Twilio API on loopback, spoken to by the real twilio library.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from vecinos.accounts.testing import sign_in_verified
from vecinos.core.models import AuditEntry
from vecinos.hotline.models import Incident, Recording, Report
from vecinos.hotline.services import recordings
from vecinos.hotline.tasks import run_checks
from vecinos.hotline.testing import sample_wav
from vecinos.messaging.testing.fake_twilio import FakeTwilio, twilio_signature
from vecinos.privacy.retention import run_shredders

WAV = sample_wav(0.5)


@pytest.fixture
def provider(settings):
    with FakeTwilio() as fake:
        settings.TWILIO_API_BASE = fake.url
        settings.TWILIO_ACCOUNT_SID = fake.account_sid
        settings.TWILIO_AUTH_TOKEN = fake.auth_token
        settings.PUBLIC_URL = "http://testserver"
        yield fake


def _call(client, fake, url, language="es"):
    """The provider's callback once the caller hung up: signed, with the recording's address."""
    path = f"/hooks/hotline/voice/recorded/?lang={language}"
    sid = url.rsplit("/", 1)[1]
    params = {"CallSid": "CA" + "2" * 32, "RecordingSid": sid, "RecordingUrl": url}
    signature = twilio_signature(fake.auth_token, "http://testserver" + path, params)
    return client.post(path, params, HTTP_X_TWILIO_SIGNATURE=signature)


@pytest.fixture
def recorded(client, provider, city, django_capture_on_commit_callbacks):
    url = provider.add_recording(WAV)
    held = provider.recordings[url.rsplit("/", 1)[1]]
    with django_capture_on_commit_callbacks(execute=True):
        assert _call(client, provider, url).status_code == 200
    report = Report.objects.get(channel="voice")
    report.held_at_provider = held
    return report


def test_the_recording_is_fetched_once_stored_encrypted_and_deleted_at_the_provider(
    recorded, provider
):
    recording = Recording.objects.get(report=recorded)
    held = recorded.held_at_provider
    assert provider.recordings == {} and provider.deleted_recordings == [held.sid]
    assert held.fetches == 1
    assert recording.size == len(WAV) and recording.content_type == "audio/x-wav"
    with recording.audio.open() as handle:
        assert handle.read() == WAV
    # On disk it is sealed: not the audio, nor anything that starts like a WAV file.
    storage = recording.audio.storage
    with open(storage.path_on_disk(recording.audio.name), "rb") as raw:
        sealed = raw.read()
    assert WAV[:4] not in sealed and WAV[100:200] not in sealed
    recorded.refresh_from_db()
    assert recorded.recording_url == ""  # the provider's address is forgotten too
    entry = AuditEntry.objects.get(action="hotline.recording.stored")
    assert entry.detail == {"bytes": len(WAV)}
    assert recorded.incident.timeline.filter(kind="recording.stored").exists()
    # Fetching again does nothing: the provider holds nothing, and nothing is asked of it.
    assert recordings.store_recording(recorded) == recording


def test_a_provider_that_cannot_answer_leaves_the_address_for_the_next_try(
    client, provider, city, django_capture_on_commit_callbacks
):
    url = provider.add_recording(WAV)
    provider.fail_next("500", 1)
    with django_capture_on_commit_callbacks(execute=True):
        _call(client, provider, url)
    report = Report.objects.get()
    assert not Recording.objects.exists()
    assert report.recording_url == url and len(provider.recordings) == 1

    assert run_checks()["recordings_fetched"] == 1
    assert Recording.objects.get().report == report
    assert provider.recordings == {}
    assert run_checks()["recordings_fetched"] == 0


def test_an_address_of_another_host_or_account_is_never_opened(provider, city):
    report = Report.objects.create(
        channel="voice", recording_url="https://example.org/2010-04-01/Accounts/AC1/Recordings/RE1"
    )
    assert recordings.store_recording(report) is None
    report.refresh_from_db()
    assert report.recording_url == "" and not Recording.objects.exists()
    assert provider.requests["accepted"] == 0 and provider.requests["unauthorized"] == 0


def test_the_dispatcher_plays_it_through_vecinos_and_every_play_is_audited(
    client, recorded, dispatcher_user
):
    sign_in_verified(client, dispatcher_user)
    recording = Recording.objects.get()
    page = client.get(f"/admin/hotline/incidents/{recorded.incident.pk}/").content.decode()
    assert f'src="/admin/hotline/recordings/{recording.pk}/"' in page
    assert "<audio controls" in page

    for plays in (1, 2):
        response = client.get(f"/admin/hotline/recordings/{recording.pk}/")
        assert response.status_code == 200
        assert response.content == WAV
        assert response["Content-Type"] == "audio/x-wav"
        assert "no-store" in response["Cache-Control"]
        assert AuditEntry.objects.filter(action="hotline.recording.played").count() == plays


def test_others_get_404(client, recorded):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username="ed", password="x" * 20)
    user.groups.add(Group.objects.get(name="organizer"))
    sign_in_verified(client, user)
    recording = Recording.objects.get()
    assert client.get(f"/admin/hotline/recordings/{recording.pk}/").status_code == 404
    assert not AuditEntry.objects.filter(action="hotline.recording.played").exists()


def test_recordings_go_with_the_reports_schedule(recorded, django_capture_on_commit_callbacks):
    recording = Recording.objects.get()
    storage, name = recording.audio.storage, recording.audio.name
    incident = recorded.incident
    # A confirmed incident keeps its reports; its recordings go after 30 days.
    Incident.objects.filter(pk=incident.pk).update(state=Incident.State.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        run_shredders(now=timezone.now() + timedelta(days=29))
    assert Recording.objects.exists() and storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        counts = run_shredders(now=timezone.now() + timedelta(days=31)).counts
    assert counts["hotline_recordings"] == 1
    assert not Recording.objects.exists() and not storage.exists(name)
    assert Report.objects.filter(pk=recorded.pk).exists()


def test_an_unverified_reports_recording_goes_with_it_at_72_hours(
    recorded, django_capture_on_commit_callbacks
):
    recording = Recording.objects.get()
    storage, name = recording.audio.storage, recording.audio.name
    with django_capture_on_commit_callbacks(execute=True):
        run_shredders(now=timezone.now() + timedelta(hours=73))
    assert not Report.objects.exists() and not Recording.objects.exists()
    assert not storage.exists(name)
