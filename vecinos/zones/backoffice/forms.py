"""Forms of the zones back office."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vecinos.accounts.roles import Role
from vecinos.core import pagecache
from vecinos.core.widgets import QuickSelect
from vecinos.privacy.blind_index import InvalidPhoneNumber, normalize_email, normalize_phone

from ..access import RevealReason
from ..geo import guess_name_property
from ..models import Block, ConsentText, Member, Tag, Zone
from ..staff import allowed_statuses


def upload_limit() -> int:
    """The largest GeoJSON file staff may upload, in bytes."""
    return settings.VECINOS_SHAPES_UPLOAD_MAX_BYTES


def block_choices(blocks) -> list:
    """Blocks grouped by zone, for a select."""
    groups: dict[str, list] = {}
    blocks = blocks.select_related("zone").only("pk", "name", "code", "zone__name")
    for block in blocks.order_by("zone__name", "name", "code"):
        label = block.name if block.name == block.code else f"{block.name} ({block.code})"
        groups.setdefault(block.zone.name, []).append((block.pk, label))
    return list(groups.items())


# The empty choice of every filter: "Cualquiera" fits any noun in Spanish, "Todos" would not.
ANY = pgettext_lazy("filter choice", "Any")


def split_tags(text: str) -> list[str]:
    return [tag.strip() for tag in (text or "").split(",") if tag.strip()]


def filter_choices() -> dict[str, list]:
    """Every zone, block and tag as the member filters offer them, read once per process until
    one of them changes (their signals purge: vecinos/zones/apps.py). The labels that are
    translated stay lazy, so one copy serves both languages."""

    def build():
        return {
            "zone": [("", ANY)] + list(Zone.objects.values_list("pk", "name")),
            "block": [("", ANY)] + block_choices(Block.objects),
            "tag": [("", ANY)] + list(Tag.objects.values_list("pk", "name")),
            "role": [("", ANY)] + Member.Role.choices,
            "status": [("", ANY)] + Member.Status.choices,
        }

    return pagecache.remember("zones.member-filters", build)


class MemberFilterForm(forms.Form):
    """Filters of the member list; a captain's choices are their own blocks only (and their
    zones), an organizer's every zone, block and tag (filter_choices)."""

    zone = forms.TypedChoiceField(
        label=_("Zone"), required=False, coerce=int, empty_value=None, widget=QuickSelect
    )
    block = forms.TypedChoiceField(
        label=_("Block"), required=False, coerce=int, empty_value=None, widget=QuickSelect
    )
    role = forms.ChoiceField(
        label=pgettext_lazy("member field", "Role"), required=False, widget=QuickSelect
    )
    status = forms.ChoiceField(label=_("Status"), required=False, widget=QuickSelect)
    tag = forms.TypedChoiceField(
        label=_("Tag"), required=False, coerce=int, empty_value=None, widget=QuickSelect
    )

    def __init__(self, *args, captain_blocks=None, **kwargs):
        """`captain_blocks`: the blocks a captain sees; None for someone who sees them all."""
        super().__init__(*args, **kwargs)
        choices = dict(filter_choices())
        if captain_blocks is not None:
            zones = Zone.objects.filter(blocks__in=captain_blocks).distinct()
            choices["zone"] = [("", ANY)] + list(zones.values_list("pk", "name"))
            choices["block"] = [("", ANY)] + block_choices(captain_blocks)
        for name, field in self.fields.items():
            field.choices = choices[name]

    def filter(self, members):
        """Return `members` narrowed to the chosen filters (invalid ones are ignored)."""
        if not self.is_valid():
            return members
        data = self.cleaned_data
        if data.get("zone"):
            members = members.filter(zone_id=data["zone"])
        if data.get("block"):
            members = members.filter(block_id=data["block"])
        if data.get("role"):
            members = members.filter(role=data["role"])
        if data.get("status"):
            members = members.filter(status=data["status"])
        if data.get("tag"):
            members = members.filter(tags__id=data["tag"])
        return members


class RevealForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you need their phone number and e-mail?"),
        choices=[("", _("Choose a reason"))] + RevealReason.choices,
    )


class MemberEditForm(forms.Form):
    role = forms.ChoiceField(
        label=pgettext_lazy("member field", "Role"), choices=Member.Role.choices
    )
    status = forms.ChoiceField(label=_("Status"))
    block = forms.TypedChoiceField(label=_("Block"), required=False, coerce=int, empty_value=None)
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=600,
        help_text=_("Separated by commas, for example: church group, speaks Mixteco."),
    )
    notes = forms.CharField(
        label=_("Organizers' notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Only what organizing needs. Never immigration status, documents or identity numbers."
        ),
    )

    def __init__(self, *args, member: Member, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "role": member.role,
                "status": member.status,
                "block": member.block_id,
                "tags": ", ".join(member.tags.values_list("name", flat=True)),
                "notes": member.notes,
            },
        )
        super().__init__(*args, **kwargs)
        labels = dict(Member.Status.choices)
        self.fields["status"].choices = [(s, labels[s]) for s in allowed_statuses(member)]
        self.fields["block"].choices = [("", _("No block yet"))] + block_choices(Block.objects)

    def clean_block(self):
        pk = self.cleaned_data.get("block")
        return Block.objects.filter(pk=pk).first() if pk else None

    def clean_tags(self):
        return split_tags(self.cleaned_data.get("tags", ""))


