from django.urls import path

from . import views

app_name = "zones"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/confirm/", views.confirm_code, name="confirm_code"),
    path("join/welcome/", views.joined, name="joined"),
    path("confirm/<str:secret>/", views.confirm_link, name="confirm_link"),
    path("manage/<str:secret>/", views.manage, name="manage"),
    path("blocks/locate/", views.locate, name="locate"),
    path("<slug:slug>/blocks.geojson", views.zone_shapes, name="zone_shapes"),
]
