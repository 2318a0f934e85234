"""Form widgets shared by the apps."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class QuickSelect(forms.Select):
    """A select written out in Python, with the same HTML as Django's.

    Django's renders one template per option: for the member filters, which list every block
    of every zone, and the archive's agencies and requests, that was most of the page's time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        parts = []
        for group, options in self.choices:
            if isinstance(options, list | tuple):
                inside = format_html_join("\n", "{}", ((self.option(*o, chosen),) for o in options))
                parts.append(format_html('<optgroup label="{}">\n{}\n</optgroup>', group, inside))
            else:
                parts.append(self.option(group, options, chosen))
        return format_html(
            '<select name="{}"{}>\n{}\n</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            format_html_join("\n", "{}", ((part,) for part in parts)),
        )

    @staticmethod
    def option(key, label, chosen) -> str:
        key = "" if key is None else str(key)
        selected = " selected" if key in chosen else ""
        return format_html('<option value="{}"{}>{}</option>', key, selected, label)
