"""What the archive pages show. Wagtail serves the pages; these build their template context."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from vecinos.records.forms import MAX_QUERY_LENGTH, ArchiveSearchForm
from vecinos.records.models import ArchiveDocumentPage
from vecinos.records.search import Localizer, group_documents, search_documents, search_hits
from vecinos.records.text import highlight_snippet, search_terms

RESULTS_PER_PAGE = 10
EXCERPT_LENGTH = 1500


def archive_context(index_page, request) -> dict:
    # The requests and agencies in the archive's language, read once for the filters and the
    # results.
    localizer = Localizer(index_page.locale_id)
    form = ArchiveSearchForm(request.GET or None, localizer=localizer)
    if not form.has_criteria() or not form.is_valid():
        return {
            "form": form,
            "groups": group_documents(index_page, localizer),
            "searching": False,
        }

    terms = search_terms(form.cleaned_data["q"])
    # Words were typed but none of them can be searched for (only punctuation or symbols).
    no_usable_words = bool(form.cleaned_data["q"]) and not terms
    if no_usable_words:
        results = ArchiveDocumentPage.objects.none()
    else:
        results = search_documents(
            index_page,
            terms=terms,
            agency=form.cleaned_data["agency"],
            records_request=form.cleaned_data["request"],
        )
    results_page = page_of_results(results, request.GET.get("page"))
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return {
        "form": form,
        "searching": True,
        "terms": terms,
        "no_usable_words": no_usable_words,
        "results_page": results_page,
        "hits": search_hits(index_page, results_page.object_list, terms, localizer),
        "query_string": query_without_page.urlencode(),
    }


def page_of_results(results, number):
    """Return the page `number` of `results`.

    The first page is read before the count, and when it is not full it holds every result:
    most searches then run once instead of twice (once to count, once for the page).
    """
    if number not in (None, "", "1"):
        return Paginator(results, RESULTS_PER_PAGE).get_page(number)
    first = list(results[:RESULTS_PER_PAGE])
    if len(first) < RESULTS_PER_PAGE:
        return Paginator(first, RESULTS_PER_PAGE).get_page(1)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(1)
    page.object_list = first
    return page


def document_context(document_page, request) -> dict:
    text = document_page.extracted_text
    terms = search_terms(request.GET.get("q", "")[:MAX_QUERY_LENGTH])
    return {
        "records_request": document_page.localized_request,
        "agency": document_page.localized_agency,
        "excerpt": text[:EXCERPT_LENGTH],
        "excerpt_is_partial": len(text) > EXCERPT_LENGTH,
        "match": highlight_snippet(text, terms, folded=document_page.folded_text),
    }


def request_page(request, pk: int):
    """A records request's public page: its law, steps, deadlines and documents received.

    Only a request whose editors chose to publish it has one; any other id answers 404. The page
    shows the translation in the visitor's language when there is one.
    """
    from django.http import Http404
    from django.shortcuts import render
    from django.utils import timezone, translation
    from wagtail.models import Locale

    from vecinos.records.models import RecordsRequest, RequestStatus

    if pk > 2**31:
        raise Http404
    found = (
        RecordsRequest.objects.filter(pk=pk, public_timeline=True).select_related("agency").first()
    )
    if found is None:
        raise Http404
    locale = Locale.objects.filter(language_code=translation.get_language()).first()
    shown = found.in_locale(locale) if locale else found
    today = timezone.localdate()
    documents = (
        ArchiveDocumentPage.objects.live()
        .public()
        .filter(request__translation_key=found.translation_key)
        .filter(locale=locale or found.locale)
        .order_by("date_received", "title")
    )
    timeline = [{"on": shown.date_filed, "label": RequestStatus.FILED.label, "note": ""}]
    timeline += [
        {"on": event.on, "label": event.get_status_display(), "note": event.note}
        for event in shown.events.all()
        if event.status != RequestStatus.FILED
    ]
    timeline += [
        {"on": document.date_received, "label": _("Document received"), "document": document}
        for document in documents
    ]
    timeline.sort(key=lambda entry: entry["on"])
    return render(
        request,
        "records/request_page.html",
        {
            "records_request": shown,
            "agency": shown.agency_in_locale(shown.locale),
            "timeline": timeline,
            "deadlines": shown.deadlines(today),
            "status": shown.status_label(today),
            "documents": documents,
            "today": today,
        },
    )
