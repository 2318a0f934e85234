"""The donor's form on a campaign page, and the monthly donor's change form."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vecinos.core.ratelimit import HoneypotMixin
from vecinos.privacy.blind_index import normalize_email

from .models import MAX_GIFT, MIN_GIFT

OTHER = "other"


def parse_dollars(raw: str) -> int:
    """Return cents for a typed amount like "25", "$25.50" or "1,000"; raise ValueError."""
    text = (raw or "").strip().replace("$", "").replace(",", "").replace(" ", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise ValueError(raw)
    return int(value * 100)


def check_amount(cents: int) -> None:
    if cents < MIN_GIFT * 100:
        raise forms.ValidationError(
            _("The smallest gift by card is $%(min)s.") % {"min": MIN_GIFT}, code="too_small"
        )
    if cents > MAX_GIFT * 100:
        raise forms.ValidationError(
            _(
                "Gifts above $%(max)s cannot be made here. Please write to us and we will "
                "arrange it with you."
            )
            % {"max": f"{MAX_GIFT:,}"},
            code="too_large",
        )


class AmountMixin:
    def clean_amount_cents(self, raw: str, field: str) -> int | None:
        try:
            cents = parse_dollars(raw)
        except ValueError:
            self.add_error(field, _("Enter an amount in dollars, for example 40 or 40.50."))
            return None
        try:
            check_amount(cents)
        except forms.ValidationError as error:
            self.add_error(field, error)
            return None
        return cents


class GiftForm(HoneypotMixin, AmountMixin, forms.Form):
    """Amount, frequency, who is giving and how their name appears."""

    amount = forms.ChoiceField(
        label=_("Amount"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an amount, or type another one.")},
    )
    other_amount = forms.CharField(
        label=_("Other amount in dollars"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=[
            ("once", pgettext_lazy("gift frequency", "Once")),
            ("monthly", pgettext_lazy("gift frequency", "Every month")),
        ],
        initial="once",
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        help_text=_("For your receipt. It is not shown on the page."),
        error_messages={"required": _("Enter your name for the receipt.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("Your receipt is sent here."),
        error_messages={"required": _("Enter the e-mail address for your receipt.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    show_as = forms.ChoiceField(
        label=_("On the page"),
        choices=[
            ("anonymous", _("Give anonymously")),
            ("name", _("Show my gift under this name:")),
        ],
        initial="anonymous",
        widget=forms.RadioSelect,
    )
    display_name = forms.CharField(
        label=_("Name to show"),
        max_length=80,
        required=False,
        help_text=_("For example your first name, your family or “a neighbor from 9th Street”."),
    )
    may_contact = forms.BooleanField(
        label=_("Send me news about this campaign and the organization by e-mail."),
        required=False,
    )

    def __init__(self, *args, amounts: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].choices = [(str(a), f"${a:,}") for a in amounts] + [
            (OTHER, pgettext_lazy("gift amount", "Other amount"))
        ]
        if amounts and not self.is_bound:
            self.initial.setdefault("amount", str(amounts[min(1, len(amounts) - 1)]))

    def clean_email(self):
        try:
            return normalize_email(self.cleaned_data["email"])
        except ValueError:
            raise forms.ValidationError(
                _("Enter a whole e-mail address, for example name@example.org."), code="invalid"
            ) from None

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("amount")
        if choice == OTHER:
            if not cleaned.get("other_amount"):
                self.add_error("other_amount", _("Type the amount you would like to give."))
            else:
                cleaned["amount_cents"] = self.clean_amount_cents(
                    cleaned["other_amount"], "other_amount"
                )
        elif choice:
            cleaned["amount_cents"] = int(choice) * 100
        if cleaned.get("show_as") == "name":
            if not cleaned.get("display_name", "").strip():
                self.add_error("display_name", _("Type the name to show, or give anonymously."))
        else:
            cleaned["display_name"] = ""
        return cleaned


class MonthlyChangeForm(AmountMixin, forms.Form):
    amount = forms.CharField(
        label=_("New monthly amount in dollars"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"required": _("Type the new monthly amount.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("amount"):
            cleaned["amount_cents"] = self.clean_amount_cents(cleaned["amount"], "amount")
        return cleaned
