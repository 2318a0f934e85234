"""Staff edit the archive in Wagtail's admin; the text is read from the PDF when they save."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from vecinos.accounts.testing import sign_in_verified
from vecinos.records.models import ArchiveDocumentPage
from vecinos.records.tests.factories import make_agency, make_pdf_document, make_request


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_superuser("records-admin", password="x" * 20)
    sign_in_verified(client, user)
    return client


def test_publishing_from_the_admin_reads_the_text_of_the_pdf(staff_client, archives):
    agency = make_agency(en="Police", es="Policía")
    request = make_request(agency, en="Detainers", es="Retenciones")
    document = make_pdf_document("A memo naming the Wissahickon precinct.", name="memo.pdf")
    add_url = reverse(
        "wagtailadmin_pages:add",
        args=["records", "archivedocumentpage", archives["en"].pk],
    )

    form = staff_client.get(add_url)
    response = staff_client.post(
        add_url,
        nested_form_data(
            {
                "title": "Precinct memo",
                "slug": "precinct-memo",
                "document": document.pk,
                "document_language": "en",
                "request": request["en"].pk,
                "date_received": "2024-05-01",
                "description": "",
                "comments": inline_formset([]),
                "action-publish": "publish",
            }
        ),
    )

    assert form.status_code == 200
    assert response.status_code == 302, response.context["form"].errors
    page = ArchiveDocumentPage.objects.get(slug="precinct-memo")
    assert page.live
    assert page.extracted_text == "A memo naming the Wissahickon precinct."
    assert page.page_count == 1
    edit = staff_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert edit.status_code == 200
    assert "A memo naming the Wissahickon precinct." in edit.text
    found = staff_client.get(archives["en"].url, {"q": "wissahickon"})
    assert [hit.document.title for hit in found.context["hits"]] == ["Precinct memo"]


def test_agencies_and_requests_are_listed_in_the_admin(staff_client, archives):
    agency = make_agency(en="Police", es="Policía")
    make_request(agency, en="Detainers", es="Retenciones")

    agencies = staff_client.get(reverse("wagtailsnippets_records_agency:list"))
    requests = staff_client.get(reverse("wagtailsnippets_records_recordsrequest:list"))

    assert agencies.status_code == 200
    assert "Police" in agencies.text
    assert requests.status_code == 200
    assert "Detainers" in requests.text