class MemberAddForm(forms.Form):
    """An organizer signs someone up in person, with that person's agreement."""

    name = forms.CharField(label=_("Name or nickname"), max_length=100)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="es")
    block = forms.TypedChoiceField(label=_("Block"), required=False, coerce=int, empty_value=None)
    role = forms.ChoiceField(
        label=pgettext_lazy("member field", "Role"),
        choices=Member.Role.choices,
        initial=Member.Role.MEMBER,
    )
    available_mornings = forms.BooleanField(label=_("Available mornings"), required=False)
    available_evenings = forms.BooleanField(label=_("Available evenings"), required=False)
    has_car = forms.BooleanField(label=_("Has a car"), required=False)
    tags = MemberEditForm.base_fields["tags"]
    notes = MemberEditForm.base_fields["notes"]
    agreed = forms.BooleanField(
        label=_("I read the consent text to this person and they agreed to it."), required=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["block"].choices = [("", _("No block yet"))] + block_choices(Block.objects)

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if not phone:
            return ""
        try:
            return normalize_phone(phone)
        except InvalidPhoneNumber:
            raise forms.ValidationError(
                _("This is not a phone number we can text. Check the digits.")
            ) from None

    def clean_email(self):
        email = self.cleaned_data.get("email", "").strip()
        if not email:
            return ""
        try:
            return normalize_email(email)
        except ValueError:
            raise forms.ValidationError(_("Enter a valid e-mail address.")) from None

    def clean_block(self):
        pk = self.cleaned_data.get("block")
        return Block.objects.select_related("zone").filter(pk=pk).first() if pk else None

    def clean_tags(self):
        return split_tags(self.cleaned_data.get("tags", ""))

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("phone") or cleaned.get("email")):
            raise forms.ValidationError(_("Give a phone number or an e-mail address, or both."))
        return cleaned


class BlockForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("The name neighbors know it by, for example “Las Casitas on 9th Street”."),
    )
    captain_accounts = forms.ModelMultipleChoiceField(
        label=_("Captains' staff accounts"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They see this block's members, and no other block's."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["captain_accounts"].queryset = (
            get_user_model()
            .objects.filter(groups__name=Role.CAPTAIN, is_active=True)
            .order_by("username")
        )
        self.fields["captain_accounts"].label_from_instance = lambda user: user.get_username()


class ConsentTextForm(forms.Form):
    version = forms.CharField(
        label=_("Version"), max_length=20, help_text=_("A new name, for example 2026-12.")
    )
    text_en = forms.CharField(label=_("Text in English"), widget=forms.Textarea(attrs={"rows": 6}))
    text_es = forms.CharField(label=_("Text in Spanish"), widget=forms.Textarea(attrs={"rows": 6}))

    def clean_version(self):
        version = self.cleaned_data["version"].strip()
        if ConsentText.objects.filter(version=version).exists():
            raise forms.ValidationError(_("This version exists already: give the new one a name."))
        return version


class ShapesUploadForm(forms.Form):
    KIND_CHOICES = [
        ("zones", _("Zones (for example neighborhoods)")),
        ("blocks", _("Blocks (for example ward divisions), each put in the zone that holds it")),
    ]

    kind = forms.ChoiceField(label=_("What the file holds"), choices=KIND_CHOICES)
    file = forms.FileField(
        label=_("GeoJSON file"),
        help_text=_("A FeatureCollection of polygons in longitude/latitude (WGS84)."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > upload_limit():
            raise forms.ValidationError(
                _("The file is larger than %(megabytes)s MB. Simplify the shapes or split it.")
                % {"megabytes": upload_limit() // (1024 * 1024)}
            )
        return upload


class ZoneImportForm(forms.Form):
    name_property = forms.ChoiceField(label=_("Property that names each zone"))
    attribution = forms.CharField(
        label=_("Attribution"),
        max_length=300,
        required=False,
        help_text=_("Who made the shapes and under which license, shown under every map."),
    )
    only = forms.CharField(
        label=_("Only these zones"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name per line. Leave empty to import every feature."),
    )

    def __init__(self, *args, properties: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_property"].choices = [(name, name) for name in properties]

    def clean_only(self):
        return [line.strip() for line in self.cleaned_data["only"].splitlines() if line.strip()]


class BlockImportForm(forms.Form):
    code_property = forms.ChoiceField(label=_("Property that identifies each block"))
    name_property = forms.ChoiceField(label=_("Property that names each block"), required=False)
    zone = forms.ModelChoiceField(
        label=_("Zone"),
        queryset=Zone.objects.all(),
        required=False,
        empty_label=_("The zone that holds each block"),
    )

    def __init__(self, *args, properties: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(name, name) for name in properties]
        self.fields["code_property"].choices = choices
        self.fields["name_property"].choices = [
            ("", _("None: staff name the blocks afterwards"))
        ] + choices
        self.fields["name_property"].help_text = _(
            "Texts and alerts call a block by this name (cross streets or a landmark), never "
            "by its identifier."
        )
        self.fields["name_property"].initial = guess_name_property(properties)
