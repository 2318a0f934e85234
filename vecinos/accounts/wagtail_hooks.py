from django.urls import include, path
from wagtail import hooks

from . import urls


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [path("two-factor/", include(urls, namespace="accounts"))]
