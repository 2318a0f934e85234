"""Records requests: their timeline in both languages, the owner's reminders, the public page."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from vecinos.core.models import AuditEntry
from vecinos.messaging.models import OutboundMessage
from vecinos.records.models import RequestEvent, TransparencyLaw
from vecinos.records.services import send_deadline_reminders, sync_request_translations
from vecinos.records.tests.factories import (
    make_agency,
    make_document_pages,
    make_pdf_document,
    make_request,
)

D = datetime.date


@pytest.fixture
def pa_request(homes):
    agency = make_agency(en="Police Department", es="Departamento de Policía", abbreviation="PPD")
    pair = make_request(
        agency, en="Detainer policy", es="Política de retenciones", filed="2026-11-25"
    )
    owner = get_user_model().objects.create_user("owner", email="owner@example.org")
    english = pair["en"]
    english.law = TransparencyLaw.objects.get(code="pa-rtkl")
    english.owner = owner
    english.public_timeline = True
    english.save()
    RequestEvent.objects.create(request=english, status="filed", on=D(2026, 11, 25))
    RequestEvent.objects.create(request=english, status="extended", on=D(2026, 12, 3))
    sync_request_translations(english)
    for row in pair.values():
        row.refresh_from_db()
    return pair


def test_the_timeline_is_the_same_in_both_languages(pa_request):
    spanish = pa_request["es"]
    assert spanish.law.code == "pa-rtkl"
    assert [(e.status, e.on) for e in spanish.events.all()] == [
        ("filed", D(2026, 11, 25)),
        ("extended", D(2026, 12, 3)),
    ]
    assert spanish.next_deadline(D(2026, 12, 10)) == D(2027, 1, 4)
    assert spanish.status(D(2026, 12, 10)) == "extended"
    assert AuditEntry.objects.filter(action="records.request.synced").exists()


def test_the_owner_is_reminded_once_before_each_deadline(pa_request):
    # Extended answer due Monday, January 4, 2027; the law reminds two days before.
    assert send_deadline_reminders(D(2026, 12, 31)) == 0
    assert send_deadline_reminders(D(2027, 1, 2)) == 1
    assert send_deadline_reminders(D(2027, 1, 3)) == 0  # already reminded
    (message,) = OutboundMessage.objects.filter(purpose="records.reminder")
    assert message.channel == "email"
    assert "Monday, January 4, 2027" in message.body
    assert "Detainer policy" in message.subject
    # Denied in time: the appeal deadline (15 business days from Jan 4, 2027) gets its own.
    RequestEvent.objects.create(request=pa_request["en"], status="denied", on=D(2027, 1, 4))
    assert send_deadline_reminders(D(2027, 1, 22)) == 0
    assert send_deadline_reminders(D(2027, 1, 24)) == 1
    assert OutboundMessage.objects.filter(purpose="records.reminder").count() == 2


def test_a_closed_request_is_not_reminded(pa_request):
    RequestEvent.objects.create(request=pa_request["en"], status="closed", on=D(2026, 12, 20))
    assert send_deadline_reminders(D(2027, 1, 2)) == 0


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_public_page_shows_steps_deadlines_and_documents(
    client, archives, pa_request, language
):
    document = make_pdf_document("Policy on detainers.")
    make_document_pages(
        archives,
        pa_request,
        document,
        en="Detainer policy, 2023",
        es="Política, 2023",
        received="2026-12-18",
    )
    with translation.override(language):
        url = reverse("records:request", args=[pa_request[language].pk])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    title = {"en": "Detainer policy", "es": "Política de retenciones"}[language]
    assert title in page
    assert 'data-testid="deadline-extended_response"' in page
    expected = {"en": "Monday, January 4, 2027", "es": "lunes 4 de enero de 2027"}[language]
    assert expected in page
    assert {"en": "Detainer policy, 2023", "es": "Política, 2023"}[language] in page
    # The timeline runs in date order: filed, extended, then the document received.
    timeline = page[page.index('data-testid="timeline"') :]
    assert timeline.index("2026") < timeline.index(
        {"en": "Detainer policy, 2023", "es": "Política, 2023"}[language]
    )


def test_a_request_without_a_public_page_answers_404(client, pa_request):
    pa_request["en"].public_timeline = False
    pa_request["en"].save()
    with translation.override("en"):
        assert client.get(reverse("records:request", args=[pa_request["en"].pk])).status_code == 404
        assert client.get(reverse("records:request", args=[999999])).status_code == 404


def test_the_back_office_edits_a_request_with_its_timeline_and_lists_its_deadline(
    client, pa_request
):
    from django.contrib.auth.models import Group

    from vecinos.accounts.testing import sign_in_verified

    user = get_user_model().objects.create_user("records-admin", is_superuser=True)
    user.groups.add(Group.objects.get(name="admin"))
    sign_in_verified(client, user)
    english = pa_request["en"]
    edit = client.get(f"/admin/snippets/records/recordsrequest/edit/{english.pk}/")
    assert edit.status_code == 200
    assert "events-TOTAL_FORMS" in edit.content.decode()
    listing = client.get("/admin/snippets/records/recordsrequest/")
    assert listing.status_code == 200
    assert "Extended" in listing.content.decode()
    laws = client.get("/admin/snippets/records/transparencylaw/")
    assert "Right-to-Know Law (Pennsylvania)" in laws.content.decode()
