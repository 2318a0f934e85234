from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "vecinos.content"
    label = "content"
