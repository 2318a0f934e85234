from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RapidResponseConfig(AppConfig):
    name = "vecinos.rapidresponse"
    label = "rapidresponse"
    verbose_name = _("Rapid response")

    def ready(self):
        # Text flows (the responders' 1/2 answers, REPORT/REPORTAR) and the voice menu's option
        # are registered with messaging when the app loads.
        from . import flows, verification, voice  # noqa: F401
