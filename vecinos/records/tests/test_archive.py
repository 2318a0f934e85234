from unittest import mock

import pytest
from django.utils import translation
from wagtail.models import PageViewRestriction

from vecinos.records import text
from vecinos.records.models import ArchiveDocumentPage
from vecinos.records.search import group_documents
from vecinos.records.tests.factories import (
    make_agency,
    make_document_pages,
    make_pdf_document,
    make_request,
)
from vecinos.records.text import fold

HOSTILE_QUERIES = [
    '"AND OR*(',
    '"',
    "*",
    "NEAR(a b)",
    "title:corvalis",
    "a OR b NOT c",
    "{title body} : x",
    "^corvalis",
    "'; DROP TABLE wagtailcore_page; --",
    "1' OR '1'='1",
    "%",
    "_",
    "\\",
    "x" * 10_000,
    "corvalis " * 1500,
    "\u0000corvalis",
    "Z̸̢̛̙͎a̴̡͕l̵̢̰g̷o̶",
    "🙂🙃🤖",
    "ﬁ ｆｕｌｌｗｉｄｔｈ",
    "&lt;mark&gt;",
    "<script>alert(1)</script>",
    "‮corvalis",
    "!:&|<->",
    "-corvalis",
    "corvalis:*",
]


@pytest.fixture
def archive_with_documents(archives):
    police = make_agency(en="Philadelphia Police Department", es="Policía de Filadelfia")
    ice = make_agency(en="ICE Philadelphia Field Office", es="ICE Oficina de Filadelfia")
    detainers = make_request(
        police, en="Detainer policy", es="Política de retención", filed="2024-03-04"
    )
    database = make_request(
        police, en="Arrest database", es="Base de datos de arrestos", filed="2024-05-20"
    )
    arrests = make_request(ice, en="At-large arrests", es="Arrestos en la comunidad")
    pages = {
        "contract": make_document_pages(
            archives,
            database,
            make_pdf_document("Agreement with Corvalis Data Systems for hosting the records."),
            en="Vendor contract",
            es="Contrato con el proveedor",
            received="2024-07-01",
            description="The hosting contract.",
        ),
        "audit": make_document_pages(
            archives,
            database,
            make_pdf_document("Nine accounts were suspended after the audit."),
            en="Account audit",
            es="Auditoría de cuentas",
            received="2024-07-22",
        ),
        "directive": make_document_pages(
            archives,
            detainers,
            make_pdf_document("No person shall be held on a detainer without a warrant."),
            en="Detainer directive",
            es="Directiva de retención",
            received="2024-04-15",
        ),
        "minutes": make_document_pages(
            archives,
            arrests,
            make_pdf_document("Se ofreció interpretación simultánea con auriculares."),
            en="Community meeting minutes",
            es="Acta de la reunión",
            received="2024-09-23",
            document_language="es",
        ),
        "english_only": make_document_pages(
            archives,
            arrests,
            make_pdf_document("A briefing about the staging location at dawn."),
            en="Operation briefing",
            es=None,
        ),
    }
    return pages


def get_archive(client, language, **params):
    path = "/en/public-records/" if language == "en" else "/es/documentos-publicos/"
    return client.get(path, params)


def result_titles(response):
    return [hit.document.title for hit in response.context["hits"]]


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Vendor contract"), ("es", "Contrato con el proveedor")],
)
def test_a_word_found_only_inside_the_pdf_finds_the_document(
    client, archive_with_documents, language, title
):
    response = get_archive(client, language, q="corvalis")

    assert response.status_code == 200
    assert result_titles(response) == [title]
    assert (
        "Agreement with <mark>Corvalis</mark> Data Systems for hosting the records."
        in response.text
    )


def test_spanish_words_are_found_with_or_without_accents(client, archive_with_documents):
    for query in ["simultánea", "simultanea", "SIMULTÁNEA"]:
        response = get_archive(client, "es", q=query)
        assert result_titles(response) == ["Acta de la reunión"], query
        assert "<mark>simultánea</mark>" in response.text


def test_a_search_folds_the_query_but_never_a_document_text(client, archive_with_documents):
    # The text is folded when the page is saved; a search folds only what the visitor typed.
    minutes = archive_with_documents["minutes"]["es"]
    minutes.refresh_from_db()
    assert minutes.folded_text == fold(minutes.extracted_text)
    assert "simultanea" in minutes.folded_text
    folded = []
    with mock.patch.object(
        text, "fold", side_effect=lambda value: folded.append(value) or fold(value)
    ):
        snippets = {}
        for query in ["interpretación simultánea", "interpretacion SIMULTANEA", "Simultánea"]:
            response = get_archive(client, "es", q=query)
            assert result_titles(response) == ["Acta de la reunión"], query
            snippets[query] = response.context["hits"][0].snippet
    assert set(folded) == {"interpretación simultánea", "interpretacion SIMULTANEA", "Simultánea"}
    assert snippets["interpretación simultánea"] == snippets["interpretacion SIMULTANEA"]
    assert (
        "<mark>interpretación</mark> <mark>simultánea</mark>"
        in snippets["interpretacion SIMULTANEA"]
    )
    assert "<mark>simultánea</mark>" in snippets["Simultánea"]


