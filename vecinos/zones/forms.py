"""The public forms of the zones: joining, the code sent by text, and a member's own changes.

None of them asks for immigration status, documents or identity numbers, and none ever will:
the zone needs to know how to reach a neighbour and where, nothing about who they are.
"""

import re

from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from vecinos.core.ratelimit import HoneypotMixin
from vecinos.core.text import strip_invisible
from vecinos.privacy.blind_index import PHONE_ERROR, InvalidPhoneNumber, normalize_phone

from . import geo
from .models import ConsentText, Zone
from .services import CODE_DIGITS, Signup

# The block field's value for "I don't know my block": the member joins the zone only, and
# organizers place them later.
UNKNOWN_BLOCK = "unknown"
PHONE_CHARACTERS = re.compile(r"^[0-9+().\-\s]+$")
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# Each language is named in itself, so that a reader of either finds their own.
MESSAGE_LANGUAGES = [("es", "Español"), ("en", "English")]
# Languages a member speaks, by code, stored comma-separated on the member. The Indigenous
# languages of Mexico and Guatemala are common among the neighbours these zones serve.
SPOKEN_LANGUAGES = [
    ("es", pgettext_lazy("language spoken", "Spanish")),
    ("en", pgettext_lazy("language spoken", "English")),
    ("pt", pgettext_lazy("language spoken", "Portuguese")),
    ("ht", pgettext_lazy("language spoken", "Haitian Creole")),
    ("quc", pgettext_lazy("language spoken", "K'iche'")),
    ("mam", pgettext_lazy("language spoken", "Mam")),
    ("mix", pgettext_lazy("language spoken", "Mixtec")),
    ("nah", pgettext_lazy("language spoken", "Nahuatl")),
    ("other", pgettext_lazy("language spoken", "Another language")),
]


class ZoneSelect(forms.Select):
    """A zone list whose options carry the address of the zone's shapes and their credit.

    The map script reads them (`data-shapes`, `data-attribution`); without JavaScript they
    are inert.
    """

    def __init__(self, *args, shapes_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.shapes_url = shapes_url

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        zone = getattr(value, "instance", None)
        if zone is not None and self.shapes_url:
            option["attrs"]["data-shapes"] = self.shapes_url(zone)
            option["attrs"]["data-attribution"] = zone.attribution
        return option


class ZoneChoiceField(forms.ModelChoiceField):
    """The zones, listed from the queryset and found by slug in this process's block index."""

    def label_from_instance(self, obj):
        return obj.name

    def to_python(self, value):
        if value in self.empty_values:
            return None
        zone = geo.block_index().zone(value) if isinstance(value, str) else None
        if zone is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return zone


def message_language_field() -> forms.ChoiceField:
    """The language a member's texts and e-mails are written in."""
    return forms.ChoiceField(
        label=_("Language for our messages"),
        choices=MESSAGE_LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose English or Spanish."),
            "invalid_choice": _("Please choose English or Spanish."),
        },
    )


