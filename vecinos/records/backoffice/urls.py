from django.urls import path

from . import views

app_name = "records_admin"

urlpatterns = [
    path("requests.csv", views.requests_csv, name="requests-csv"),
]
