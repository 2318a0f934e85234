from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZonesConfig(AppConfig):
    name = "vecinos.zones"
    label = "zones"
    verbose_name = _("Zones")

    def ready(self) -> None:
        # Connects the signals that drop the in-memory block index when a block or zone
        # changes, in every process (the one editing blocks may never look one up).
        from . import geo  # noqa: F401
