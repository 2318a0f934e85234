from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "vecinos.privacy"
    label = "privacy"

    def ready(self):
        from . import checks, crypto  # noqa: F401

        # Read the key once at start, so a misplaced or malformed key file stops the start.
        crypto.load_configured_key()
