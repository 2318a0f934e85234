from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from vecinos.core import pageroutes
from vecinos.core.views import favicon
from vecinos.privacy.floods import challenge_view

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    # A public form's proof of work during a flood, asked for by pages the cache answers.
    path("floods/<str:key>/challenge/", challenge_view, name="flood_challenge"),
    # Signing in with a passkey alone happens before there is a user, which the admin's own
    # URLs turn away.
    path("admin/passkey-sign-in/", include("vecinos.accounts.sign_in_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    # Provider webhooks: no language prefix, the URL is what the provider signs.
    path("hooks/", include("vecinos.messaging.urls")),
    path("hooks/hotline/voice/", include("vecinos.hotline.voice_urls")),
    path("hooks/stripe/", include("vecinos.fundraising.hook_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("vecinos.content.urls")),
    # Each language has its own paths (/es/linea-directa/); their Spanish is in locale/.
    path(_("records/"), include("vecinos.records.urls")),
    path(_("jobs/"), include("vecinos.jobs.urls")),
    path(_("zones/"), include("vecinos.zones.urls")),
    path(_("workshops/"), include("vecinos.workshops.urls")),
    path(_("hotline/"), include("vecinos.hotline.urls")),
    path(_("give/"), include("vecinos.fundraising.urls")),
    path(_("tips/"), include("vecinos.tips.urls")),
    # Coalition letters, petitions and events, and the public statistics: their paths are
    # translated in the apps themselves.
    path("", include("vecinos.coalition.urls")),
    path("", include("vecinos.knowledge.urls")),
    # Wagtail's pages, routed from memory (vecinos/core/pageroutes.py); Wagtail's own URLs
    # after it keep its password and login views.
    re_path(wagtail_urls.serve_pattern, pageroutes.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from vecinos.core.media import serve_media

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media)]
