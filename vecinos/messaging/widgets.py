"""A textarea for SMS bodies that shows how many characters and segments the text takes."""

from django import forms

from .rendering import sms_text
from .sms_length import (
    GSM7,
    UCS2,
    chars_label,
    count_segments,
    encoding_label,
    segments_label,
    summary_format,
)


class SmsTextarea(forms.Textarea):
    """A textarea followed by a live segment counter (static/messaging/segments.js).

    The counter is computed on the server too, so a form shown again with errors, or read
    without JavaScript, already says how many segments the text takes.
    """

    template_name = "messaging/widgets/sms_textarea.html"

    class Media:
        js = ["messaging/segments.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        counter_id = f"{widget['attrs'].get('id') or name}-segments"
        widget["attrs"]["data-segment-counter"] = counter_id
        widget["attrs"]["aria-describedby"] = " ".join(
            filter(None, [widget["attrs"].get("aria-describedby"), counter_id])
        )
        # Counted as it will be sent (the one rule for accents, rendering.sms_text).
        info = count_segments(sms_text(self.format_value(value) or ""))
        widget["counter"] = {
            "id": counter_id,
            "summary": info.summary(),
            "info": info,
            # The labels keep their %(count)s placeholders for the script to fill in.
            "chars_one": chars_label(1),
            "chars_other": chars_label(2),
            "segments_one": segments_label(1),
            "segments_other": segments_label(2),
            "format": summary_format(),
            "gsm": encoding_label(GSM7),
            "unicode": encoding_label(UCS2),
        }
        return context
