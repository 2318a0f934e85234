from pathlib import Path

import pytest
from django import forms
from django.utils import translation

from vecinos.messaging.sms_length import GSM7, UCS2, SegmentInfo, count_segments, is_gsm7
from vecinos.messaging.widgets import SmsTextarea

SCRIPT = Path(__file__).resolve().parents[1] / "static" / "messaging" / "segments.js"

# (text, encoding, segments, units): the same cases are run through the Python counter and
# the browser's, so the number staff see while typing is the number the outbox will send.
CASES = [
    ("", GSM7, 0, 0),
    ("a", GSM7, 1, 1),
    ("a" * 160, GSM7, 1, 160),
    ("a" * 161, GSM7, 2, 161),
    ("a" * 306, GSM7, 2, 306),
    ("a" * 307, GSM7, 3, 307),
    ("€" * 80, GSM7, 1, 160),
    ("€" * 81, GSM7, 2, 162),
    # An escape sequence that would straddle two parts moves whole into the second one.
    ("a" * 152 + "{" + "a" * 152, GSM7, 3, 306),
    ("ñÑüÜäöàèéùìòÇ¿¡£¥§", GSM7, 1, 18),
    ("á", UCS2, 1, 1),
    ("á" * 70, UCS2, 1, 70),
    ("á" * 71, UCS2, 2, 71),
    ("á" * 134, UCS2, 2, 134),
    ("á" * 135, UCS2, 3, 135),
    ("😀" * 35, UCS2, 1, 70),
    ("😀" * 36, UCS2, 2, 72),
    # 66 units then a surrogate pair: it cannot be split, so it starts the second part.
    ("a" * 66 + "😀" + "a" * 66, UCS2, 3, 134),
    ("Hola, ¿cómo está?", UCS2, 1, 17),
    ("“quoted”", UCS2, 1, 8),
]


@pytest.mark.parametrize(("text", "encoding", "segments", "units"), CASES)
def test_count_segments(text, encoding, segments, units):
    info = count_segments(text)
    assert (info.encoding, info.segments, info.units) == (encoding, segments, units)
    assert info.chars == len(text)


def test_count_segments_sizes_of_a_part():
    assert count_segments("a").per_segment == 160
    assert count_segments("a" * 200).per_segment == 153
    assert count_segments("á").per_segment == 70
    assert count_segments("á" * 100).per_segment == 67


def test_an_accent_moves_a_text_to_unicode():
    assert is_gsm7("Manana a las 9 en la calle Lehigh")
    assert not is_gsm7("Mañana a las 9 en la Avenida Lehigh, habrá reunión")
    assert count_segments("a" * 100 + "í").segments == 2


def test_summary_in_both_languages():
    info = SegmentInfo(GSM7, 1, 1, 1, 160)
    with translation.override("en"):
        assert info.summary() == "1 character · 1 segment · GSM-7"
        assert count_segments("á" * 71).summary() == "71 characters · 2 segments · Unicode"
    with translation.override("es"):
        assert info.summary() == "1 carácter · 1 segmento · GSM-7"
        assert count_segments("á" * 71).summary() == "71 caracteres · 2 segmentos · Unicode"


class ComposeForm(forms.Form):
    body = forms.CharField(widget=SmsTextarea)


def test_widget_renders_the_count_computed_on_the_server():
    form = ComposeForm(data={"body": "Reunión mañana"})
    with translation.override("es"):
        html = str(form["body"])
    assert 'data-segment-counter="id_body-segments"' in html
    assert 'aria-describedby="id_body-segments"' in html
    assert '<p id="id_body-segments"' in html
    # Counted as sent: "Reunion mañana" (ó written as o, ñ kept) travels in GSM-7.
    assert ">14 caracteres · 1 segmento · GSM-7</p>" in html
    assert 'data-chars-other="%(count)s caracteres"' in html
    assert "messaging/segments.js" in str(form.media)


@pytest.fixture
def counter_page(page):
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(path=str(SCRIPT))
    return page


@pytest.mark.browser
def test_script_folds_accents_like_the_server(counter_page):
    from vecinos.messaging.rendering import sms_text

    texts = ["Información para José: ¿mañana?", "“Alto” — no abran…", "ÍÓÚ pingüino 👍"]
    folded = counter_page.evaluate("ts => ts.map(t => window.vecinosSegments.fold(t))", texts)
    assert folded == [sms_text(text) for text in texts]


@pytest.mark.browser
def test_script_counts_like_the_server(counter_page):
    results = counter_page.evaluate(
        "cases => cases.map(t => window.vecinosSegments.count(t))", [c[0] for c in CASES]
    )
    for (text, encoding, segments, units), got in zip(CASES, results, strict=True):
        assert (got["gsm"], got["segments"], got["units"], got["chars"]) == (
            encoding == GSM7,
            segments,
            units,
            len(text),
        ), text


@pytest.mark.browser
def test_script_updates_the_counter_while_typing(page):
    form = ComposeForm(data={"body": ""})
    with translation.override("es"):
        html = str(form["body"])
    page.set_content(f"<!doctype html><html><body>{html}</body></html>")
    page.add_script_tag(path=str(SCRIPT))
    counter = page.locator("#id_body-segments")
    assert counter.text_content() == "0 caracteres · 0 segmentos · GSM-7"
    page.fill("#id_body", "a" * 161)
    assert counter.text_content() == "161 caracteres · 2 segmentos · GSM-7"
    # Counted as sent: í is written as i (the one rule for accents), so "¡Sí!" stays GSM-7;
    # an emoji has no GSM-7 form and makes the text Unicode.
    page.fill("#id_body", "¡Sí!")
    assert counter.text_content() == "4 caracteres · 1 segmento · GSM-7"
    page.fill("#id_body", "¡Sí! 👍")
    assert counter.text_content() == "6 caracteres · 1 segmento · Unicode"
    assert counter.get_attribute("data-encoding") == "ucs2"
