from vecinos.records.services import reindex_archive_documents
from vecinos.records.tests.factories import (
    make_agency,
    make_document_pages,
    make_pdf_document,
    make_request,
)


def test_renaming_a_request_updates_the_search_of_its_documents(
    client, archives, django_capture_on_commit_callbacks
):
    agency = make_agency(en="Police", es="Policía")
    request = make_request(agency, en="Detainers", es="Retenciones")
    make_document_pages(archives, request, make_pdf_document("Text."), en="Memo", es="Memorando")
    request["es"].title = "Solicitudes de Tlaxcala"
    request["es"].save()

    with django_capture_on_commit_callbacks(execute=True):
        queued = reindex_archive_documents(request["es"])

    response = client.get("/es/documentos-publicos/", {"q": "tlaxcala"})
    assert queued == 2
    assert [hit.document.title for hit in response.context["hits"]] == ["Memorando"]


def test_renaming_an_agency_updates_the_search_of_its_documents(
    client, archives, django_capture_on_commit_callbacks
):
    agency = make_agency(en="Police", es="Policía")
    request = make_request(agency, en="Detainers", es="Retenciones")
    make_document_pages(archives, request, make_pdf_document("Text."), en="Memo", es=None)
    agency["en"].name = "Quetzal Bureau"
    agency["en"].save()

    with django_capture_on_commit_callbacks(execute=True):
        reindex_archive_documents(agency["en"])

    response = client.get("/en/public-records/", {"q": "quetzal"})
    assert [hit.document.title for hit in response.context["hits"]] == ["Memo"]
