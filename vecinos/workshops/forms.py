"""The public registration form and the forms staff use at the door and after a workshop."""

from django import forms
from django.core.validators import validate_email
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vecinos.core.ratelimit import HoneypotMixin
from vecinos.core.text import strip_invisible
from vecinos.privacy.blind_index import InvalidPhoneNumber, normalize_email, normalize_phone
from vecinos.zones.models import ConsentText, Zone

from .services import MAX_FAMILY, Registrant
from .shredders import RETENTION_DAYS

LANGUAGE_CHOICES = [("es", "Español"), ("en", "English")]


class ContactMixin:
    """Name or nickname, and a phone or an e-mail (at least one), checked and normalized."""

    def registrant(self) -> Registrant:
        """Return the person the valid form describes."""
        data = self.cleaned_data
        return Registrant(
            name=data["name"],
            language=data["language"],
            phone=data["phone"],
            email=data["email"],
            family_size=data["family_size"],
        )

    def clean_name(self):
        name = strip_invisible(self.cleaned_data.get("name", ""), keep_newlines=False)
        if not any(char.isalnum() for char in name):
            raise forms.ValidationError(_("Please write a name or a nickname."), code="required")
        return name

    def clean_phone(self):
        raw = strip_invisible(self.cleaned_data.get("phone", ""), keep_newlines=False)
        if not raw:
            return ""
        try:
            return normalize_phone(raw)
        except InvalidPhoneNumber as error:
            raise forms.ValidationError(error.message, code="invalid") from None

    def clean_email(self):
        raw = self.cleaned_data.get("email", "")
        if not raw:
            return ""
        try:
            validate_email(raw.strip())
            return normalize_email(raw)
        except (ValueError, forms.ValidationError):
            raise forms.ValidationError(
                _("Please write a valid e-mail address, for example name@example.org."),
                code="invalid",
            ) from None


def _name_field():
    return forms.CharField(
        label=_("Name or nickname"),
        max_length=100,
        error_messages={
            "required": _("Please write a name or a nickname."),
            "max_length": _("A name can be up to %(limit_value)d characters long."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )


def _family_field():
    return forms.IntegerField(
        label=_("How many people of your family will come, counting you?"),
        min_value=1,
        max_value=MAX_FAMILY,
        initial=1,
        error_messages={
            "required": _("Please write how many people will come."),
            "invalid": _("Please write a number, for example 3."),
            "min_value": _("At least one person: you."),
            "max_value": _("Up to %(limit_value)s people per registration."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class RegistrationForm(ContactMixin, HoneypotMixin, forms.Form):
    name = _name_field()
    phone = forms.CharField(
        label=_("Mobile phone (for text messages)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("Or an e-mail address"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(
        label=_("Language we should write to you in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose Spanish or English.")},
    )
    family_size = _family_field()
    join_zone = forms.BooleanField(
        label=_("Also join the neighbors' network of my zone"),
        required=False,
    )
    zone = forms.ModelChoiceField(
        label=pgettext_lazy("registration form", "My zone"),
        queryset=Zone.objects.all(),
        required=False,
        empty_label=pgettext_lazy("registration form", "Choose your zone"),
    )

    def __init__(self, *args, workshop=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].help_text = _(
            "We use it only for this workshop: a confirmation and reminders. We delete it "
            "%(days)s days after the workshop."
        ) % {"days": RETENTION_DAYS}
        if workshop is not None and workshop.zone_id and not self.is_bound:
            self.initial.setdefault("zone", workshop.zone_id)
        if not Zone.objects.exists():
            del self.fields["join_zone"]
            del self.fields["zone"]

    @cached_property
    def consent(self):
        """The words shown beside "join the zone": read when the page shows them, not for a
        post that registers."""
        return ConsentText.current()

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("phone") or cleaned.get("email")) and not (
            self.has_error("phone") or self.has_error("email")
        ):
            self.add_error(
                "phone",
                forms.ValidationError(
                    _("Please give a phone number or an e-mail address, so we can confirm."),
                    code="required",
                ),
            )
        if cleaned.get("join_zone") and not cleaned.get("zone"):
            self.add_error(
                "zone", forms.ValidationError(_("Please choose your zone."), code="required")
            )
        return cleaned


class WalkInForm(ContactMixin, forms.Form):
    name = _name_field()
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    email = forms.CharField(label=_("E-mail (optional)"), max_length=254, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    family_size = _family_field()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Ticket code"),
        max_length=400,
        help_text=_("The 8 letters and numbers under the QR code, or scan it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class FollowUpForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Send to"),
        choices=[
            ("attended", _("Those who came")),
            ("missed", _("Those who registered and did not come")),
        ],
        widget=forms.RadioSelect,
    )
    body_en = forms.CharField(
        label=_("Text in English"), max_length=600, widget=forms.Textarea(attrs={"rows": 4})
    )
    body_es = forms.CharField(
        label=_("Text in Spanish"), max_length=600, widget=forms.Textarea(attrs={"rows": 4})
    )
