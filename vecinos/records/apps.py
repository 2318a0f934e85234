from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "vecinos.records"
    label = "records"
