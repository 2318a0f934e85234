from django.urls import path
from django.utils.translation import gettext_lazy as _

from vecinos.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path(_("statistics/"), views.statistics, name="statistics"),
    path(_("what-we-hold/"), views.what_we_hold, name="what_we_hold"),
]
