"""Prepare the site under test in a fresh data folder: `python -m benchmarks.site`.

Run with VECINOS_DATA_DIR set; prints the paths of the pages to measure as JSON. The demo
site of `make run` is used when `load_demo` exists; otherwise a home page and a news-like
article are built through the content services, in both languages.
"""

import json

import django


def build_pages() -> None:
    from vecinos.content.models import HomePage, StandardPage
    from vecinos.content.services import add_translated_pages, install_home_pages

    paragraphs_en = "".join(
        f"<p>{text}</p>"
        for text in (
            "Neighbours met on Saturday to plan the spring workshops on tenants' rights.",
            "Volunteers will visit every block of the zone and leave the hotline number.",
            "Anyone may come; interpretation in Spanish and English is provided.",
        )
        * 4
    )
    paragraphs_es = "".join(
        f"<p>{text}</p>"
        for text in (
            "Los vecinos se reunieron el sábado para planear los talleres sobre inquilinos.",
            "Voluntarios visitarán cada cuadra de la zona con el número de la línea de ayuda.",
            "Todos pueden venir; habrá interpretación en español e inglés.",
        )
        * 4
    )
    homes = install_home_pages(
        HomePage(title="Neighbours", slug="home", intro="<p>Organizing block by block.</p>"),
        HomePage(title="Vecinos", slug="inicio", intro="<p>Organizándonos cuadra por cuadra.</p>"),
    )
    add_translated_pages(
        homes,
        {
            "en": StandardPage(title="Spring workshops", slug="news", body=paragraphs_en),
            "es": StandardPage(title="Talleres de primavera", slug="noticias", body=paragraphs_es),
        },
    )


def page_paths() -> dict[str, str]:
    from wagtail.models import Page

    pages = Page.objects.live().filter(locale__language_code="en", depth__gt=2).specific()
    ordered = sorted(pages, key=lambda page: page.path)
    news = [page for page in ordered if type(page).__name__ == "NewsPage"]
    fallback = [page for page in ordered if "index" not in type(page).__name__.lower()]
    chosen = (news or fallback or ordered)[0]
    return {"home": "/en/", "news": chosen.get_url()}


def main() -> None:
    django.setup()
    from django.core.management import call_command, get_commands

    call_command("migrate", interactive=False, verbosity=0)
    if "load_demo" in get_commands():
        call_command("load_demo", if_empty=True, verbosity=0)
    else:
        build_pages()
    print(json.dumps(page_paths()))


if __name__ == "__main__":
    main()
