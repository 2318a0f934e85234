"""Helpers for Wagtail pages that exist once per language."""


def one_per_translation(pages, language: str = "en") -> list:
    """Return each translated page once, in `language` where it has that version.

    `pages` is a queryset of pages; their order is kept, each at the place of its first copy.
    Staff screens and audience lists name a letter or a campaign once, not once per language.
    """
    chosen: dict = {}
    for page in pages.select_related("locale"):
        if page.translation_key not in chosen or page.locale.language_code == language:
            chosen[page.translation_key] = page
    return list(chosen.values())
