from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmDeviceForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code from the app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        help_text=_("The six-digit code from your authenticator app, or one of your backup codes."),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class PasskeyNameForm(forms.Form):
    name = forms.CharField(
        label=_("Name for this passkey"),
        help_text=_("For example, the device it lives on: “Work laptop” or “My phone”."),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
