from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from vecinos.records.models import Agency, RecordsRequest
from vecinos.records.services import reindex_archive_documents


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "site"
    list_display = ["name", "abbreviation", "jurisdiction"]
    search_fields = ["name", "abbreviation"]


class RecordsRequestViewSet(SnippetViewSet):
    model = RecordsRequest
    icon = "doc-full"
    list_display = ["title", "agency", "date_filed", "law"]
    list_filter = ["law", "agency"]
    search_fields = ["title", "reference_number"]


class PublicRecordsGroup(SnippetViewSetGroup):
    menu_label = _("Public records")
    menu_icon = "folder-open-inverse"
    items = (AgencyViewSet, RecordsRequestViewSet)


register_snippet(PublicRecordsGroup)


@hooks.register("after_edit_snippet")
def reindex_documents_after_rename(request, instance):
    if isinstance(instance, Agency | RecordsRequest):
        reindex_archive_documents(instance)
