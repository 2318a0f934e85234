from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from vecinos.records.models import Agency, RecordsRequest, TransparencyLaw
from vecinos.records.services import reindex_archive_documents, sync_request_translations


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "site"
    list_display = ["name", "abbreviation", "jurisdiction"]
    search_fields = ["name", "abbreviation"]


class RecordsRequestViewSet(SnippetViewSet):
    model = RecordsRequest
    icon = "doc-full"
    list_display = ["title", "agency", "date_filed", "law", "status_label", "next_deadline"]
    list_filter = ["law", "agency"]
    search_fields = ["title", "reference_number"]


class TransparencyLawViewSet(SnippetViewSet):
    model = TransparencyLaw
    icon = "date"
    menu_label = _("Records laws")
    list_display = ["name", "citation", "response_days", "appeal_days"]


class PublicRecordsGroup(SnippetViewSetGroup):
    menu_label = _("Public records")
    menu_icon = "folder-open-inverse"
    items = (AgencyViewSet, RecordsRequestViewSet, TransparencyLawViewSet)


register_snippet(PublicRecordsGroup)


@hooks.register("after_edit_snippet")
def reindex_documents_after_rename(request, instance):
    if isinstance(instance, Agency | RecordsRequest):
        reindex_archive_documents(instance)
    if isinstance(instance, RecordsRequest):
        sync_request_translations(instance, actor=request.user)


@hooks.register("after_create_snippet")
def sync_new_translation(request, instance):
    # A new translation takes the timeline of the first row of its request, never the reverse.
    if isinstance(instance, RecordsRequest):
        source = (
            RecordsRequest.objects.filter(translation_key=instance.translation_key)
            .order_by("pk")
            .first()
        )
        sync_request_translations(source, actor=request.user)


@hooks.register("construct_homepage_panels")
def add_records_panel(request, panels):
    from vecinos.records.dashboard import add_panels

    add_panels(request, panels)


@hooks.register("register_admin_urls")
def register_records_urls():
    from django.urls import include, path

    from vecinos.records.backoffice import urls

    return [path("records/", include(urls, namespace="records_admin"))]
