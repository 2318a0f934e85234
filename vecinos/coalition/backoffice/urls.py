from django.urls import path

from . import views

app_name = "coalition_admin"

urlpatterns = [
    path("", views.LetterListView.as_view(), name="index"),
    path("letters/<id:pk>/", views.LetterQueueView.as_view(), name="letter"),
    path("letters/<id:pk>/signatures/<uuid:signature>/", views.decide, name="decide"),
    path("letters/<id:pk>/delivered/", views.delivered, name="delivered"),
    path("letters/<id:pk>/letter.pdf", views.letter_pdf, name="letter-pdf"),
]

urlpatterns += [
    path("petitions/<id:pk>/", views.PetitionView.as_view(), name="petition"),
    path(
        "petitions/<id:pk>/signatures/<uuid:signature>/",
        views.petition_decide,
        name="petition-decide",
    ),
    path("petitions/<id:pk>/announce/", views.announce, name="petition-announce"),
    path("petitions/<id:pk>/signatures.csv", views.petition_csv, name="petition-csv"),
    path("petitions/<id:pk>/petition.pdf", views.petition_pdf, name="petition-pdf"),
]

urlpatterns += [
    path("events/<id:pk>/", views.EventView.as_view(), name="event"),
    path("events/<id:pk>/count/", views.head_count, name="event-count"),
    path("events/<id:pk>/invite/", views.invite, name="event-invite"),
    path(
        "events/<id:pk>/invitations/<id:invitation>/",
        views.invitation_decide,
        name="invitation-decide",
    ),
]
