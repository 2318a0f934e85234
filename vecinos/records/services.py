"""Writes for the archive that go beyond saving a snippet or a page."""

from functools import partial

from django.db import transaction
from modelsearch.tasks import insert_or_update_object_task

from vecinos.records.models import Agency, ArchiveDocumentPage, RecordsRequest


def reindex_archive_documents(source: Agency | RecordsRequest) -> int:
    """Queue a search-index update for every document filed under this agency or request.

    A document is indexed with its request's title and its agency's name, which the search
    backend does not follow on its own when the request or agency is renamed. Returns the
    number of documents queued.
    """
    if isinstance(source, Agency):
        requests = RecordsRequest.objects.filter(agency__translation_key=source.translation_key)
    else:
        requests = RecordsRequest.objects.filter(translation_key=source.translation_key)
    document_ids = list(
        ArchiveDocumentPage.objects.filter(request__in=requests).values_list("pk", flat=True)
    )
    for pk in document_ids:
        transaction.on_commit(
            partial(insert_or_update_object_task.enqueue, "records", "archivedocumentpage", str(pk))
        )
    return len(document_ids)
