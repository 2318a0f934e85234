from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "vecinos.jobs"
    label = "jobs"
