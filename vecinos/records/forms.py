from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vecinos.core.widgets import QuickSelect
from vecinos.records.models import Agency, RecordsRequest

MAX_QUERY_LENGTH = 200


class ArchiveSearchForm(forms.Form):
    """The archive's search box and filters, read from the query string (GET)."""

    q = forms.CharField(
        label=pgettext_lazy("archive search", "Words to find"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Searches titles, descriptions and the text inside the documents."),
    )
    agency = forms.ModelChoiceField(
        label=pgettext_lazy("public body", "Agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=pgettext_lazy("agency filter", "All agencies"),
        widget=QuickSelect,
    )
    request = forms.ModelChoiceField(
        label=_("Records request"),
        queryset=RecordsRequest.objects.none(),
        required=False,
        empty_label=pgettext_lazy("request filter", "All requests"),
        widget=QuickSelect,
    )

    def __init__(self, *args, localizer, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices are the localizer's rows, already read for the results; the querysets
        # check a submitted choice.
        for name, model, rows in (
            ("agency", Agency, localizer.agencies.values()),
            ("request", RecordsRequest, localizer.requests.values()),
        ):
            field = self.fields[name]
            field.queryset = model.objects.filter(locale_id=localizer.locale_id)
            field.choices = [("", field.empty_label)] + [(row.pk, str(row)) for row in rows]

    def has_criteria(self) -> bool:
        """Whether the visitor asked for anything beyond the plain archive listing."""
        return bool(self.is_bound and any(self.data.get(name) for name in self.fields))
