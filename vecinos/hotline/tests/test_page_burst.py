"""A burst of new reports pages the dispatcher once, with a count, not once each."""

from datetime import timedelta

import pytest
from django.utils import timezone

from vecinos.hotline import services
from vecinos.hotline.models import DispatcherPage, TimelineEntry
from vecinos.hotline.services.dispatch import send_grouped_pages
from vecinos.hotline.tasks import run_checks
from vecinos.messaging.models import OutboundMessage
from vecinos.zones.models import Block

from .test_intake import on_call  # noqa: F401 - the dispatcher on shift and the backup


def pages():
    return OutboundMessage.objects.filter(purpose="hotline_page")


def report_on(block):
    return services.submit_report(services.NewReport(channel="web", block=block))


def burst_over():
    """Move every page back past the burst window, as the clock would."""
    DispatcherPage.objects.update(sent_at=timezone.now() - timedelta(minutes=3))


@pytest.fixture
def blocks(city):
    return list(Block.objects.order_by("pk")[:40:4])


def test_a_flood_of_reports_pages_once_at_once_and_once_with_a_count(blocks, on_call, settings):  # noqa: F811
    settings.VECINOS_HOTLINE_PAGE_BURST_SECONDS = 120
    for block in blocks:
        report_on(block)
    # The first report paged at once (text and e-mail); the others wait.
    assert pages().count() == 2
    assert TimelineEntry.objects.filter(kind="page.grouped").count() == len(blocks) - 1
    # Within the window nothing more is sent, however often the clock runs.
    assert send_grouped_pages() == 0
    assert run_checks()["grouped_reports_paged"] == 0

    burst_over()
    assert send_grouped_pages() == len(blocks) - 1
    sms = pages().filter(channel="sms").order_by("-created_at").first()
    assert pages().count() == 4
    assert f"{len(blocks) - 1} " in sms.body and "/admin/hotline/" in sms.body
    assert sms.body.isascii()
    # Counted once: the next run finds nothing left to page.
    burst_over()
    assert send_grouped_pages() == 0
    assert pages().count() == 4
    # Each incident of the burst has its page, so nobody taking it still pages the backup.
    grouped_incidents = {e.incident_id for e in TimelineEntry.objects.filter(kind="page.grouped")}
    paged = set(DispatcherPage.objects.values_list("incident_id", flat=True))
    assert grouped_incidents <= paged
    DispatcherPage.objects.update(sent_at=timezone.now() - timedelta(minutes=10))
    assert services.page_backups() == len(paged)


def test_reports_further_apart_than_the_window_are_each_paged(blocks, on_call, settings):  # noqa: F811
    settings.VECINOS_HOTLINE_PAGE_BURST_SECONDS = 120
    report_on(blocks[0])
    burst_over()
    report_on(blocks[5])
    assert pages().count() == 4
    assert not TimelineEntry.objects.filter(kind="page.grouped").exists()


def test_the_burst_page_in_spanish(blocks, on_call, settings):  # noqa: F811
    settings.VECINOS_HOTLINE_PAGE_BURST_SECONDS = 120
    for block in blocks[:3]:
        report_on(block)
    burst_over()
    send_grouped_pages()
    sms = pages().filter(channel="sms").order_by("-created_at").first()
    email = pages().filter(channel="email").order_by("-created_at").first()
    assert sms.language == "es"
    assert "2 reportes nuevos" in sms.body
    assert "2 reportes nuevos" in email.subject
