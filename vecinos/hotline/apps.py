from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "vecinos.hotline"
    # The label the tables, migrations and permissions were created under; renaming it would
    # orphan the data of every existing installation.
    label = "rapidresponse"
    verbose_name = _("Hotline")

    def ready(self):
        # Text flows (the responders' 1/2 answers, REPORT/REPORTAR) and the voice menu's option
        # are registered with messaging when the app loads.
        from . import flows, services, voice  # noqa: F401
