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
