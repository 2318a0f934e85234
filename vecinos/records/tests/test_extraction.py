import io
import logging

from vecinos.records.extraction import extract_pdf_text
from vecinos.records.tests.factories import (
    make_agency,
    make_document,
    make_document_pages,
    make_pdf_document,
    make_request,
)


def test_extract_pdf_text_reads_every_page(db):
    document = make_pdf_document(
        "The first page speaks of detainers.", "The second page names a sally port.", pages=2
    )
    with document.open_file() as file:
        extracted = extract_pdf_text(file, label="1")

    assert extracted.page_count == 2
    assert "The first page speaks of detainers." in extracted.text
    assert "The second page names a sally port." in extracted.text


def test_extract_pdf_text_keeps_spanish_accents(db):
    document = make_pdf_document("La detención se prolongó sin orden judicial.")
    with document.open_file() as file:
        extracted = extract_pdf_text(file)

    assert extracted.text == "La detención se prolongó sin orden judicial."


def test_saving_a_document_page_fills_text_and_page_count(archives):
    agency = make_agency(en="Police", es="Policía")
    request = make_request(agency, en="Detainers", es="Retenciones")
    document = make_pdf_document("A memo about quarterly reconciliation.", "Page two.", pages=2)

    pages = make_document_pages(archives, request, document, en="Memo", es="Memorando")

    for page in pages.values():
        page.refresh_from_db()
        assert page.extracted_text == "A memo about quarterly reconciliation.\n\nPage two."
        assert page.page_count == 2


def test_replacing_the_file_reads_the_new_text(archives):
    agency = make_agency(en="Police", es="Policía")
    request = make_request(agency, en="Detainers", es="Retenciones")
    pages = make_document_pages(
        archives, request, make_pdf_document("Old words."), en="Memo", es=None
    )
    page = pages["en"]

    page.document = make_pdf_document("New words entirely.", name="second.pdf")
    page.save()
    page.refresh_from_db()

    assert page.extracted_text == "New words entirely."


def test_a_file_that_is_not_a_pdf_gives_empty_text_and_a_log_without_its_name(archives, caplog):
    agency = make_agency(en="Police", es="Policía")
    request = make_request(agency, en="Detainers", es="Retenciones")
    document = make_document(b"name,phone\nMaria Lopez,215-555-0100\n", name="maria-lopez.pdf")

    with caplog.at_level(logging.WARNING, logger="vecinos.records"):
        pages = make_document_pages(archives, request, document, en="List", es=None)

    pages["en"].refresh_from_db()
    assert pages["en"].extracted_text == ""
    assert pages["en"].page_count is None
    assert caplog.messages
    logged = " ".join(caplog.messages)
    assert f"document {document.pk} is not a PDF" in logged
    assert "maria" not in logged.lower()
    assert "215" not in logged


def test_a_damaged_pdf_gives_empty_text_and_does_not_raise(caplog):
    damaged = io.BytesIO(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\ngarbage\x00\xff")

    with caplog.at_level(logging.WARNING, logger="vecinos.records"):
        extracted = extract_pdf_text(damaged, label="7")

    assert extracted.text == ""
    assert extracted.page_count is None
    assert "text extraction failed for document 7" in caplog.text


def test_a_truncated_real_pdf_gives_empty_or_partial_text_without_error(db):
    document = make_pdf_document("Words that may or may not survive the cut.")
    with document.open_file() as file:
        head = file.read()[:600]

    extracted = extract_pdf_text(io.BytesIO(head), label="8")

    assert extracted.text in ("", "Words that may or may not survive the cut.")
