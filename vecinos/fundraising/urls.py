from django.urls import path

from . import views

app_name = "fundraising"

urlpatterns = [
    path("<int:page_id>/", views.give, name="give"),
    path("<int:page_id>/thanks/", views.thanks, name="thanks"),
    path("<int:page_id>/progress/", views.progress, name="progress"),
    path("checkout/<str:session_id>/", views.dev_checkout, name="dev-checkout"),
    path("monthly/<str:secret>/", views.monthly, name="monthly"),
]
