"""The public report form, and the forms of the dispatcher console."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vecinos.core.ratelimit import HoneypotMixin
from vecinos.privacy.photos import MAX_PHOTO_BYTES, InvalidPhoto, clean_photo
from vecinos.zones.models import Block

from .models import Activity, Agency, AlertContact, Case, CaseTask, Incident, IncidentRecord
from .services import NewReport

MAX_PHOTOS = 3
MAX_DESCRIPTION_CHARS = 2000
# When it was seen, as a choice a frightened person can make in a second.
WHEN_CHOICES = [
    ("0", pgettext_lazy("seen", "Right now")),
    ("15", pgettext_lazy("seen", "About 15 minutes ago")),
    ("30", pgettext_lazy("seen", "About half an hour ago")),
    ("60", pgettext_lazy("seen", "About an hour ago")),
    ("120", pgettext_lazy("seen", "Two hours ago or more")),
]


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS images; each is checked by decoding it, not by its name."""

    widget = MultiplePhotoInput

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("You can send up to %(count)d photos.") % {"count": MAX_PHOTOS}
            )
        for upload in files:
            if upload.size > MAX_PHOTO_BYTES:
                raise forms.ValidationError(_("Each photo can be up to 8 MB."))
            try:
                clean_photo(upload)
            except InvalidPhoto:
                raise forms.ValidationError(
                    _("One of the files is not a photo we can read. Try a JPEG or PNG.")
                ) from None
            upload.seek(0)
        return files


def block_choices():
    """Blocks grouped by zone, for a list that works without JavaScript."""
    groups: dict[str, list] = {}
    # Three columns of every named block, not the blocks and zones with their shapes: the
    # form is built on every post too.
    named = Block.objects.exclude(name="").order_by("zone__name", "name")
    for pk, name, zone in named.values_list("pk", "name", "zone__name"):
        groups.setdefault(zone, []).append((str(pk), name))
    return [("", pgettext_lazy("block", "I don't know the block"))] + list(groups.items())


