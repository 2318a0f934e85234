from django.urls import path

from . import views

app_name = "fundraising"

urlpatterns = [
    path("", views.donate, name="donate"),
    path("<id:page_id>/", views.give, name="give"),
    path("<id:page_id>/thanks/", views.thanks, name="thanks"),
    path("<id:page_id>/progress/", views.progress, name="progress"),
    path("checkout/<str:session_id>/", views.dev_checkout, name="dev-checkout"),
    path("monthly/<str:secret>/", views.monthly, name="monthly"),
]