def test_the_folded_text_follows_a_new_file(archive_with_documents):
    page = archive_with_documents["directive"]["en"]
    page.document = make_pdf_document("La detención ocurrió en la Peña.")
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.folded_text == "la detencion ocurrio en la pena."


def test_all_words_must_match(client, archive_with_documents):
    assert result_titles(get_archive(client, "en", q="accounts suspended")) == ["Account audit"]
    assert result_titles(get_archive(client, "en", q="accounts corvalis")) == []


def test_titles_descriptions_request_and_agency_names_are_searched(client, archive_with_documents):
    assert result_titles(get_archive(client, "en", q="vendor")) == ["Vendor contract"]
    assert result_titles(get_archive(client, "en", q="hosting contract")) == ["Vendor contract"]
    assert sorted(result_titles(get_archive(client, "es", q="arrestos"))) == [
        "Acta de la reunión",
        "Auditoría de cuentas",
        "Contrato con el proveedor",
    ]
    assert sorted(result_titles(get_archive(client, "en", q="ICE"))) == [
        "Community meeting minutes",
        "Operation briefing",
    ]


def test_search_stays_in_the_language_of_the_archive(client, archive_with_documents):
    english = get_archive(client, "en", q="staging")
    spanish = get_archive(client, "es", q="staging")

    assert result_titles(english) == ["Operation briefing"]
    assert result_titles(spanish) == []
    spanish_all = get_archive(client, "es", q="the")
    assert all(hit.document.locale.language_code == "es" for hit in spanish_all.context["hits"])


def test_results_show_request_and_agency_in_the_archive_language(client, archive_with_documents):
    response = get_archive(client, "es", q="corvalis")

    hit = response.context["hits"][0]
    assert hit.request.title == "Base de datos de arrestos"
    assert hit.agency.name == "Policía de Filadelfia"
    assert "Base de datos de arrestos · Policía de Filadelfia" in response.text
    url = archive_with_documents["contract"]["es"].url
    assert url.startswith("/es/documentos-publicos/")
    assert f'href="{url}?q=corvalis"' in response.text


def test_a_translation_pointing_at_the_english_request_is_shown_in_spanish(
    client, archive_with_documents
):
    spanish = archive_with_documents["contract"]["es"]
    spanish.request = archive_with_documents["contract"]["en"].request
    spanish.save()

    response = get_archive(client, "es", q="corvalis")

    assert response.context["hits"][0].request.title == "Base de datos de arrestos"


def test_the_archive_groups_documents_by_agency_and_request_newest_first(
    archives, archive_with_documents
):
    with translation.override("es"):
        groups = group_documents(archives["es"])

    assert [
        (
            group.agency.name,
            [
                (item.request.title, [document.title for document in item.documents])
                for item in group.requests
            ],
        )
        for group in groups
    ] == [
        ("ICE Oficina de Filadelfia", [("Arrestos en la comunidad", ["Acta de la reunión"])]),
        (
            "Policía de Filadelfia",
            [
                (
                    "Base de datos de arrestos",
                    ["Auditoría de cuentas", "Contrato con el proveedor"],
                ),
                ("Política de retención", ["Directiva de retención"]),
            ],
        ),
    ]


def test_the_archive_page_lists_every_document_without_a_search(client, archive_with_documents):
    response = get_archive(client, "en")

    assert response.status_code == 200
    assert response.context["searching"] is False
    for title in ["Vendor contract", "Account audit", "Detainer directive", "Operation briefing"]:
        assert title in response.text


def test_filter_by_agency_and_by_request(client, archive_with_documents):
    database = archive_with_documents["audit"]["es"].request
    police = database.agency

    by_agency = get_archive(client, "es", agency=police.pk)
    by_request = get_archive(client, "es", request=database.pk)
    with_words = get_archive(client, "es", request=database.pk, q="auditoría")

    assert sorted(result_titles(by_agency)) == [
        "Auditoría de cuentas",
        "Contrato con el proveedor",
        "Directiva de retención",
    ]
    assert result_titles(by_request) == ["Auditoría de cuentas", "Contrato con el proveedor"]
    assert result_titles(with_words) == ["Auditoría de cuentas"]


