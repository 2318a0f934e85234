from django.urls import path

from . import passkey_views, views

app_name = "accounts"

urlpatterns = [
    path("setup/", views.setup, name="two-factor-setup"),
    path("backup-codes/", views.backup_codes, name="two-factor-backup-codes"),
    path("verify/", views.verify, name="two-factor-verify"),
    path("reset/<id:user_id>/", views.reset, name="two-factor-reset"),
    path("passkeys/", passkey_views.manage, name="passkeys"),
    path("passkeys/new/options/", passkey_views.register_options, name="passkey-register-options"),
    path("passkeys/new/", passkey_views.register, name="passkey-register"),
    path("passkeys/<id:passkey_id>/rename/", passkey_views.rename, name="passkey-rename"),
    path("passkeys/<id:passkey_id>/remove/", passkey_views.remove, name="passkey-remove"),
    path("passkey/options/", passkey_views.verify_options, name="passkey-verify-options"),
    path("passkey/", passkey_views.verify, name="passkey-verify"),
]
