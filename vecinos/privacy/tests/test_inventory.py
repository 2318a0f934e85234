"""docs/privacy.md must account for every field of every vecinos model."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from vecinos.privacy.blind_index import BlindIndexField
from vecinos.privacy.fields import EncryptedFieldMixin
from vecinos.privacy.storage import EncryptedFileStorage

PRIVACY_DOC = Path(__file__).resolve().parents[3] / "docs" / "privacy.md"
LABEL = r"`(\w+\.\w+)`"
PERSONAL_ROW = re.compile(r"^\|\s*`(\w+\.\w+)\.(\w+)`\s*\|[^|]*\|\s*([^|]+?)\s*\|")
NOT_PERSONAL_LINE = re.compile(rf"^- {LABEL}:\s*(.+?)(?:\s+—.*)?$")


def inventory_section() -> str:
    text = PRIVACY_DOC.read_text(encoding="utf-8")
    start = text.index("## Inventory of personal data")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def parse_inventory():
    """Return ({(model, field): protection}, {(model, field)}) as written in docs/privacy.md."""
    personal, not_personal = {}, set()
    for line in inventory_section().splitlines():
        if match := PERSONAL_ROW.match(line):
            personal[(match[1], match[2])] = match[3].strip().lower()
        elif match := NOT_PERSONAL_LINE.match(line):
            for name in match[2].split(","):
                not_personal.add((match[1], name.strip()))
    return personal, not_personal


def our_fields():
    """Yield (model label, field name, field) for every field our own models define."""
    for model in apps.get_models():
        if not model.__module__.startswith("vecinos.") or ".tests." in model.__module__:
            continue
        for field in [*model._meta.local_concrete_fields, *model._meta.local_many_to_many]:
            yield model._meta.label, field.name, field


def test_the_inventory_parses():
    personal, not_personal = parse_inventory()
    assert ("jobs.JobApplication", "name") in personal
    assert ("content.HomePage", "body") in not_personal


def test_every_field_of_our_models_is_classified():
    personal, not_personal = parse_inventory()
    missing = [
        f"{label}.{name}"
        for label, name, _field in our_fields()
        if (label, name) not in personal and (label, name) not in not_personal
    ]
    assert missing == [], "add these to docs/privacy.md, 'Inventory of personal data'"


def test_no_field_is_classified_twice():
    personal, not_personal = parse_inventory()
    assert sorted(set(personal) & not_personal) == []


def test_every_classified_field_exists():
    personal, not_personal = parse_inventory()
    existing = {(label, name) for label, name, _field in our_fields()}
    assert sorted((set(personal) | not_personal) - existing) == []


@pytest.mark.parametrize(
    "protection, check",
    [
        ("encrypted", lambda field: isinstance(field, EncryptedFieldMixin)),
        (
            "encrypted file",
            lambda field: (
                isinstance(field, models.FileField)
                and isinstance(field.storage, EncryptedFileStorage)
            ),
        ),
        ("blind index", lambda field: isinstance(field, BlindIndexField)),
        ("sealed", lambda field: isinstance(field, models.BinaryField)),
    ],
)
def test_fields_listed_as_protected_are_protected(protection, check):
    personal, _not_personal = parse_inventory()
    fields = {(label, name): field for label, name, field in our_fields()}
    listed = [key for key, value in personal.items() if value == protection]
    assert [f"{label}.{name}" for label, name in listed if not check(fields[(label, name)])] == []


def test_every_protection_is_one_of_the_known_kinds():
    personal, _not_personal = parse_inventory()
    known = ("encrypted", "encrypted file", "blind index", "sealed")
    assert [p for p in personal.values() if p not in known and not p.startswith("none:")] == []


def test_every_encrypted_field_is_listed_as_personal():
    personal, _not_personal = parse_inventory()
    unlisted = [
        f"{label}.{name}"
        for label, name, field in our_fields()
        if isinstance(field, EncryptedFieldMixin)
        and not personal.get((label, name), "").startswith("encrypted")
    ]
    assert unlisted == []
