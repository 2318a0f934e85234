from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("setup/", views.setup, name="two-factor-setup"),
    path("backup-codes/", views.backup_codes, name="two-factor-backup-codes"),
    path("verify/", views.verify, name="two-factor-verify"),
    path("reset/<int:user_id>/", views.reset, name="two-factor-reset"),
]
