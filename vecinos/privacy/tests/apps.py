from django.apps import AppConfig


class PrivacyTestsConfig(AppConfig):
    """Models that exist only in the test settings, to exercise encrypted fields on real tables.

    They are an app with a migration, not tables made by a fixture, so that every test
    database has them from the start: a database serialized for a browser test's rollback
    reads every migrated model's table.
    """

    name = "vecinos.privacy.tests"
    label = "privacy_tests"
