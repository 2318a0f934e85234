from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "workshops"

urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("<id:pk>/", views.workshop_detail, name="detail"),
    path(_("<id:pk>/registered/"), views.registered, name="registered"),
    path(_("<id:pk>/calendar.ics"), views.workshop_ics, name="ics"),
    path("t/<str:token>/", views.ticket, name="ticket"),
    path(_("t/<str:token>/cancel/"), views.cancel_ticket, name="ticket-cancel"),
    path(_("rights-card.pdf"), views.rights_card, name="rights-card"),
]
