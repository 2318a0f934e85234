"""The signing form under a letter, and the staff's note form."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vecinos.core.ratelimit import HoneypotMixin
from vecinos.core.text import strip_invisible
from vecinos.privacy.blind_index import InvalidPhoneNumber, normalize_email, normalize_phone

from .models import Signature


def _clean_line(value: str) -> str:
    return " ".join(strip_invisible(value or "", keep_newlines=False).split())


class SignatureForm(HoneypotMixin, forms.Form):
    """Who signs: an organization (with a private contact) or a person."""

    kind = forms.ChoiceField(
        label=_("I sign"),
        choices=[
            (Signature.Kind.ORGANIZATION, _("On behalf of an organization")),
            (Signature.Kind.INDIVIDUAL, _("As an individual")),
        ],
        initial=Signature.Kind.ORGANIZATION,
        widget=forms.RadioSelect,
    )
    public_name = forms.CharField(
        label=_("Name of the organization, or your name"),
        max_length=160,
        help_text=_("Shown under the letter."),
        error_messages={"required": _("Enter the name to show under the letter.")},
    )
    city = forms.CharField(
        label=_("City"),
        max_length=80,
        error_messages={"required": _("Enter the city.")},
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    state = forms.CharField(
        label=_("State"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level1"}),
    )
    org_type = forms.ChoiceField(
        label=_("Type of organization"),
        choices=[("", "—")] + list(Signature.OrgType.choices),
        required=False,
    )
    affiliation = forms.CharField(
        label=_("Affiliation (optional, individuals only)"),
        max_length=160,
        required=False,
        help_text=_("For example your congregation or school. Shown beside your name."),
    )
    contact_name = forms.CharField(
        label=_("Contact person (organizations only)"),
        max_length=120,
        required=False,
        help_text=_("Not shown. We may write to confirm that the organization signs."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("Not shown. We send a link here to confirm the signature."),
        error_messages={"required": _("Enter an e-mail address to confirm the signature.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    may_contact = forms.BooleanField(
        label=_("Write to me about this campaign and similar actions."), required=False
    )

    def clean_public_name(self):
        value = _clean_line(self.cleaned_data["public_name"])
        if not any(ch.isalpha() for ch in value):
            raise forms.ValidationError(_("Enter the name to show under the letter."))
        return value

    def clean_city(self):
        value = _clean_line(self.cleaned_data["city"])
        if not value:
            raise forms.ValidationError(_("Enter the city."))
        return value

    def clean_state(self):
        return _clean_line(self.cleaned_data.get("state", ""))

    def clean_affiliation(self):
        return _clean_line(self.cleaned_data.get("affiliation", ""))

    def clean_contact_name(self):
        return _clean_line(self.cleaned_data.get("contact_name", ""))

    def clean_email(self):
        try:
            return normalize_email(self.cleaned_data["email"])
        except ValueError:
            raise forms.ValidationError(
                _("Enter a whole e-mail address, for example name@example.org."), code="invalid"
            ) from None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Signature.Kind.ORGANIZATION:
            if not cleaned.get("org_type"):
                self.add_error("org_type", _("Choose the type of organization."))
            if not cleaned.get("contact_name"):
                self.add_error("contact_name", _("Enter the name of a contact person."))
            if not cleaned.get("state"):
                self.add_error("state", _("Enter the state."))
            cleaned["affiliation"] = ""
        else:
            cleaned["org_type"] = ""
            cleaned["contact_name"] = ""
        return cleaned


class NoteForm(forms.Form):
    """The staff's reason for a decision; kept encrypted with the signature's contacts."""

    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_note(self):
        return strip_invisible(self.cleaned_data.get("note", ""), keep_newlines=True)


class DeliveryForm(forms.Form):
    delivered_on = forms.DateField(
        label=_("Delivered on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class PetitionForm(HoneypotMixin, forms.Form):
    """A petition signature: an e-mail or a phone to confirm it, and what may be shown."""

    first_name = forms.CharField(label=_("First name"), max_length=60, required=False)
    city = forms.CharField(label=_("City"), max_length=80, required=False)
    show_publicly = forms.BooleanField(
        label=_("Show my first name and city on this page."), required=False
    )
    email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        help_text=_("We send a link here to confirm. Not shown."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Or a mobile phone"),
        max_length=32,
        required=False,
        help_text=_("We text a code to confirm. Not shown."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    may_contact = forms.BooleanField(
        label=_("Tell me about this campaign and similar actions."), required=False
    )

    def clean_first_name(self):
        return _clean_line(self.cleaned_data.get("first_name", ""))

    def clean_city(self):
        return _clean_line(self.cleaned_data.get("city", ""))

    def clean_email(self):
        value = (self.cleaned_data.get("email") or "").strip()
        if not value:
            return ""
        try:
            return normalize_email(value)
        except ValueError:
            raise forms.ValidationError(
                _("Enter a whole e-mail address, for example name@example.org."), code="invalid"
            ) from None

    def clean_phone(self):
        value = (self.cleaned_data.get("phone") or "").strip()
        if not value:
            return ""
        try:
            return normalize_phone(value)
        except InvalidPhoneNumber as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("email") or cleaned.get("phone")):
            self.add_error("email", _("Enter an e-mail address or a mobile phone to confirm."))
        if cleaned.get("show_publicly") and not cleaned.get("first_name"):
            self.add_error("first_name", _("Enter the first name to show, or leave it hidden."))
        return cleaned


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the text message"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
        error_messages={"required": _("Enter the code we texted you.")},
    )


class RsvpForm(HoneypotMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Are you coming?"),
        choices=[
            ("yes", pgettext_lazy("rsvp", "Yes, I am coming")),
            ("maybe", pgettext_lazy("rsvp", "Maybe")),
            ("no", pgettext_lazy("rsvp", "No, I cannot come")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes, maybe or no.")},
    )
    name = forms.CharField(label=_("Name or nickname"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=32,
        required=False,
        help_text=_("For a reminder by text. Not shown."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("Or e-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    party_size = forms.IntegerField(
        label=_("How many people, counting you?"), min_value=1, max_value=20, initial=1
    )
    may_contact = forms.BooleanField(label=_("Tell me about similar actions."), required=False)

    clean_email = PetitionForm.clean_email
    clean_phone = PetitionForm.clean_phone

    def clean_name(self):
        return _clean_line(self.cleaned_data.get("name", ""))

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("email") or cleaned.get("phone")):
            self.add_error("phone", _("Enter a mobile phone or an e-mail address."))
        return cleaned


class HeadCountForm(forms.Form):
    head_count = forms.IntegerField(label=_("People at the door"), min_value=0, max_value=100_000)
