from django.urls import path

from . import coverage, members, setup

app_name = "zones_admin"

urlpatterns = [
    path("", coverage.ZoneIndexView.as_view(), name="index"),
    path("coverage.csv", coverage.zones_csv, name="zones-csv"),
    path("<id:pk>/", coverage.ZoneCoverageView.as_view(), name="zone"),
    path("<id:pk>/blocks.geojson", coverage.zone_geojson, name="zone-geojson"),
    path("<id:pk>/coverage.csv", coverage.zone_csv, name="zone-csv"),
    path("<id:pk>/snapshot/", coverage.snapshot_now, name="zone-snapshot"),
    path("blocks/<id:pk>/", coverage.BlockView.as_view(), name="block"),
    path("blocks/<id:pk>/edit/", setup.BlockEditView.as_view(), name="block-edit"),
    path("members/", members.MemberListView.as_view(), name="members"),
    path("members/new/", members.MemberAddView.as_view(), name="member-add"),
    path("members/<uuid:pk>/", members.MemberDetailView.as_view(), name="member"),
    path("members/<uuid:pk>/reveal/", members.reveal, name="member-reveal"),
    path("members/<uuid:pk>/edit/", members.MemberEditView.as_view(), name="member-edit"),
    path("import/", setup.ShapesUploadView.as_view(), name="import"),
    path("import/choose/", setup.ShapesImportView.as_view(), name="import-choose"),
    path("consent/", setup.ConsentTextListView.as_view(), name="consent"),
    path("consent/new/", setup.ConsentTextCreateView.as_view(), name="consent-new"),
]
