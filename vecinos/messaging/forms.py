"""Forms of the Test phone page: send a message as the platform would, or answer as a phone."""

from pathlib import Path

from django import forms
from django.template.utils import get_app_template_dirs
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vecinos.privacy.blind_index import InvalidPhoneNumber, normalize_phone

from .models import Channel, Language
from .optout import normalize_address
from .widgets import SmsTextarea


def message_templates(kind: str) -> list[str]:
    """Return the message templates apps ship for a channel, as "app/name", sorted."""
    found = set()
    for directory in get_app_template_dirs("templates"):
        for path in Path(directory).glob(f"*/{kind}/*.txt"):
            if not path.stem.endswith("_subject"):
                found.add(f"{path.parent.parent.name}/{path.stem}")
    return sorted(found)


class SendForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.SMS)
    to = forms.CharField(
        label=pgettext_lazy("recipient", "To"),
        max_length=254,
        help_text=_("A phone number, or an e-mail address for an e-mail."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    template = forms.ChoiceField(
        label=_("Template"),
        required=False,
        help_text=_("Rendered in the chosen language. Leave empty to send the text below."),
    )
    subject = forms.CharField(label=_("Subject (e-mail)"), max_length=200, required=False)
    body = forms.CharField(label=_("Text"), required=False, widget=SmsTextarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = sorted(set(message_templates("sms")) | set(message_templates("email")))
        self.fields["template"].choices = [("", "—")] + [(name, name) for name in names]

    def clean(self):
        data = super().clean()
        channel, to = data.get("channel"), data.get("to")
        if channel and to:
            try:
                data["to"] = normalize_address(channel, to)
            except (InvalidPhoneNumber, ValueError) as exc:
                self.add_error("to", str(exc))
        template = data.get("template")
        if template and channel and template not in message_templates(channel):
            self.add_error("template", _("This template has no version for that channel."))
        if not template and not data.get("body"):
            self.add_error("body", _("Write a text or choose a template."))
        return data


class ReplyForm(forms.Form):
    from_phone = forms.CharField(label=_("From this phone"), max_length=32)
    body = forms.CharField(
        label=_("Text"),
        widget=SmsTextarea(attrs={"rows": 2}),
        help_text=_("For example: HELP, ALTO, IDIOMA."),
    )

    def clean_from_phone(self):
        try:
            return normalize_phone(self.cleaned_data["from_phone"])
        except InvalidPhoneNumber as exc:
            raise forms.ValidationError(exc.message) from None