class BlockPickerMixin:
    """A zone, then a block of that zone (or "I don't know my block").

    The block list depends on the zone chosen: the form builds it from the submitted (or
    initial) zone, so without JavaScript a first submit with "Show the blocks" brings the
    list, and with JavaScript the map script fills the same list from the zone's shapes.
    """

    def add_block_fields(self, *, shapes_url=None):
        self.fields["zone"] = ZoneChoiceField(
            label=_("Your neighborhood"),
            queryset=Zone.objects.order_by("name"),
            to_field_name="slug",
            empty_label=_("Choose your neighborhood"),
            widget=ZoneSelect(shapes_url=shapes_url),
            error_messages={
                "required": _("Please choose your neighborhood."),
                "invalid_choice": _("Please choose your neighborhood from the list."),
            },
        )
        self.fields["block"] = forms.ChoiceField(
            label=_("Your block"),
            help_text=_(
                "The few streets around your home. If you are not sure, choose "
                "“I don't know my block”: an organizer will help you."
            ),
            required=True,
            error_messages={
                "required": _("Please choose your block, or “I don't know my block”."),
                "invalid_choice": _("Please choose a block of the neighborhood you chose."),
            },
        )
        self.chosen_zone = self._zone_from_input()
        self.fields["block"].choices = self._block_choices(self.chosen_zone)

    def _zone_from_input(self):
        slug = self.data.get(self.add_prefix("zone")) if self.is_bound else None
        if slug is None:
            initial = self.initial.get("zone")
            slug = initial.slug if isinstance(initial, Zone) else initial
        if not isinstance(slug, str) or len(slug) > 120 or not SLUG.fullmatch(slug):
            return None
        # The zone, its blocks and the block chosen come from this process's block index,
        # not three queries per post; a zone or block saved in another process reaches it
        # within geo.VERSION_CHECK_SECONDS.
        return geo.block_index().zone(slug)

    def _block_choices(self, zone):
        if zone is None:
            return [("", _("Choose your neighborhood first"))]
        choices = [("", _("Choose your block"))]
        choices.append((UNKNOWN_BLOCK, _("I don't know my block")))
        choices += [(str(pk), name) for pk, name in geo.block_index().named_blocks(zone.pk)]
        return choices

    def clean_block(self):
        value = self.cleaned_data["block"]
        if value == UNKNOWN_BLOCK:
            return None
        block = geo.block_index().row(int(value))
        if block is None or block.zone_id != self.chosen_zone.pk:
            raise forms.ValidationError(
                self.fields["block"].error_messages["invalid_choice"], code="invalid_choice"
            )
        # The zone it was just found in, not read again by whoever uses the block.
        block.zone = self.chosen_zone
        return block


