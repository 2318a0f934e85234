"""The legal-hold switch in the Wagtail admin, for admins only."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from vecinos.accounts.roles import Role, has_role
from vecinos.privacy.models import LegalHold
from vecinos.privacy.retention import set_legal_hold


def is_admin(user) -> bool:
    """Only admins (and superusers) read the audit log and switch the legal hold."""
    return has_role(user, Role.ADMIN)


class LegalHoldForm(forms.Form):
    enabled = forms.BooleanField(
        label=_("Hold all records"),
        required=False,
        help_text=_(
            "While the hold is on, nothing is purged on schedule: use it only when the "
            "organization has been told to preserve records."
        ),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("For example, the date of the preservation letter. Do not name people."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("enabled") and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why records must be preserved."))
        return cleaned


class LegalHoldView(WagtailAdminTemplateMixin, FormView):
    form_class = LegalHoldForm
    template_name = "privacy/admin/legal_hold.html"
    page_title = _("Legal hold")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not is_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        hold = LegalHold.current()
        return {"enabled": hold.enabled, "reason": hold.reason}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["hold"] = LegalHold.current()
        context["action_url"] = reverse("vecinos_legal_hold")
        context["submit_button_label"] = _("Save")
        return context

    def form_valid(self, form):
        enabled = form.cleaned_data["enabled"]
        set_legal_hold(enabled, actor=self.request.user, reason=form.cleaned_data["reason"])
        if enabled:
            messages.warning(self.request, _("Legal hold is on: nothing will be purged."))
        else:
            messages.success(self.request, _("Legal hold is off: purging runs on schedule."))
        return redirect("vecinos_legal_hold")
