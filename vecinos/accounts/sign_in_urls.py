"""Sign-in with a passkey alone, outside the admin's URLs, which are closed to anonymous users.

Mounted in config/urls.py before the Wagtail admin.
"""

from django.urls import path

from . import passkey_views

app_name = "accounts_sign_in"

urlpatterns = [
    path("options/", passkey_views.sign_in_options, name="passkey-options"),
    path("", passkey_views.sign_in, name="passkey"),
]
