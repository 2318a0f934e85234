from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZonesConfig(AppConfig):
    name = "vecinos.zones"
    label = "zones"
    verbose_name = _("Zones")

    def ready(self):
        # The messaging and broadcasts registries are filled on import: the JOIN / UNIRME
        # conversation and the members' keywords, and the audiences of broadcasts.
        from . import segments, sms  # noqa: F401
