"""The public application form."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vecinos.core.ratelimit import HoneypotMixin
from vecinos.core.text import strip_invisible
from vecinos.jobs.documents import sniff_document_type
from vecinos.jobs.shredders import retention_days

MAX_RESUME_BYTES = 5 * 1024 * 1024
MAX_COVER_LETTER_CHARS = 5000

PHONE_CHARACTERS = re.compile(r"^[0-9+().\-\s]+$")


class JobApplicationForm(HoneypotMixin, forms.Form):
    name = forms.CharField(
        label=pgettext_lazy("applicant", "Your name"),
        max_length=200,
        error_messages={
            "required": _("Please write your name."),
            "max_length": _("Your name can be up to %(limit_value)d characters long."),
        },
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        error_messages={
            "required": _("Please write your e-mail address."),
            "invalid": _("Please write a valid e-mail address, for example name@example.org."),
            "max_length": _("This e-mail address is too long."),
        },
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        error_messages={"max_length": _("This phone number is too long.")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    language = forms.ChoiceField(
        label=_("Language we should write to you in"),
        # Each language is named in itself so that a reader of either finds their own.
        choices=[("en", "English"), ("es", "Español")],
        error_messages={
            "required": _("Please choose English or Spanish."),
            "invalid_choice": _("Please choose English or Spanish."),
        },
    )
    cover_letter = forms.CharField(
        label=_("Cover letter"),
        help_text=_("Tell us why you want this job. Up to 5,000 characters."),
        max_length=MAX_COVER_LETTER_CHARS,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": _("Please write a few lines."),
            "max_length": _(
                "Your letter can be up to %(limit_value)d characters long; "
                "it has %(show_value)d now."
            ),
        },
    )
    resume = forms.FileField(
        label=_("Résumé"),
        help_text=_("A PDF, Word (DOC or DOCX) or OpenDocument (ODT) file, up to 5 MB."),
        widget=forms.FileInput(
            attrs={
                "accept": ".pdf,.doc,.docx,.odt,application/pdf,application/msword,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                "application/vnd.oasis.opendocument.text"
            }
        ),
        error_messages={
            "required": _("Please attach your résumé."),
            "empty": _("The file you attached is empty."),
        },
    )
    consent = forms.BooleanField(
        label=_("I agree that my application is kept and read for this hiring process."),
        error_messages={"required": _("Please tick the box to agree before you send.")},
    )

    def __init__(self, *args, resume_too_large: bool = False, **kwargs):
        # The view skips storing a file past the size limit while the upload streams in,
        # so the form only learns that it happened.
        self.resume_too_large = resume_too_large
        super().__init__(*args, **kwargs)
        if resume_too_large:
            self.fields["resume"].required = False
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["consent"].help_text = _(
            "We keep your application for %(days)s days after you send it, then delete it. "
            "Only the staff who hire can read it, and we never share it."
        ) % {"days": retention_days()}

    def clean_name(self):
        name = strip_invisible(self.cleaned_data["name"], keep_newlines=False)
        if not any(char.isalnum() for char in name):
            raise forms.ValidationError(_("Please write your name."), code="invalid")
        return name

    def clean_phone(self):
        phone = strip_invisible(self.cleaned_data["phone"], keep_newlines=False)
        if not phone:
            return ""
        digits = sum(char.isdigit() for char in phone)
        if not PHONE_CHARACTERS.match(phone) or not 7 <= digits <= 15:
            raise forms.ValidationError(
                _("Please write a phone number with digits only, for example 215 555 0134."),
                code="invalid",
            )
        return phone

    def clean_cover_letter(self):
        letter = strip_invisible(self.cleaned_data["cover_letter"], keep_newlines=True)
        if not letter:
            raise forms.ValidationError(_("Please write a few lines."), code="required")
        return letter

    def clean_resume(self):
        if self.resume_too_large:
            raise forms.ValidationError(_("Your résumé is larger than 5 MB."), code="too_large")
        resume = self.cleaned_data["resume"]
        if resume.size > MAX_RESUME_BYTES:
            raise forms.ValidationError(_("Your résumé is larger than 5 MB."), code="too_large")
        if sniff_document_type(resume) is None:
            raise forms.ValidationError(
                _("We can only accept a PDF, DOC, DOCX or ODT file."), code="file_type"
            )
        return resume
