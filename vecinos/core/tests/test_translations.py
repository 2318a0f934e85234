import polib
import pytest

from vecinos.core.management.commands.compiletranslations import project_catalogues


def test_there_is_a_spanish_catalogue():
    assert any(path.parts[-3] == "es" for path in project_catalogues())


@pytest.mark.parametrize("po_path", project_catalogues(), ids=lambda p: "/".join(p.parts[-6:]))
def test_catalogue_has_no_untranslated_or_fuzzy_message(po_path):
    catalogue = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
