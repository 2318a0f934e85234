from django.urls import path

from . import views

app_name = "hotline"

urlpatterns = [
    path("", views.report, name="report"),
    path("thanks/", views.thanks, name="report-thanks"),
    path("blocks.geojson", views.blocks_geojson, name="blocks"),
]
