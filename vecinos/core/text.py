"""Text helpers every app's forms share."""

import unicodedata

# Right-to-left overrides and isolates can make a name display as something else in the
# back office; C0/C1 controls have no place in typed text.
BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def strip_invisible(text: str, *, keep_newlines: bool) -> str:
    """Remove control and direction-override characters that a person cannot have meant."""
    kept = []
    for char in text:
        if char in BIDI_CONTROLS:
            continue
        if unicodedata.category(char) == "Cc" and not (keep_newlines and char in "\n\t"):
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).strip()
