"""Writes for the archive that go beyond saving a snippet or a page."""

import datetime
from functools import partial

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from modelsearch.tasks import insert_or_update_object_task

from vecinos.core.audit import log_action
from vecinos.messaging.services import queue_message
from vecinos.records.audit import AuditCode
from vecinos.records.models import Agency, ArchiveDocumentPage, RecordsRequest, RequestEvent


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


@transaction.atomic
def sync_request_translations(source: RecordsRequest, actor=None) -> int:
    """Copy a request's law, owner, public flag and timeline to its other translations.

    A request's steps and deadlines are facts about one filing, whatever the language of the
    page that shows them; the editor keeps them on whichever translation they open. Returns the
    number of translations updated.
    """
    others = RecordsRequest.objects.filter(translation_key=source.translation_key).exclude(
        pk=source.pk
    )
    steps = list(source.events.values("status", "on", "note"))
    count = 0
    for other in others:
        other.law_id = source.law_id
        other.owner_id = source.owner_id
        other.public_timeline = source.public_timeline
        other.date_filed = source.date_filed
        other.save(update_fields=["law", "owner", "public_timeline", "date_filed"])
        RequestEvent.objects.filter(request=other).delete()
        RequestEvent.objects.bulk_create(RequestEvent(request=other, **step) for step in steps)
        count += 1
    log_action(
        actor or "system",
        AuditCode.REQUEST_SYNCED,
        source,
        detail={"translations": count, "steps": len(steps)},
    )
    return count


def one_per_filing(queryset=None):
    """Each request once, whatever the number of its translations (the lowest id stands for it)."""
    queryset = RecordsRequest.objects.all() if queryset is None else queryset
    firsts = queryset.values("translation_key").annotate(first=models.Min("pk")).values("first")
    return RecordsRequest.objects.filter(pk__in=firsts)


def send_deadline_reminders(today: datetime.date | None = None) -> int:
    """E-mail each request's owner when one of its deadlines is `reminder_days` away or fewer.

    Each deadline is reminded once (the outbox refuses a second message with the same key), so
    a run missed one night is caught up the next. Returns the number of reminders queued.
    """
    today = today or timezone.localdate()
    queued = 0
    requests = (
        one_per_filing()
        .filter(owner__isnull=False, law__isnull=False)
        .exclude(owner__email="")
        .select_related("law", "owner", "agency")
        .prefetch_related("events")
    )
    for records_request in requests:
        if records_request.status(today) == "closed":
            continue
        for deadline in records_request.deadlines(today):
            days_left = (deadline.due - today).days
            if not deadline.open(today) or days_left > records_request.law.reminder_days:
                continue
            key = (
                f"records.deadline:{records_request.translation_key}:{deadline.kind}:{deadline.due}"
            )
            with transaction.atomic():
                message = queue_message(
                    channel="email",
                    to=records_request.owner.email,
                    language=settings.LANGUAGE_CODE,
                    template="records/deadline_reminder",
                    context={
                        "request_title": records_request.title,
                        "agency": str(records_request.agency),
                        "reference": records_request.reference_number,
                        "deadline": deadline,
                        "days_left": days_left,
                        "law": records_request.law.name,
                    },
                    purpose="records.reminder",
                    dedupe_key=key,
                )
                if message is not None:
                    log_action(
                        "system",
                        AuditCode.REMINDER_QUEUED,
                        records_request,
                        detail={"kind": deadline.kind, "days_left": days_left},
                    )
                    queued += 1
    return queued
