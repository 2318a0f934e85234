from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "vecinos.trainings"
    label = "trainings"
    verbose_name = _("Workshops")

    def ready(self):
        # The text flows (TALLER/WORKSHOP and the answer to a reminder) and the broadcast
        # audiences are registries filled at start-up, not discovered modules.
        from . import flows, segments

        flows.register()
        segments.register()
