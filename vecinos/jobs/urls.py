from django.urls import path

from vecinos.jobs import views

app_name = "jobs"

urlpatterns = [
    path("<id:page_id>/apply/", views.apply, name="application-create"),
    path("<id:page_id>/thanks/", views.applied, name="application-thanks"),
]
