"""Reads for the archive page: documents grouped by agency and request, and the search.

Both read the documents under one archive index, which is in one language: a visitor on the
Spanish archive sees and searches the Spanish pages only.
"""

from dataclasses import dataclass, field

from vecinos.core import pagecache
from vecinos.records.models import Agency, ArchiveDocumentPage, ArchiveIndexPage, RecordsRequest
from vecinos.records.text import highlight_snippet


def _requests_and_agencies(locale_id: int) -> tuple[dict, dict]:
    requests = {
        request.translation_key: request
        for request in RecordsRequest.objects.filter(locale_id=locale_id).select_related("agency")
    }
    agencies = {
        agency.translation_key: agency for agency in Agency.objects.filter(locale_id=locale_id)
    }
    return requests, agencies


class Localizer:
    """Show each request and agency in the archive's language.

    A translated document page may still point at the English request (Wagtail copies the
    foreign key as it is), so requests and agencies are matched by translation key. They are
    read in two queries once per process and language, until a change purges the page cache
    (requests, agencies and laws are snippets: saving one purges it); the rows are shared by
    every request, so nothing may change them.
    """

    def __init__(self, locale_id: int):
        self.locale_id = locale_id
        self.requests, self.agencies = pagecache.remember(
            ("records.localizer", locale_id), lambda: _requests_and_agencies(locale_id)
        )

    def request(self, document: ArchiveDocumentPage) -> RecordsRequest:
        return self.requests.get(document.request.translation_key, document.request)

    def agency(self, request: RecordsRequest) -> Agency:
        return self.agencies.get(request.agency.translation_key, request.agency)


@dataclass
class RequestGroup:
    request: RecordsRequest
    documents: list[ArchiveDocumentPage] = field(default_factory=list)


@dataclass
class AgencyGroup:
    agency: Agency
    requests: list[RequestGroup] = field(default_factory=list)

    @property
    def document_count(self) -> int:
        return sum(len(group.documents) for group in self.requests)


@dataclass
class SearchHit:
    document: ArchiveDocumentPage
    request: RecordsRequest
    agency: Agency
    snippet: str


def _private_sections():
    # Wagtail's public() reads the view restrictions on every call; a restriction's change
    # purges the page cache, so the condition is worked out once per process until then.
    return pagecache.remember(
        "records.private-sections", lambda: ArchiveDocumentPage.objects.all().private_q()
    )


def archive_documents(index_page: ArchiveIndexPage):
    """The published documents under one archive index, newest first."""
    return (
        ArchiveDocumentPage.objects.live()
        .exclude(_private_sections())
        .child_of(index_page)
        .filter(locale_id=index_page.locale_id)
        .select_related("request__agency", "document", "locale")
        .order_by("-date_received", "-pk")
    )


def group_documents(
    index_page: ArchiveIndexPage, localizer: Localizer | None = None
) -> list[AgencyGroup]:
    """Group the archive's documents by agency (by name), then request (newest filed first)."""
    localizer = localizer or Localizer(index_page.locale_id)
    agencies: dict[str, AgencyGroup] = {}
    requests: dict[str, RequestGroup] = {}
    # The listing shows no text from inside the files, which can run to megabytes each.
    for document in archive_documents(index_page).defer("extracted_text", "folded_text"):
        request = localizer.request(document)
        if request.translation_key not in requests:
            agency = localizer.agency(request)
            agency_group = agencies.setdefault(agency.translation_key, AgencyGroup(agency))
            requests[request.translation_key] = RequestGroup(request)
            agency_group.requests.append(requests[request.translation_key])
        requests[request.translation_key].documents.append(document)
    groups = sorted(agencies.values(), key=lambda group: group.agency.name.casefold())
    for group in groups:
        group.requests.sort(
            key=lambda item: (item.request.date_filed, item.request.pk), reverse=True
        )
    return groups


def search_documents(
    index_page: ArchiveIndexPage,
    *,
    terms: list[str],
    agency: Agency | None = None,
    records_request: RecordsRequest | None = None,
):
    """Find the archive's documents containing every term, in any field or inside the PDF.

    `terms` must come from text.search_terms(), which leaves only plain words; without terms
    the filtered documents are returned newest first. The result can be sliced and counted.
    """
    documents = archive_documents(index_page)
    if records_request is not None:
        documents = documents.filter(
            request__in=list(
                RecordsRequest.objects.filter(
                    translation_key=records_request.translation_key
                ).values_list("pk", flat=True)
            )
        )
    if agency is not None:
        documents = documents.filter(
            request__in=list(
                RecordsRequest.objects.filter(
                    agency__translation_key=agency.translation_key
                ).values_list("pk", flat=True)
            )
        )
    if not terms:
        return documents
    return documents.order_by().search(" ".join(terms), operator="and")


def search_hits(
    index_page: ArchiveIndexPage, documents, terms: list[str], localizer: Localizer | None = None
) -> list[SearchHit]:
    """Describe one page of results: request and agency in the archive's language, a snippet."""
    localizer = localizer or Localizer(index_page.locale_id)
    hits = []
    for document in documents:
        request = localizer.request(document)
        snippet = highlight_snippet(
            document.extracted_text, terms, folded=document.folded_text
        ) or highlight_snippet(document.description, terms)
        hits.append(SearchHit(document, request, localizer.agency(request), snippet))
    return hits
