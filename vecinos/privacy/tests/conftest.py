import pytest
from django.db import connection

from vecinos.privacy import crypto

from .models import Neighbour, Tally


@pytest.fixture(scope="session", autouse=True)
def privacy_test_tables(django_db_setup, django_db_blocker):
    # The test models have no migration: their tables are made once for the session.
    with django_db_blocker.unblock():
        existing = connection.introspection.table_names()
        with connection.schema_editor() as editor:
            for model in (Neighbour, Tally):
                if model._meta.db_table not in existing:
                    editor.create_model(model)


@pytest.fixture(autouse=True)
def fresh_keyring(settings, tmp_path):
    key_file = tmp_path.parent / f"{tmp_path.name}-key" / "vecinos.key"
    key_file.parent.mkdir()
    key_file.write_bytes(crypto.new_key())
    settings.VECINOS_KEY_FILE = str(key_file)
    settings.DATA_DIR = tmp_path / "data"
    crypto.reload_configured_key()
    yield key_file
    crypto.forget_keys()
