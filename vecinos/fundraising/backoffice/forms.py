from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vecinos.privacy.blind_index import normalize_email

from ..forms import parse_dollars
from ..models import CampaignPage, Gift

OFFLINE_METHODS = [
    (Gift.Method.CASH, Gift.Method.CASH.label),
    (Gift.Method.CHECK, Gift.Method.CHECK.label),
    (Gift.Method.TRANSFER, Gift.Method.TRANSFER.label),
]


class OfflineGiftForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=CampaignPage.objects.none())
    amount = forms.CharField(label=_("Amount in dollars"), max_length=14)
    method = forms.ChoiceField(label=_("Received as"), choices=OFFLINE_METHODS)
    given_on = forms.DateField(
        label=_("Date received"), widget=forms.DateInput(attrs={"type": "date"})
    )
    name = forms.CharField(label=_("Donor's name"), max_length=200, required=False)
    email = forms.CharField(
        label=_("Donor's e-mail"),
        max_length=254,
        required=False,
        help_text=_("Needed for a receipt. Leave both empty for an anonymous gift."),
    )
    language = forms.ChoiceField(label=_("Receipt language"), choices=settings.LANGUAGES)
    display_name = forms.CharField(
        label=_("Name shown on the page"),
        max_length=80,
        required=False,
        help_text=_("Leave empty to show the gift as anonymous."),
    )
    send_receipt = forms.BooleanField(label=_("E-mail a receipt"), required=False)

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = CampaignPage.objects.filter(
            pk__in=[page.pk for page in campaigns]
        )
        self.initial.setdefault("given_on", timezone.localdate())

    def clean_amount(self):
        try:
            cents = parse_dollars(self.cleaned_data["amount"])
        except ValueError:
            raise forms.ValidationError(
                _("Enter an amount in dollars, for example 40 or 40.50.")
            ) from None
        if cents <= 0:
            raise forms.ValidationError(_("Enter an amount above zero."))
        if cents > 10_000_000 * 100:
            raise forms.ValidationError(_("That amount is too large to record."))
        return cents

    def clean_email(self):
        value = self.cleaned_data["email"].strip()
        if not value:
            return ""
        try:
            return normalize_email(value)
        except ValueError:
            raise forms.ValidationError(
                _("Enter a whole e-mail address, for example name@example.org.")
            ) from None

    def clean_given_on(self):
        day = self.cleaned_data["given_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("send_receipt") and not cleaned.get("email"):
            self.add_error("email", _("A receipt needs the donor's e-mail."))
        if cleaned.get("email") and not cleaned.get("name", "").strip():
            self.add_error("name", _("A receipt needs the donor's name."))
        return cleaned


class GiftSearchForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=CampaignPage.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any"))] + list(Gift.Status.choices), required=False
    )
    email = forms.CharField(label=_("Donor's e-mail"), max_length=254, required=False)

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = CampaignPage.objects.filter(
            pk__in=[page.pk for page in campaigns]
        )

    def clean_email(self):
        value = self.cleaned_data["email"].strip()
        if value:
            try:
                return normalize_email(value)
            except ValueError:
                raise forms.ValidationError(
                    _("Enter a whole e-mail address, for example name@example.org.")
                ) from None
        return ""
