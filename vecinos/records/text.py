"""Text helpers for the archive search: accent folding, safe search terms and highlighted snippets.

Searchers type Spanish with and without accents ("detención", "detencion") and paste whatever
they copied. The search backends are fragile with raw input (SQLite's FTS5 has its own query
syntax, where a stray quote is an error), so a query is reduced here to plain words before it
reaches them, and the same folding is used to index words and to find them again for the
snippet. A document's text is folded once, when it is saved (ArchiveDocumentPage.folded_text).
"""

import re
import unicodedata
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_TERMS = 8
MAX_TERM_LENGTH = 40
SNIPPET_LENGTH = 240
WORD = re.compile(r"[^\W_]+")
# A sentence ends at . ! ? followed by a space, or at a line break (table rows, headings).
SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


def fold_character(character: str) -> str:
    """Lower-case a character and strip its accents, keeping one character for one character."""
    lowered = character.lower()
    if len(lowered) != 1:
        return character
    decomposed = unicodedata.normalize("NFD", lowered)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base if len(base) == 1 else lowered


class _FoldTable(dict):
    """`fold_character` for str.translate, worked out once per character and then kept.

    The translation runs in C and only a character not seen before in this process goes
    through unicodedata.
    """

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_character(chr(code))
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Return `text` lower-cased and without accents, with every position kept in place.

    Keeping the length lets a match found in the folded text be highlighted in the original.
    """
    return text.translate(_FOLD)


def search_terms(raw: str) -> list[str]:
    """Reduce what a visitor typed to at most a few folded plain words, without duplicates."""
    normalized = unicodedata.normalize("NFKC", raw)
    terms: list[str] = []
    for match in WORD.finditer(fold(normalized)):
        term = match.group()[:MAX_TERM_LENGTH]
        if term not in terms:
            terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    return terms


def folded_words(texts: Iterable[str]) -> str:
    """Return the accent-free form of every word that has accents, for the search index.

    PostgreSQL's text search matches words as written, so "detencion" would not find
    "detención"; indexing the folded form beside the original makes both spellings match.
    SQLite's tokenizer already ignores accents, and the extra words do no harm there.
    """
    seen: dict[str, None] = {}
    for text in texts:
        for match in WORD.finditer(text or ""):
            word = match.group()
            if not word.isascii():
                seen.setdefault(fold(word), None)
    return " ".join(seen)


def _term_pattern(terms: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")


def highlight_snippet(
    text: str, terms: list[str], *, folded: str | None = None, length: int = SNIPPET_LENGTH
) -> SafeString:
    """Return the sentence around the first match of any term, escaped, with matches in <mark>.

    `folded` is fold(text) when the caller has it stored (a document's text is folded once,
    when it is saved); without it the text is folded here. Returns an empty string when no
    term occurs in `text`.
    """
    if not text or not terms:
        return mark_safe("")  # noqa: S308 - a constant empty string
    if folded is None or len(folded) != len(text):
        folded = fold(text)
    pattern = _term_pattern(terms)
    first = pattern.search(folded)
    if first is None:
        return mark_safe("")  # noqa: S308 - a constant empty string

    start = 0
    for end_of_sentence in SENTENCE_END.finditer(folded, 0, first.start()):
        start = end_of_sentence.end()
    following = SENTENCE_END.search(folded, first.end())
    stop = following.end() if following else len(text)

    # A long sentence (or a table without full stops) is cut to a window around the match,
    # at spaces, and the cut is shown with an ellipsis.
    cut_before = cut_after = False
    if stop - start > length:
        window_start = max(start, first.start() - length // 3)
        window_stop = min(stop, window_start + length)
        if window_start > start:
            space = folded.find(" ", window_start, first.start())
            start, cut_before = (space + 1 if space != -1 else window_start), True
        if window_stop < stop:
            space = folded.rfind(" ", first.end(), window_stop)
            stop, cut_after = (space if space != -1 else window_stop), True
    prefix = "… " if cut_before else ""
    suffix = " …" if cut_after else ""

    pieces = [prefix]
    position = start
    for match in pattern.finditer(folded, start, stop):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        position = match.end()
    pieces.append(escape(text[position:stop]))
    pieces.append(suffix)
    # Every piece of the visitor's or the document's text went through escape() above.
    return mark_safe(" ".join("".join(pieces).split()))  # noqa: S308
