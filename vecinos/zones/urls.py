from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "zones"

urlpatterns = [
    path(_("join/"), views.join, name="join"),
    path(_("join/confirm/"), views.confirm_code, name="confirm_code"),
    path(_("join/welcome/"), views.joined, name="joined"),
    path(_("confirm/<str:secret>/"), views.confirm_link, name="confirm_link"),
    path(_("manage/<str:secret>/"), views.manage, name="manage"),
    path(_("blocks/locate/"), views.locate, name="locate"),
    path(_("<slug:slug>/blocks.geojson"), views.zone_shapes, name="zone_shapes"),
]
