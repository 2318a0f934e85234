"""Spanish speaks to people as *usted*, everywhere, and calls the programme one name.

Scans every Spanish catalogue, every template and the demo's Spanish texts for the forms of
*tú* that have no *usted* reading ("vives", "puedes", "tu cuadra", "envía tu"...), so that a
new string written in *tú* fails here instead of reaching a member.
"""

import re
from pathlib import Path

import polib
import pytest

from vecinos.core.management.commands.compiletranslations import project_catalogues

ROOT = Path(__file__).resolve().parents[3]

# Only forms that cannot be usted: the possessive and pronouns of tú, verbs in the second
# person, and tú imperatives with a pronoun attached. ("Guarda", "cuenta" or "abre" are also
# third person, so they are left to review.)
TU_FORMS = re.compile(
    r"\b("
    r"tu|tus|te|ti|contigo|tuy[oa]s?|"
    r"puedes|vives|tienes|quieres|eres|estás|necesitas|sabes|prefieres|hablas|recibirás|"
    r"podrás|tendrás|debes|aceptas|elegiste|enviaste|escribiste|pediste|perdiste|fuiste|"
    r"saliste|uniste|confirmaste|revelaste|quieras|puedas|tengas|confirmes|escribas|envíes|"
    r"únete|cuéntanos|inscríbete|regístrate|postúlate|escríbenos|avísanos|dinos|"
    r"unirte|salirte|postularte|inscribirte|contactarte|"
    r"envía tu|escribe tu|elige tu|revisa tu|conoce tus"
    r")\b",
    re.IGNORECASE,
)
PROGRAMME = "Conozca sus derechos"
OTHER_NAMES = re.compile(r"[Cc]onoce [Tt]us [Dd]erechos|Conozca Sus Derechos|Conozca sus Derechos")


def _spanish_catalogue_texts():
    for path in project_catalogues():
        if path.parts[-3] != "es":
            continue
        for entry in polib.pofile(str(path)):
            for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                if text:
                    yield f"{path.relative_to(ROOT)}: {entry.msgid[:50]!r}", text


def _spanish_source_texts():
    """Spanish written directly in templates and demo data (string literals with accents or
    Spanish words), outside the catalogues."""
    files = list((ROOT / "vecinos").glob("**/templates/**/*.txt"))
    files += list((ROOT / "vecinos").glob("**/templates/**/*.html"))
    files += list((ROOT / "vecinos").glob("*/demo*.py"))
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"[áéíóúñ¿¡]", line):
                yield f"{path.relative_to(ROOT)}:{number}", line


def test_the_scan_catches_the_forms_it_is_for():
    for tu in ["¿En qué barrio vives?", "Envía tu nombre", "Revisa tus datos", "Puedes volver"]:
        assert TU_FORMS.search(tu), tu
    for usted in ["¿En qué barrio vive?", "Envíe su nombre", "Su recibo se envía", "Puede volver"]:
        assert not TU_FORMS.search(usted), usted


@pytest.mark.parametrize(
    "source", [_spanish_catalogue_texts, _spanish_source_texts], ids=["catalogues", "sources"]
)
def test_spanish_says_usted_and_names_the_programme_one_way(source):
    tu, names = [], []
    for where, text in source():
        if match := TU_FORMS.search(text):
            tu.append(f"{where}: «{match.group(0)}» in {text[:120]!r}")
        if OTHER_NAMES.search(text):
            names.append(f"{where}: {text[:120]!r} (write «{PROGRAMME}»)")
    assert tu == []
    assert names == []