class JoinForm(HoneypotMixin, BlockPickerMixin, forms.Form):
    """Join a zone: who you are (a name or nickname), how to reach you, where, and when."""

    name = forms.CharField(
        label=_("Name or nickname"),
        help_text=_("What your neighbors call you. It does not have to be your legal name."),
        max_length=100,
        error_messages={
            "required": _("Please write a name or a nickname."),
            "max_length": _("A name can be up to %(limit_value)d characters long."),
        },
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        help_text=_("We send a code to this number to confirm it's yours."),
        max_length=40,
        required=False,
        error_messages={"max_length": _("This phone number is too long.")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Only if you have no mobile phone, or prefer e-mail."),
        max_length=254,
        required=False,
        error_messages={
            "invalid": _("Please write a valid e-mail address, for example name@example.org."),
            "max_length": _("This e-mail address is too long."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = message_language_field()
    available_mornings = forms.BooleanField(label=_("I can help in the mornings"), required=False)
    available_evenings = forms.BooleanField(label=_("I can help in the evenings"), required=False)
    has_car = forms.BooleanField(label=_("I have a car"), required=False)
    languages_spoken = forms.MultipleChoiceField(
        label=_("Languages I speak"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Please choose languages from the list.")},
    )
    consent_version = forms.CharField(widget=forms.HiddenInput, max_length=20, required=False)
    consent = forms.BooleanField(
        label=_("I have read this and I agree."),
        error_messages={"required": _("Please tick the box to agree before you join.")},
    )

    field_order = ["name", "phone", "email", "language", "zone", "block"]

    def __init__(self, *args, consent: ConsentText, shapes_url=None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("language", get_language())
        kwargs["initial"].setdefault("consent_version", consent.version)
        super().__init__(*args, **kwargs)
        self.add_block_fields(shapes_url=shapes_url)
        self.order_fields(self.field_order)
        self.consent_text = self._consent_shown(consent)
        self.fields["name"].widget.attrs["autocomplete"] = "nickname"

    def _consent_shown(self, current):
        # The person agrees to the words they read: a form sent after an organizer changed
        # the text records the version that was on their screen.
        if self.is_bound:
            version = self.data.get(self.add_prefix("consent_version"))
            if isinstance(version, str) and version and version != current.version:
                # A version is short printable text; anything else (a NUL byte, which
                # PostgreSQL refuses in a query) names no version, like an unknown one.
                if not (version.isprintable() and len(version) <= 20):
                    return None
                return ConsentText.objects.filter(version=version).first()
        return current

    @property
    def shared_key(self) -> str | None:
        """The chosen zone's slug ("" for none) when this is the fresh form every visitor
        gets, whose HTML can be kept (`{% remember %}`); None when it shows what someone typed.
        """
        if self.is_bound or set(self.initial) - {"language", "consent_version", "zone"}:
            return None
        if self.initial["language"] != get_language() or self.consent_text is None:
            return None
        if self.initial["consent_version"] != self.consent_text.version:
            return None
        zone = self.initial.get("zone")
        slug = self.chosen_zone.slug if self.chosen_zone is not None else ""
        return slug if zone in (None, "", slug) else None

    @property
    def consent_wording(self) -> str:
        """The consent text in the language of the page."""
        return self.consent_text.text(get_language()) if self.consent_text else ""

    @property
    def availability_fields(self):
        return [self[name] for name in ("available_mornings", "available_evenings", "has_car")]

    def clean_name(self):
        name = strip_invisible(self.cleaned_data["name"], keep_newlines=False)
        if not any(char.isalnum() for char in name):
            raise forms.ValidationError(_("Please write a name or a nickname."), code="invalid")
        return name

    def clean_phone(self):
        phone = strip_invisible(self.cleaned_data["phone"], keep_newlines=False)
        if not phone:
            return ""
        if not PHONE_CHARACTERS.match(phone):
            raise forms.ValidationError(PHONE_ERROR, code="invalid")
        try:
            return normalize_phone(phone)
        except InvalidPhoneNumber:
            raise forms.ValidationError(PHONE_ERROR, code="invalid") from None

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        if self.consent_text is None:
            self.consent_text = ConsentText.current()
            self.add_error(
                "consent",
                forms.ValidationError(
                    _("The text you agree to has changed. Please read it again and tick the box."),
                    code="consent_changed",
                ),
            )
        if not self.errors.get("phone") and not self.errors.get("email"):
            if not cleaned.get("phone") and not cleaned.get("email"):
                raise forms.ValidationError(
                    _(
                        "Please write a mobile phone number or an e-mail address, "
                        "so we can reach you."
                    ),
                    code="no_contact",
                )
        return cleaned

    def signup(self) -> Signup:
        """Return what the person gave, for services.join_zone."""
        data = self.cleaned_data
        return Signup(
            name=data["name"],
            language=data["language"],
            phone=data["phone"],
            email=data["email"],
            zone=data["zone"],
            block=data["block"],
            available_mornings=data["available_mornings"],
            available_evenings=data["available_evenings"],
            has_car=data["has_car"],
            languages_spoken=data["languages_spoken"],
            consent=self.consent_text,
        )


class CodeForm(forms.Form):
    """The six digits sent by text message."""

    code = forms.CharField(
        label=_("The code from the text message"),
        help_text=_("Six digits."),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": "8"}
        ),
        error_messages={
            "required": _("Please type the code we sent you."),
            "max_length": _("The code has six digits."),
        },
    )

    def clean_code(self):
        # People copy codes with spaces or dashes ("123 456"); only digits matter.
        code = re.sub(r"[\s\-.]", "", self.cleaned_data["code"])
        if not re.fullmatch(rf"[0-9]{{{CODE_DIGITS}}}", code):
            raise forms.ValidationError(_("The code has six digits."), code="invalid")
        return code


class ChangeBlockForm(BlockPickerMixin, forms.Form):
    """A member moves to another block or neighborhood."""

    def __init__(self, *args, shapes_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_block_fields(shapes_url=shapes_url)


class LanguageForm(forms.Form):
    language = message_language_field()
