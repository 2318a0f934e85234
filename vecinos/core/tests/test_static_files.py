"""`make run` collects static files with hashed names; every file they point to must exist."""

from django.core.management import call_command


def test_collectstatic_with_hashed_names_finds_every_referenced_file(settings, tmp_path):
    # The manifest storage of production rewrites url() and sourceMappingURL references and
    # fails on any that points nowhere, which the test settings' plain storage never notices.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }

    call_command("collectstatic", interactive=False, verbosity=0)

    assert (tmp_path / "staticfiles.json").exists()
