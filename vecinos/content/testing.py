"""Factories for tests of any app that needs the bilingual page tree.

from vecinos.content.testing import make_homes, make_translated

homes = make_homes()  # {"en": HomePage, "es": HomePage}, served at /en/ and /es/
pages = make_translated(homes, StandardPage, en={"title": "About"}, es={"title": "Nosotros"})
"""

from typing import Any

from wagtail.models import Page

from vecinos.content.models import HomePage
from vecinos.content.services import add_translated_pages, install_home_pages


def make_homes(*, en_title: str = "Neighbours", es_title: str = "Vecinos") -> dict[str, HomePage]:
    """Create the locales, the English and Spanish home pages and the Site serving them."""
    return install_home_pages(
        HomePage(title=en_title, slug="home"), HomePage(title=es_title, slug="inicio")
    )


def make_translated(
    parents: dict[str, Page], model: type[Page], *, en: dict[str, Any], es: dict[str, Any]
) -> dict[str, Page]:
    """Create a page of `model` under each language's parent, linked as translations.

    `en` and `es` are the field values of each language's page; a missing slug is derived
    from the title.
    """
    return add_translated_pages(parents, {"en": model(**en), "es": model(**es)})
