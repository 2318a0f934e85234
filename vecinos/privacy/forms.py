from django import forms
from django.utils.translation import gettext_lazy as _


class ShareForm(forms.Form):
    share = forms.CharField(
        label=_("Your key share"),
        max_length=200,
        strip=True,
        help_text=_("Type it exactly as it was given to you; dashes and capitals do not matter."),
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