def test_a_filter_from_the_other_language_is_refused_with_a_message(client, archive_with_documents):
    english_agency = archive_with_documents["audit"]["en"].request.agency

    response = get_archive(client, "es", agency=english_agency.pk)

    assert response.status_code == 200
    assert response.context["form"].errors["agency"]
    assert response.context["searching"] is False


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
@pytest.mark.parametrize("language", ["en", "es"])
def test_hostile_queries_never_cause_a_server_error(
    client, archive_with_documents, language, query
):
    response = get_archive(client, language, q=query, page="2", agency="1;DROP")

    assert response.status_code == 200
    response = get_archive(client, language, q=query)
    assert response.status_code == 200
    assert "<script>alert" not in response.text


@pytest.mark.parametrize("raw", ["%ff%fe", "%ed%a0%80", "%c0%80corvalis", "%00", "q=%22%27"])
def test_undecodable_bytes_in_the_query_string_are_harmless(client, archive_with_documents, raw):
    response = client.get(f"/es/documentos-publicos/?q={raw}&agency=%ff")

    assert response.status_code == 200


def test_a_very_long_query_gets_a_message(client, archive_with_documents):
    response = get_archive(client, "en", q="x" * 10_000)

    assert response.context["form"].errors["q"]
    assert "at most 200 characters" in response.text


def test_a_query_with_no_words_finds_nothing_and_says_why(client, archive_with_documents):
    response = get_archive(client, "en", q="*** ()")
    assert response.context["no_usable_words"] is True
    assert result_titles(response) == []
    assert "Your search has no words we can look for." in response.text


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999999999999999999999", "2.5", ""])
def test_bad_page_numbers_show_a_page_of_results(client, archive_with_documents, page):
    response = get_archive(client, "en", q="the", page=page)

    assert response.status_code == 200


def test_results_are_paginated(client, archives):
    agency = make_agency(en="Police", es="Policía")
    request = make_request(agency, en="Logs", es="Registros")
    document = make_pdf_document("Monthly log of detainers received.")
    for number in range(12):
        make_document_pages(
            archives, request, document, en=f"Log {number}", es=None, slug=f"log-{number}"
        )

    first = get_archive(client, "en", q="detainers")
    second = get_archive(client, "en", q="detainers", page=2)

    assert len(first.context["hits"]) == 10
    assert len(second.context["hits"]) == 2
    assert first.context["results_page"].paginator.count == 12
    assert 'href="?q=detainers&amp;page=2"' in first.text
    titles = set(result_titles(first)) | set(result_titles(second))
    assert titles == {f"Log {number}" for number in range(12)}


def test_unpublished_documents_are_not_found(client, archive_with_documents):
    page = archive_with_documents["contract"]["en"]
    page.unpublish()

    assert result_titles(get_archive(client, "en", q="corvalis")) == []
    assert ArchiveDocumentPage.objects.filter(pk=page.pk).exists()


def test_documents_behind_a_password_are_neither_listed_nor_found(client, archive_with_documents):
    page = archive_with_documents["contract"]["en"]
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-words"
    )

    assert result_titles(get_archive(client, "en", q="corvalis")) == []
    assert "Vendor contract" not in get_archive(client, "en").text


def test_a_restriction_or_a_renamed_agency_shows_at_once_after_the_archive_was_read(
    client, archive_with_documents
):
    # The agencies, requests and private sections are kept per process until a purge.
    page = archive_with_documents["contract"]["en"]
    assert "Vendor contract" in get_archive(client, "en").text
    assert result_titles(get_archive(client, "en", q="corvalis")) != []
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-words"
    )
    assert result_titles(get_archive(client, "en", q="corvalis")) == []
    assert "Vendor contract" not in get_archive(client, "en").text

    agency = page.localized_agency
    agency.name = "Renamed Agency of Records"
    agency.save()
    assert "Renamed Agency of Records" in get_archive(client, "en").text


def test_document_page_shows_metadata_text_and_a_link_to_the_pdf(client, archive_with_documents):
    page = archive_with_documents["minutes"]["en"]

    response = client.get(page.url, {"q": "auriculares"})

    assert response.status_code == 200
    assert f'href="{page.document.url}"' in response.text
    assert "Open the document (PDF," in response.text
    assert "The document itself is in Spanish." in response.text
    assert "ICE Philadelphia Field Office" in response.text
    assert "At-large arrests" in response.text
    assert "simultánea con <mark>auriculares</mark>." in response.text
    pdf = client.get(page.document.url)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


def test_spanish_document_page_speaks_spanish(client, archive_with_documents):
    page = archive_with_documents["contract"]["es"]

    response = client.get(page.url)

    assert "El documento está en inglés." in response.text
    assert "Abrir el documento (PDF," in response.text
    assert "Policía de Filadelfia" in response.text
