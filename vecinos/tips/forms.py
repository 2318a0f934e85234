from django import forms
from django.utils.translation import gettext_lazy as _

from vecinos.core.ratelimit import HoneypotMixin

from .attachments import MAX_FILES, RefusedFile, clean_attachment
from .services import MAX_TIP_CHARS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Up to MAX_FILES files, each cleaned of its metadata; the cleaned value is a list."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = [f for f in (data or []) if f] if isinstance(data, list | tuple) else [data]
        uploads = [f for f in uploads if f]
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(
                _("Please send at most %(count)d files at a time.") % {"count": MAX_FILES}
            )
        cleaned, errors = [], []
        for number, upload in enumerate(uploads, start=1):
            try:
                cleaned.append(clean_attachment(upload, number))
            except RefusedFile as refused:
                errors.append(refused.message)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


class TipForm(HoneypotMixin, forms.Form):
    message = forms.CharField(
        label=_("What do you want us to know?"),
        help_text=_(
            "What happened, where and when, and who was involved. Leave out anything that "
            "only you could know if it would identify you."
        ),
        max_length=MAX_TIP_CHARS,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    files = FilesField(
        label=_("Photos or PDF documents (optional)"),
        help_text=_(
            "Up to 3 files. We remove the location, the date and the device details from "
            "photos, and the author and software from PDFs, before they are stored."
        ),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"}),
    )


class CodenameForm(forms.Form):
    codename = forms.CharField(
        label=_("Your codename"),
        help_text=_("The seven words you were given, separated by spaces."),
        max_length=300,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class MoreForm(forms.Form):
    message = forms.CharField(
        label=_("Add to what you sent"),
        max_length=MAX_TIP_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    files = FilesField(
        label=_("Photos or PDF documents (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"}),
    )


class UnlockForm(forms.Form):
    passphrase = forms.CharField(
        label=_("Tip passphrase"),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        max_length=1000,
    )
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("A fresh code is needed each time the tips are unlocked."),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply to this source"),
        help_text=_(
            "Only the source can read it, with their codename. Never name them or anyone "
            "who could be them."
        ),
        max_length=MAX_TIP_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
