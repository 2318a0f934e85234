from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("<id:pk>/", views.workshop_detail, name="detail"),
    path("<id:pk>/registered/", views.registered, name="registered"),
    path("<id:pk>/calendar.ics", views.workshop_ics, name="ics"),
    path("t/<str:token>/", views.ticket, name="ticket"),
    path("t/<str:token>/cancel/", views.cancel_ticket, name="ticket-cancel"),
    path("rights-card.pdf", views.rights_card, name="rights-card"),
]
