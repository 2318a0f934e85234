from hypothesis import given, settings
from hypothesis import strategies as st

from vecinos.records.text import fold, fold_character, folded_words, highlight_snippet, search_terms


def test_fold_strips_accents_and_keeps_length():
    assert fold("Detención ÑANDÚ") == "detencion nandu"
    assert len(fold("İstanbul ß")) == len("İstanbul ß")


def test_search_terms_keeps_plain_words_only():
    assert search_terms('"AND OR*( detención NEAR(x') == ["and", "or", "detencion", "near", "x"]
    assert search_terms("'; DROP TABLE records; --") == ["drop", "table", "records"]
    assert search_terms("★☂ ✓ -- ** ()") == []


def test_search_terms_limits_the_number_and_length_of_words():
    terms = search_terms(" ".join(f"word{n}" for n in range(50)) + " " + "a" * 500)
    assert terms == [f"word{n}" for n in range(8)]
    assert search_terms("b" * 500) == ["b" * 40]


def test_folded_words_lists_accented_words_once():
    assert folded_words(["La detención y la DETENCIÓN", None, "plain words"]) == "detencion"


def test_highlight_snippet_returns_the_sentence_around_the_match():
    text = "First sentence here. The vendor is Corvalis Data Systems. Last one."
    assert highlight_snippet(text, ["corvalis"]) == (
        "The vendor is <mark>Corvalis</mark> Data Systems."
    )


def test_highlight_snippet_matches_without_accents_and_whole_words_only():
    text = "Pedimos intérpretes. Los interpretes llegaron; interpretación aparte."
    snippet = highlight_snippet(text, ["interpretes"])
    assert snippet == "Pedimos <mark>intérpretes</mark>."


def test_highlight_snippet_escapes_the_document_text():
    text = 'Note <script>alert("x")</script> about detainers & warrants.'
    snippet = highlight_snippet(text, ["detainers"])
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "<mark>detainers</mark> &amp; warrants." in snippet


def test_highlight_snippet_cuts_a_long_sentence_around_the_match():
    text = "word " * 300 + "needle " + "word " * 300
    snippet = highlight_snippet(text, ["needle"], length=120)
    assert "<mark>needle</mark>" in snippet
    assert snippet.startswith("… ")
    assert snippet.endswith(" …")
    assert len(snippet) < 160


def test_highlight_snippet_is_empty_without_a_match():
    assert highlight_snippet("Nothing here.", ["absent"]) == ""
    assert highlight_snippet("", ["absent"]) == ""


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=200))
def test_fold_is_the_same_as_folding_each_character(text):
    # fold() translates through a table filled as characters are met; it must give exactly
    # what folding one character at a time gives, and keep every position.
    assert fold(text) == "".join(fold_character(c) for c in text)
    assert len(fold(text)) == len(text)
