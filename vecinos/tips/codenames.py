"""Codenames: the only thing a source holds to come back, made of words from a shipped list.

Seven words from a list of 2,048 give 77 bits: with the slow hash the server keeps
(sealing.derive_source_keys), guessing one offline would take longer than anyone can wait.
The lists are the BIP-39 English and Spanish word lists (wordlists/*.txt); words are chosen
with `secrets`, never `random`.
"""

from __future__ import annotations

import secrets
import unicodedata
from functools import cache
from pathlib import Path

WORDLIST_DIR = Path(__file__).resolve().parent / "wordlists"
CODENAME_WORDS = 7
LANGUAGES = ("en", "es")


@cache
def wordlist(language: str) -> tuple[str, ...]:
    """Return the words of the list for `language` ("en" or "es")."""
    if language not in LANGUAGES:
        language = "en"
    lines = (WORDLIST_DIR / f"{language}.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def new_codename(language: str) -> str:
    """Return a fresh random codename of seven words in the source's language."""
    words = wordlist(language)
    return " ".join(secrets.choice(words) for _ in range(CODENAME_WORDS))


def normalize_codename(typed: str) -> str:
    """Return the codename as the server hashes it: lower case, no accents, single spaces.

    A source typing "abaco" for "ábaco", capitals, or extra spaces and line breaks still gets in.
    """
    decomposed = unicodedata.normalize("NFKD", typed or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().replace("-", " ").split())
