from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "vecinos.core"
    label = "core"

    def ready(self):
        from django.urls import register_converter

        from . import pagecache
        from .converters import DatabaseIdConverter

        register_converter(DatabaseIdConverter, "id")

        pagecache.connect_signals()
