from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "vecinos.core"
    label = "core"

    def ready(self):
        from . import pagecache

        pagecache.connect_signals()
