from django.urls import path
from django.utils.translation import gettext_lazy as _

from vecinos.records import views

app_name = "records"

urlpatterns: list = [
    path(_("requests/<int:pk>/"), views.request_page, name="request"),
]
