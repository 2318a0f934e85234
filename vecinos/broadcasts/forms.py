from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vecinos.messaging.widgets import SmsTextarea

from .models import Broadcast
from .segments import registered_segments

# Twilio refuses a body longer than this; it is also ten segments of Unicode text.
SMS_MAX_CHARS = 1600
# An option's value travels in the same <select> as its segment: "zone=12".
OPTION_SEPARATOR = "="


def audience_choices() -> list:
    """Return the registered segments as <select> choices; a segment with options is a group."""
    choices = []
    for segment in registered_segments():
        options = segment.choices()
        if segment.options is None:
            choices.append((segment.key, str(segment.label)))
        elif options:
            choices.append(
                (
                    str(segment.label),
                    [
                        (f"{segment.key}{OPTION_SEPARATOR}{value}", label)
                        for value, label in options
                    ],
                )
            )
    return choices


def audience_value(segment: str, params: dict) -> str:
    if "option" in params:
        return f"{segment}{OPTION_SEPARATOR}{params['option']}"
    return segment


class BroadcastForm(forms.ModelForm):
    """The compose form: who gets it, and the same message written in each language."""

    audience = forms.ChoiceField(
        label=_("Audience"),
        help_text=_("Everyone in it who can be reached on the channel below."),
    )

    class Meta:
        model = Broadcast
        fields = [
            "title",
            "audience",
            "language",
            "channel",
            "body_en",
            "body_es",
            "subject_en",
            "subject_es",
            "expires_at",
        ]
        labels = {
            "language": pgettext_lazy("broadcast audience", "Languages"),
            "subject_en": _("E-mail subject in English"),
            "subject_es": _("E-mail subject in Spanish"),
        }
        help_texts = {
            "language": _("Each person gets the text in their own language."),
            "body_es": _("Write both texts: each person gets the one in their language."),
            "subject_en": _("For e-mail only."),
            "subject_es": _("For e-mail only."),
        }
        widgets = {
            "body_en": SmsTextarea(attrs={"rows": 5}),
            "body_es": SmsTextarea(attrs={"rows": 5}),
            # The browser's own picker: no script, and phones show their native one.
            "expires_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [("", "---------"), *audience_choices()]
        if self.instance.pk and self.instance.segment:
            self.initial["audience"] = audience_value(
                self.instance.segment, self.instance.segment_params
            )

    @property
    def has_audiences(self) -> bool:
        return len(self.fields["audience"].choices) > 1

    def clean_audience(self):
        value = self.cleaned_data["audience"]
        segment, _separator, option = value.partition(OPTION_SEPARATOR)
        self.segment_params = {"option": option} if option else {}
        return segment

    def clean_expires_at(self):
        expires_at = self.cleaned_data.get("expires_at")
        if expires_at and expires_at <= timezone.now():
            raise forms.ValidationError(_("This time has already passed."))
        return expires_at

    def clean(self):
        cleaned = super().clean()
        channel = cleaned.get("channel")
        languages = [cleaned["language"]] if cleaned.get("language") else ["en", "es"]
        for language in languages:
            body = (cleaned.get(f"body_{language}") or "").strip()
            cleaned[f"body_{language}"] = body
            if not body:
                self.add_error(f"body_{language}", _("Write the text in this language."))
            elif channel == Broadcast.Channel.SMS and len(body) > SMS_MAX_CHARS:
                self.add_error(
                    f"body_{language}",
                    _("A text message can hold at most %(count)s characters.")
                    % {"count": SMS_MAX_CHARS},
                )
            if channel == Broadcast.Channel.EMAIL and not cleaned.get(f"subject_{language}"):
                self.add_error(f"subject_{language}", _("An e-mail needs a subject."))
        return cleaned

    def composed_fields(self) -> dict:
        """Return the fields the services take, with the audience split into key and params."""
        data = {
            name: self.cleaned_data[name]
            for name in ["title", "channel", "language", "expires_at"]
            + ["body_en", "body_es", "subject_en", "subject_es"]
        }
        data["segment"] = self.cleaned_data["audience"]
        data["segment_params"] = self.segment_params
        return data


class SendForm(forms.Form):
    """The code from the authenticator app, asked for before a large send."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
