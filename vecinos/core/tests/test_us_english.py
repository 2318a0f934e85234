"""English is US English: what people read has no British spellings."""

import re
from pathlib import Path

import polib

from vecinos.core.management.commands.compiletranslations import project_catalogues

ROOT = Path(__file__).resolve().parents[3]
BRITISH = re.compile(
    r"(?<![\w.])(neighbour\w*|centre|centres|colour\w*|licence|labour|organis(?:e|ed|es|ing|ation|ations|er|ers)|"
    r"programme|favour\w*|behaviour|defence|practise)\b",
    re.IGNORECASE,
)


def test_english_texts_use_us_spelling():
    found = []
    for path in project_catalogues():
        for entry in polib.pofile(str(path)):
            for text in (entry.msgid, entry.msgid_plural or ""):
                if match := BRITISH.search(text):
                    found.append(f"{path.relative_to(ROOT)}: «{match.group(0)}» in {text[:80]!r}")
    for path in (ROOT / "vecinos").glob("*/demo*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # English sentences in string literals (identifiers such as `neighbours=` aside).
            for literal in re.findall(r'"([^"]* [^"]*)"', line):
                if match := BRITISH.search(literal):
                    found.append(f"{path.relative_to(ROOT)}:{number}: «{match.group(0)}»")
    assert found == []
