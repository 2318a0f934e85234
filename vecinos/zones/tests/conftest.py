"""Fixtures for the zones' tests: real Philadelphia shapes, members, and Spanish catalogues."""

import functools
from pathlib import Path

import polib
import pytest
from django.conf import settings as django_settings

from vecinos.messaging.channels import locmem
from vecinos.privacy.blind_index import email_index, phone_index
from vecinos.zones import geo
from vecinos.zones.models import Block, Member, Zone

DATA = Path(__file__).resolve().parents[1] / "data"
TWO_ZONES = ["Passyunk Square", "Point Breeze"]
FRAGMENTS = Path(__file__).resolve().parents[1] / "locale" / "fragments"


@functools.cache
def features(name: str):
    # Parsed once per run: the ward divisions file is the slow part of every import.
    return geo.read_features((DATA / f"{name}.geojson").read_bytes())


def load_zones(only=TWO_ZONES) -> dict[str, Zone]:
    """Import the named neighbourhoods as zones and their ward divisions as blocks.

    Blocks are named as the demo names them ("36-20" for ward 36, division 20).
    """
    geo.import_zones(features("neighborhoods"), name_property="MAPNAME", only=only)
    zones = Zone.objects.filter(name__in=only)
    divisions = features("ward-divisions-2019")
    for feature in divisions:
        code = str(feature.properties["DIVISION_N"])
        feature.properties["LABEL"] = f"{code[:2]}-{code[2:]}"
    geo.import_blocks(divisions, code_property="DIVISION_N", name_property="LABEL", zones=zones)
    return {zone.name: zone for zone in zones}


@pytest.fixture
def zones(db):
    return load_zones()


def make_member(*, phone="", email="", zone=None, block=None, **fields) -> Member:
    """Save a member directly, the way the services store one (normalized, indexed)."""
    member = Member(
        name=fields.pop("name", "Lupita R."),
        phone=phone,
        phone_index=phone_index(phone) if phone else None,
        email=email,
        email_index=email_index(email) if email else None,
        zone=zone or (block.zone if block else None),
        block=block,
        source=fields.pop("source", Member.Source.WEB),
        status=fields.pop("status", Member.Status.ACTIVE),
        **fields,
    )
    member.save(force_insert=True)
    return member


def first_block(zone: Zone) -> Block:
    return zone.blocks.order_by("name", "code").first()


@pytest.fixture(scope="session")
def spanish_locale(tmp_path_factory):
    """Every Spanish catalogue of the project and the zones' fragments not merged yet,
    compiled into one throwaway folder (nothing is written into the source tree)."""
    from vecinos.core.management.commands.compiletranslations import project_catalogues

    merged = polib.POFile()
    merged.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "es",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    seen = set()
    paths = sorted(FRAGMENTS.glob("*.po")) + [
        p for p in project_catalogues() if "/es/" in p.as_posix()
    ]
    for path in paths:
        for entry in polib.pofile(str(path)):
            key = (entry.msgctxt, entry.msgid)
            if entry.obsolete or "fuzzy" in entry.flags or key in seen:
                continue
            if not (entry.msgstr or entry.msgstr_plural):
                continue
            seen.add(key)
            merged.append(entry)
    root = tmp_path_factory.mktemp("locale")
    (root / "es" / "LC_MESSAGES").mkdir(parents=True)
    merged.save_as_mofile(str(root / "es" / "LC_MESSAGES" / "django.mo"))
    return root


@pytest.fixture(autouse=True)
def spanish(settings, spanish_locale):
    # Changing LOCALE_PATHS empties Django's translation cache, here and after the test.
    settings.LOCALE_PATHS = [str(spanish_locale), *django_settings.LOCALE_PATHS]


# The messages join() and stop() send, owned by the web sign-up. Until they exist in this
# tree, the tests here use one-line stand-ins so the SMS conversation can be exercised.
MEMBER_TEMPLATES = ["welcome", "already_member", "confirm_code", "confirm_link", "stopped"]


@pytest.fixture(autouse=True)
def member_templates(settings, tmp_path):
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    missing = []
    for name in MEMBER_TEMPLATES:
        try:
            get_template(f"zones/sms/{name}.txt")
        except TemplateDoesNotExist:
            missing.append(name)
    if missing:
        folder = tmp_path / "templates" / "zones" / "sms"
        folder.mkdir(parents=True)
        for name in missing:
            (folder / f"{name}.txt").write_text(f"{{# segments: 1 #}}zones {name}")
        engine = settings.TEMPLATES[0]
        settings.TEMPLATES = [
            {**engine, "DIRS": [*engine.get("DIRS", []), str(tmp_path / "templates")]},
            *settings.TEMPLATES[1:],
        ]


@pytest.fixture(autouse=True)
def empty_outbox():
    locmem.reset()
    yield
    locmem.reset()
