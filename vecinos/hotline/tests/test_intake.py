"""The public report form, grouping into incidents, photos without metadata, and paging."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from vecinos.core.models import AuditEntry
from vecinos.hotline import services
from vecinos.hotline.models import Dispatcher, DispatcherPage, Incident, Photo, Report, Shift
from vecinos.messaging.models import OutboundMessage

from .conftest import block_with_neighbours


def _form(block, **extra):
    data = {
        "agency": "ice",
        "activity": "door",
        "agents": "4",
        "vehicles": "2",
        "description": "Dos camionetas grises",
        "latitude": f"{block.latitude}",
        "longitude": f"{block.longitude}",
        "cross_streets": "",
        "block": "",
        "when": "0",
        "website": "",
    }
    data.update(extra)
    return data


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (39.0, 56.0, 1.0)}  # GPS block
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def on_call(dispatcher_user):
    dispatcher = services.add_dispatcher(
        dispatcher_user, phone="+12155550199", language="es", actor="system"
    )
    now = timezone.now()
    backup_user = type(dispatcher_user).objects.create_user(username="bea", email="bea@example.org")
    backup = services.add_dispatcher(
        backup_user, phone="+12155550198", language="en", actor="system"
    )
    Shift.objects.create(
        dispatcher=dispatcher,
        backup=backup,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=7),
    )
    return dispatcher, backup


def test_a_spanish_web_report_without_javascript_opens_an_incident_on_its_block(
    client, city, on_call
):
    block = block_with_neighbours()
    response = client.post("/es/linea-directa/", _form(block))

    assert response.status_code == 302
    assert response["Location"] == "/es/linea-directa/gracias/"
    report = Report.objects.get()
    assert (report.channel, report.language, report.block, report.agents) == ("web", "es", block, 4)
    assert report.incident.block == block
    assert report.incident.state == Incident.State.NEW
    assert AuditEntry.objects.filter(action="hotline.report.received").count() == 1


def test_the_form_page_renders_in_both_languages_with_no_inline_script(client, city):
    english = client.get("/en/hotline/")
    spanish = client.get("/es/linea-directa/")
    assert english.status_code == spanish.status_code == 200
    assert "Report a raid or immigration agents" in english.content.decode()
    assert "<script>" not in spanish.content.decode()
    assert " style=" not in spanish.content.decode()


def test_a_report_needs_a_place(client, city):
    response = client.post("/en/hotline/", _form(city.first(), latitude="", longitude=""))
    assert response.status_code == 400
    assert "Please tell us where" in response.content.decode()
    assert not Report.objects.exists()


def test_a_filled_honeypot_is_refused(client, city):
    response = client.post("/en/hotline/", _form(city.first(), website="http://spam"))
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_floods_are_rate_limited_without_keeping_the_address(client, city, settings):
    cache.clear()
    for _ in range(10):
        client.post("/en/hotline/", _form(city.first()))
    response = client.post("/en/hotline/", _form(city.first()))
    assert response.status_code == 429
    assert Report.objects.count() == 10


def test_reports_on_neighbouring_blocks_within_two_hours_join_one_incident(city):
    block = block_with_neighbours()
    neighbour = block.neighbours.first()
    far = (
        city.exclude(pk__in=[block.pk, *block.neighbours.values_list("pk", flat=True)])
        .exclude(neighbours__in=block.neighbours.all())
        .first()
    )

    first = services.submit_report(services.NewReport(channel="web", block=block))
    second = services.submit_report(services.NewReport(channel="sms", block=neighbour))
    elsewhere = services.submit_report(services.NewReport(channel="web", block=far))

    assert first.incident == second.incident
    assert elsewhere.incident != first.incident
    Incident.objects.filter(pk=first.incident.pk).update(
        last_report_at=timezone.now() - timedelta(hours=3)
    )
    later = services.submit_report(services.NewReport(channel="web", block=block))
    assert later.incident != first.incident


def test_photos_are_stored_encrypted_without_their_metadata(client, city):
    upload = SimpleUploadedFile("IMG_0001.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    data = _form(city.first())
    data["photos"] = upload
    response = client.post("/en/hotline/", data)
    assert response.status_code == 302

    photo = Photo.objects.get()
    storage = photo.image.storage
    sealed = storage.read_sealed(photo.image.name)
    assert b"JFIF" not in sealed and b"PhoneMaker" not in sealed
    with storage.open(photo.image.name) as handle:
        image = Image.open(BytesIO(handle.read()))
        assert dict(image.getexif()) == {}
    assert "IMG_0001" not in photo.image.name
    assert photo.incident == Report.objects.get().incident


def test_a_file_that_is_not_a_photo_is_refused_with_a_message(client, city):
    data = _form(city.first())
    data["photos"] = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    response = client.post("/es/linea-directa/", data)
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_the_dispatcher_on_shift_is_paged_by_text_and_email_for_every_report(
    city, on_call, settings
):
    settings.VECINOS_HOTLINE_PAGE_BURST_SECONDS = 0  # bursts: test_page_burst.py
    dispatcher, _backup = on_call
    block = block_with_neighbours()
    services.submit_report(services.NewReport(channel="web", block=block))
    services.submit_report(services.NewReport(channel="web", block=block))

    pages = OutboundMessage.objects.filter(purpose="hotline_page")
    assert sorted((m.channel, m.to_address, m.language) for m in pages) == [
        ("email", "dina@example.org", "es"),
        ("email", "dina@example.org", "es"),
        ("sms", "+12155550199", "es"),
        ("sms", "+12155550199", "es"),
    ]
    assert "/admin/hotline/incidents/" in pages.filter(channel="sms").first().body


def test_nobody_acknowledging_in_time_pages_the_backup_once(city, on_call, settings):
    settings.VECINOS_HOTLINE_ACK_MINUTES = 5
    report = services.submit_report(services.NewReport(channel="web", block=city.first()))
    incident = report.incident

    assert services.page_backups() == 0
    DispatcherPage.objects.update(sent_at=timezone.now() - timedelta(minutes=6))
    assert services.page_backups() == 1
    assert services.page_backups() == 0
    backup_pages = OutboundMessage.objects.filter(purpose="hotline_page", language="en")
    assert sorted(m.to_address for m in backup_pages) == ["+12155550198", "bea@example.org"]
    assert incident.pages.filter(level="backup").count() == 1


def test_an_acknowledged_incident_does_not_page_the_backup(city, on_call, dispatcher_user):
    report = services.submit_report(services.NewReport(channel="web", block=city.first()))
    services.acknowledge_incident(report.incident, actor=dispatcher_user)
    DispatcherPage.objects.update(sent_at=timezone.now() - timedelta(minutes=60))
    assert services.page_backups() == 0


def test_merge_and_split(city, dispatcher_user):
    block = block_with_neighbours()
    a = services.submit_report(services.NewReport(channel="web", block=block))
    b = services.submit_report(services.NewReport(channel="web", cross_streets="9th & Tasker"))
    assert a.incident != b.incident

    services.merge_incidents(a.incident, [b.incident], actor=dispatcher_user)
    b.refresh_from_db()
    assert b.incident == a.incident
    assert Incident.objects.get(merged_into=a.incident).state == "closed"

    split = services.split_report(b, actor=dispatcher_user)
    b.refresh_from_db()
    assert b.incident == split != a.incident
    assert Dispatcher.objects.count() == 0


def test_the_dispatcher_takes_the_incident_by_answering_ok_to_the_page(city, on_call):
    from vecinos.messaging.tests.inbound import last_reply, text

    report = services.submit_report(services.NewReport(channel="web", block=city.first()))
    text("what?", phone="+12155550199")
    assert "OK" in last_reply("+12155550199").body
    text("OK", phone="+12155550199")

    report.incident.refresh_from_db()
    assert report.incident.acknowledged_by == on_call[0].user
    assert report.incident.reference in last_reply("+12155550199").body
    DispatcherPage.objects.update(sent_at=timezone.now() - timedelta(minutes=60))
    assert services.page_backups() == 0
