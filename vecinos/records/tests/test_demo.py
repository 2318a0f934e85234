from vecinos.records import demo
from vecinos.records.demo_documents import DOCUMENTS
from vecinos.records.models import Agency, ArchiveDocumentPage, ArchiveIndexPage, RecordsRequest


def test_demo_archive_has_real_pdfs_in_both_languages(client, homes):
    archives = demo.build(homes)

    assert Agency.objects.count() == 8
    assert RecordsRequest.objects.count() == 14
    assert ArchiveDocumentPage.objects.count() == 2 * len(DOCUMENTS) == 40
    for code, archive in archives.items():
        assert archive.locale.language_code == code
        assert archive.show_in_menus
        assert archive.get_parent().specific == homes[code]
    for page in ArchiveDocumentPage.objects.select_related("request", "locale"):
        assert page.extracted_text, page.title
        assert 1 <= page.page_count <= 3
        assert page.request.locale_id == page.locale_id
    assert ArchiveDocumentPage.objects.filter(document_language="es").count() == 2 * 3

    english = client.get(archives["en"].url, {"q": "Corvalis"})
    spanish = client.get(archives["es"].url, {"q": "auriculares"})
    assert [hit.document.title for hit in english.context["hits"]] == [
        "Contract with the records-system vendor, redacted"
    ]
    assert [hit.document.title for hit in spanish.context["hits"]] == [
        "Acta de la reunión comunitaria en el sur de Filadelfia"
    ]


def test_building_the_demo_twice_adds_nothing(homes):
    first = demo.build(homes)
    second = demo.build(homes)

    assert {code: page.pk for code, page in first.items()} == {
        code: page.pk for code, page in second.items()
    }
    assert ArchiveIndexPage.objects.count() == 2
    assert ArchiveDocumentPage.objects.count() == 40


def test_render_pdf_is_deterministic():
    blocks = [("h", "Heading"), ("p", "A paragraph."), ("table", [["a", "b"], ["1", "2"]])]

    assert demo.render_pdf("T", "A", blocks) == demo.render_pdf("T", "A", blocks)


def test_building_again_after_the_pages_were_deleted_reuses_agencies_and_requests(homes):
    archives = demo.build(homes)
    for archive in archives.values():
        archive.delete()

    demo.build(homes)

    assert Agency.objects.count() == 8
    assert RecordsRequest.objects.count() == 14
    assert ArchiveDocumentPage.objects.count() == 40


def test_demo_requests_have_timelines_and_open_deadlines(homes):
    import django.utils.timezone as tz

    demo.build(homes)
    today = tz.localdate()
    current = RecordsRequest.objects.get(
        locale__language_code="en", reference_number="2026-ICFO-00412"
    )
    assert current.status(today) == "acknowledged"
    assert current.next_deadline(today) > today
    cameras = RecordsRequest.objects.get(
        locale__language_code="es", reference_number="PPD-RTK-2026-1187"
    )
    # Nine business days without an answer under Pennsylvania's five: deemed denied, appeal ahead.
    assert cameras.status(today) == "deemed_denied"
    assert [d.kind for d in cameras.deadlines(today)] == ["response", "appeal"]
    assert cameras.deadlines(today)[1].open(today)
    closed = RecordsRequest.objects.get(
        locale__language_code="es", reference_number="PPD-RTK-2024-0217"
    )
    assert closed.status(today) == "closed"
    assert closed.public_timeline
