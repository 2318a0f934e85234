from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "fundraising"

urlpatterns = [
    path("", views.donate, name="donate"),
    path("<id:page_id>/", views.give, name="give"),
    path(_("<id:page_id>/thanks/"), views.thanks, name="thanks"),
    path(_("<id:page_id>/progress/"), views.progress, name="progress"),
    path(_("checkout/<str:session_id>/"), views.dev_checkout, name="dev-checkout"),
    path(_("monthly/<str:secret>/"), views.monthly, name="monthly"),
]
