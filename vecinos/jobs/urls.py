from django.urls import path
from django.utils.translation import gettext_lazy as _

from vecinos.jobs import views

app_name = "jobs"

urlpatterns = [
    path(_("<id:page_id>/apply/"), views.apply, name="application-create"),
    path(_("<id:page_id>/thanks/"), views.applied, name="application-thanks"),
]
