from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "hotline"

urlpatterns = [
    path("", views.report, name="report"),
    path(_("thanks/"), views.thanks, name="report-thanks"),
    path(_("blocks.geojson"), views.blocks_geojson, name="blocks"),
]
