from django.urls import path

from . import views

app_name = "fundraising_admin"

urlpatterns = [
    path("", views.CampaignListView.as_view(), name="index"),
    path("campaigns/<id:pk>/", views.CampaignDetailView.as_view(), name="campaign"),
    path("gifts/", views.GiftListView.as_view(), name="gifts"),
    path("gifts/new/", views.OfflineGiftView.as_view(), name="gift-add"),
    path("gifts/export.csv", views.export_gifts, name="gifts-csv"),
    path("gifts/<uuid:pk>/", views.GiftDetailView.as_view(), name="gift"),
]