class ReportForm(HoneypotMixin, forms.Form):
    agency = forms.ChoiceField(
        label=_("Who is it?"),
        choices=Agency.choices,
        initial=Agency.UNKNOWN,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose who it is, or “I don't know”.")},
    )
    activity = forms.ChoiceField(
        label=_("What are they doing?"),
        choices=Activity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what they are doing.")},
    )
    agents = forms.IntegerField(
        label=_("How many agents? (a guess is fine)"),
        min_value=0,
        max_value=500,
        required=False,
        error_messages={"invalid": _("Please write a number, or leave it empty.")},
    )
    vehicles = forms.IntegerField(
        label=_("How many vehicles?"),
        min_value=0,
        max_value=200,
        required=False,
        error_messages={"invalid": _("Please write a number, or leave it empty.")},
    )
    description = forms.CharField(
        label=_("What did you see? (optional)"),
        help_text=_("Vehicles, uniforms, what they said. Please do not write anyone's name."),
        max_length=MAX_DESCRIPTION_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    latitude = forms.FloatField(
        required=False, min_value=-90, max_value=90, widget=forms.HiddenInput
    )
    longitude = forms.FloatField(
        required=False, min_value=-180, max_value=180, widget=forms.HiddenInput
    )
    cross_streets = forms.CharField(
        label=_("Cross streets or a landmark"),
        help_text=_("For example: 9th and Washington, or the church on Tasker Street."),
        max_length=200,
        required=False,
    )
    block = forms.ChoiceField(label=_("Or choose the block from the list"), required=False)
    when = forms.ChoiceField(label=_("When did you see it?"), choices=WHEN_CHOICES, initial="0")
    photos = PhotosField(
        label=_("Photos (optional, up to 3)"),
        help_text=_(
            "We remove the hidden location and phone details from photos before we keep them."
        ),
        required=False,
        widget=MultiplePhotoInput(attrs={"accept": "image/*", "multiple": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["block"].choices = block_choices()

    def clean_block(self):
        value = self.cleaned_data.get("block")
        if not value:
            return None
        return Block.objects.select_related("zone").filter(pk=value).first()

    def clean(self):
        cleaned = super().clean()
        has_point = cleaned.get("latitude") is not None and cleaned.get("longitude") is not None
        if not (has_point or cleaned.get("cross_streets") or cleaned.get("block")):
            raise forms.ValidationError(
                _("Please tell us where: tap the map, write the cross streets, or choose a block.")
            )
        return cleaned

    def seen_at(self):
        return timezone.now() - timedelta(minutes=int(self.cleaned_data.get("when") or 0))

    def new_report(self, *, channel: str, language: str) -> NewReport:
        """Return what the valid form says, as a report received on `channel`."""
        data = self.cleaned_data
        return NewReport(
            channel=channel,
            language=language,
            agency=data["agency"],
            activity=data["activity"],
            agents=data["agents"],
            vehicles=data["vehicles"],
            description=data["description"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            cross_streets=data["cross_streets"],
            block=data["block"],
            seen_at=self.seen_at(),
            photos=data["photos"],
        )


class StateForm(forms.Form):
    state = forms.ChoiceField(choices=Incident.State.choices)
    note = forms.CharField(required=False, max_length=2000)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AlertForm(forms.Form):
    template = forms.ChoiceField(label=_("Message"))
    include_neighbours = forms.BooleanField(
        label=_("The neighboring blocks"), required=False, initial=True
    )
    include_zone = forms.BooleanField(label=_("The whole zone"), required=False)
    include_legal = forms.BooleanField(label=_("The legal team"), required=False)
    include_partners = forms.BooleanField(label=_("Partner organizations"), required=False)

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = templates


class ShiftForm(forms.Form):
    dispatcher = forms.ChoiceField(label=_("Dispatcher"))
    backup = forms.ChoiceField(label=_("Backup"), required=False)
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args, dispatchers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dispatcher"].choices = dispatchers
        self.fields["backup"].choices = [("", "—"), *dispatchers]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_at") and cleaned.get("ends_at"):
            if cleaned["ends_at"] <= cleaned["starts_at"]:
                raise forms.ValidationError(_("A shift must end after it starts."))
        return cleaned


class DispatcherForm(forms.Form):
    """Make a staff member with the dispatcher (or admin) role pageable for shifts."""

    user = forms.ModelChoiceField(label=_("Staff member"), queryset=None)
    phone = forms.CharField(
        label=_("Phone for pages"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the pages"), choices=[("es", "Español"), ("en", "English")]
    )

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=["dispatcher", "admin"])
            .distinct()
            .order_by("username")
        )

    def clean_phone(self):
        from vecinos.privacy.blind_index import InvalidPhoneNumber, normalize_phone

        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        try:
            return normalize_phone(phone)
        except InvalidPhoneNumber:
            raise forms.ValidationError(_("Please write a phone number we can text.")) from None


class AlertContactForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AlertContact.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    phone = forms.CharField(
        label=_("Phone"), max_length=32, required=False, widget=forms.TextInput({"type": "tel"})
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("es", "Español"), ("en", "English")]
    )

    def clean_phone(self):
        from vecinos.privacy.blind_index import InvalidPhoneNumber, normalize_phone

        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        try:
            return normalize_phone(phone)
        except InvalidPhoneNumber:
            raise forms.ValidationError(_("Please write a phone number we can text.")) from None

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("phone") or cleaned.get("email")):
            raise forms.ValidationError(_("Give a phone number or an e-mail address."))
        return cleaned


class RecordForm(forms.ModelForm):
    class Meta:
        model = IncidentRecord
        fields = [
            "agents",
            "vehicles",
            "activity",
            "location",
            "unit",
            "started_at",
            "ended_at",
            "equipment",
            "outcome",
            "notes",
        ]
        widgets = {
            "location": forms.TextInput,
            "unit": forms.TextInput,
            "equipment": forms.TextInput,
            "started_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "ended_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class CaseForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ["family", "contact_phone", "language", "notes"]
        widgets = {
            "family": forms.TextInput,
            "contact_phone": forms.TextInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class CaseTaskForm(forms.ModelForm):
    class Meta:
        model = CaseTask
        fields = ["kind", "owner", "due_on", "note"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "note": forms.TextInput,
        }


class StaffReportForm(ReportForm):
    """A report the dispatcher types in from a call or a visit."""
