"""The tip readers' inbox: 404 for anyone else, unlock with passphrase and a fresh code,
every read audited, star, reply, delete."""

import pytest
from django.utils import timezone
from django_otp.oath import totp

from vecinos.accounts.roles import Role
from vecinos.accounts.testing import sign_in_verified
from vecinos.core.models import AuditEntry
from vecinos.tips import browser, services
from vecinos.tips.models import Source
from vecinos.tips.testing import photo_with_gps

from .conftest import PASSPHRASE, make_staff

pytestmark = pytest.mark.django_db


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def source(tip_key):
    return services.seal_tip(
        text="Joint operation planned Thursday.", files=[], language="en"
    ).source


def unlock(client):
    return client.post(
        "/admin/tips/", {"passphrase": PASSPHRASE, "code": current_code(client.device)}
    )


def test_staff_without_the_permission_get_404(client, source):
    organizer = make_staff("organizer", Role.ORGANIZER)
    sign_in_verified(client, organizer)
    for url in ["/admin/tips/", f"/admin/tips/sources/{source.pk}/", "/admin/tips/attachments/1/"]:
        assert client.get(url).status_code == 404
    assert (
        client.post(f"/admin/tips/sources/{source.pk}/star/", {"starred": "1"}).status_code == 404
    )


def test_the_permission_alone_makes_a_tip_reader(client, source):
    from django.contrib.auth.models import Permission

    organizer = make_staff("organizer", Role.ORGANIZER)
    organizer.user_permissions.add(Permission.objects.get(codename="read_tips"))
    sign_in_verified(client, organizer)
    assert client.get("/admin/tips/").status_code == 200


def test_the_inbox_lists_sources_by_day_without_their_contents(reader_client, source):
    page = reader_client.get("/admin/tips/").content.decode()
    assert f"Source {source.pk}" in page
    assert "Joint operation" not in page
    assert "Unlock the tips" in page


def test_reading_needs_the_key_unlocked(reader_client, source):
    response = reader_client.get(f"/admin/tips/sources/{source.pk}/")
    assert response.status_code == 302 and response["Location"] == "/admin/tips/"


def test_a_wrong_passphrase_or_code_does_not_unlock(reader_client, source):
    response = reader_client.post(
        "/admin/tips/", {"passphrase": "wrong", "code": current_code(reader_client.device)}
    )
    assert "does not open the tips" in response.content.decode()
    assert browser.STAFF_COOKIE not in response.cookies
    response = reader_client.post("/admin/tips/", {"passphrase": PASSPHRASE, "code": "000000"})
    assert "not accepted" in response.content.decode()
    assert browser.STAFF_COOKIE not in response.cookies


def test_unlocking_keeps_the_key_split_between_session_and_cookie(reader_client, source):
    response = unlock(reader_client)
    assert response.status_code == 302
    cookie = response.cookies[browser.STAFF_COOKIE]
    assert cookie["path"] == "/admin/tips/" and cookie["expires"] == ""
    stored = reader_client.session[browser.STAFF_SESSION_KEY]
    assert PASSPHRASE not in stored
    assert AuditEntry.objects.filter(action="tips.key.unlocked").count() == 1


def test_reading_a_source_is_audited_and_marks_tips_read(reader_client, source):
    unlock(reader_client)
    page = reader_client.get(f"/admin/tips/sources/{source.pk}/").content.decode()
    assert "Joint operation planned Thursday." in page
    reader_client.get(f"/admin/tips/sources/{source.pk}/")
    assert AuditEntry.objects.filter(action="tips.source.viewed").count() == 2
    assert not source.tips.filter(read=False).exists()


def test_an_attachment_opens_cleaned_and_audited(reader_client, tip_key):
    from vecinos.tips.attachments import clean_attachment

    new = services.seal_tip(
        text="photo", files=[clean_attachment(photo_with_gps(), 1)], language="en"
    )
    unlock(reader_client)
    attachment = new.source.tips.get().attachments.get()
    response = reader_client.get(f"/admin/tips/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"CanaryCameraMaker" not in response.content
    assert AuditEntry.objects.filter(action="tips.attachment.viewed").count() == 1


def test_star_reply_and_delete(reader_client, source):
    unlock(reader_client)
    reader_client.post(f"/admin/tips/sources/{source.pk}/star/", {"starred": "1"})
    source.refresh_from_db()
    assert source.starred
    response = reader_client.post(f"/admin/tips/sources/{source.pk}/", {"text": "Which county?"})
    assert response.status_code == 302
    page = reader_client.get(f"/admin/tips/sources/{source.pk}/").content.decode()
    assert "Which county?" in page
    assert reader_client.get(f"/admin/tips/sources/{source.pk}/delete/").status_code == 200
    reader_client.post(f"/admin/tips/sources/{source.pk}/delete/")
    assert not Source.objects.exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"tips.source.starred", "tips.reply.sent", "tips.source.deleted"} <= actions


def test_locking_forgets_the_key(reader_client, source):
    unlock(reader_client)
    response = reader_client.post("/admin/tips/lock/")
    assert browser.STAFF_SESSION_KEY not in reader_client.session
    assert response.cookies[browser.STAFF_COOKIE].value == ""
    response = reader_client.get(f"/admin/tips/sources/{source.pk}/")
    assert response.status_code == 302


def test_the_unlock_expires(reader_client, source, settings):
    settings.VECINOS_TIPS_UNLOCK_MINUTES = -1
    unlock(reader_client)
    assert reader_client.get(f"/admin/tips/sources/{source.pk}/").status_code == 302


def test_unstarred_sources_are_shredded_after_the_period(tip_key, reader):
    from datetime import timedelta

    from vecinos.privacy.retention import run_shredders

    old = services.seal_tip(text="old", files=[], language="en").source
    kept = services.seal_tip(text="kept", files=[], language="en").source
    services.star_source(kept, starred=True, actor=reader)
    recent = services.seal_tip(text="recent", files=[], language="en").source
    long_ago = timezone.localdate() - timedelta(days=91)
    Source.objects.filter(pk__in=[old.pk, kept.pk]).update(last_tip_on=long_ago)
    report = run_shredders()
    assert report.counts["tips_unstarred"] == 1
    assert set(Source.objects.values_list("pk", flat=True)) == {kept.pk, recent.pk}


def test_the_retention_period_is_configurable(tip_key, settings):
    from datetime import timedelta

    from vecinos.tips.shredders import UnstarredSources

    settings.VECINOS_RETENTION = {"tips_unstarred": 7}
    assert UnstarredSources().period == timedelta(days=7)
