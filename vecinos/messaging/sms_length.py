"""Count the SMS segments a text needs, the way carriers split it.

A text whose every character is in the GSM 03.38 alphabet travels as 7-bit septets: 160 in a
single message, 153 per part once it is split (the other 7 carry the concatenation header).
Characters from the GSM extension table ({ } [ ] ~ \\ | ^ € and form feed) take two septets,
an escape and the character. One character outside both tables (an á, a curly quote, an
emoji) sends the whole text as UCS-2 instead: 70 UTF-16 code units in one message, 67 per
part, and a character outside the Basic Multilingual Plane (most emoji) is a surrogate pair of
two units. Phones never split an escape sequence or a surrogate pair across two parts, so a
part may hold one unit fewer than its size; the count below packs parts the same way.

The JavaScript counter for compose forms (static/messaging/segments.js) mirrors this module;
test_sms_length.py checks both against the same cases.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, ngettext, pgettext

GSM7 = "GSM-7"
UCS2 = "UCS-2"

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

SINGLE = {GSM7: 160, UCS2: 70}
CONCATENATED = {GSM7: 153, UCS2: 67}


@dataclass(frozen=True)
class SegmentInfo:
    """How a text travels: its encoding, the parts it needs and the units it uses.

    `units` are septets for GSM-7 and UTF-16 code units for UCS-2; `chars` is what a person
    counts (code points); `per_segment` is the size of one part (160, 153, 70 or 67).
    """

    encoding: str
    segments: int
    units: int
    chars: int
    per_segment: int

    @property
    def is_unicode(self) -> bool:
        return self.encoding == UCS2

    def summary(self) -> str:
        """Return "N characters · M segments · GSM-7" in the active language."""
        return format_summary(self)


def is_gsm7(text: str) -> bool:
    """Return True when every character of `text` can be sent in the GSM-7 alphabet."""
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def _unit_sizes(text: str, encoding: str) -> list[int]:
    if encoding == GSM7:
        return [2 if ch in GSM7_EXTENSION else 1 for ch in text]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def count_segments(text: str) -> SegmentInfo:
    """Return the encoding, segment count and unit count of an SMS body."""
    encoding = GSM7 if is_gsm7(text) else UCS2
    sizes = _unit_sizes(text, encoding)
    units = sum(sizes)
    if units <= SINGLE[encoding]:
        return SegmentInfo(encoding, 1 if units else 0, units, len(text), SINGLE[encoding])
    size = CONCATENATED[encoding]
    segments, used = 1, 0
    for width in sizes:
        # A two-unit character that does not fit in what is left of a part starts the next.
        if used + width > size:
            segments += 1
            used = 0
        used += width
    return SegmentInfo(encoding, segments, units, len(text), size)


def encoding_label(encoding: str) -> str:
    """Return the name of an encoding as staff read it: "GSM-7" or "Unicode"."""
    if encoding == GSM7:
        return GSM7
    return pgettext("sms encoding", "Unicode")


# The counter's words come unformatted from these three functions so the compose widget can
# hand them, placeholders and all, to the script that updates the count as staff type.


def chars_label(count: int) -> str:
    return ngettext("%(count)s character", "%(count)s characters", count)


def segments_label(count: int) -> str:
    return ngettext("%(count)s segment", "%(count)s segments", count)


def summary_format() -> str:
    # Translators: the SMS counter, e.g. "42 characters · 1 segment · GSM-7".
    return gettext("%(chars)s · %(segments)s · %(encoding)s")


def format_summary(info: SegmentInfo) -> str:
    """Return the counter's line for `info` in the active language."""
    return summary_format() % {
        "chars": chars_label(info.chars) % {"count": info.chars},
        "segments": segments_label(info.segments) % {"count": info.segments},
        "encoding": encoding_label(info.encoding),
    }
