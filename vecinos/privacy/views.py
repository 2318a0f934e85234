"""The unlock screen in the admin, where staff enter their key shares after a locked start."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import crypto, services
from .forms import ShareForm

REFUSALS = {
    "mistyped": _("That is not a valid share: check each letter and try again."),
    "other-key": _("That share belongs to another key than the shares entered before it."),
    "duplicate": _("That share has already been entered; the next person should enter theirs."),
    "mismatch": _(
        "The shares do not fit together: one of them is wrong. The last one was set aside."
    ),
    "wrong-key": _(
        "The shares fit together but do not open this platform's data: they belong to an "
        "older key. Everyone must enter their share again, from the current set."
    ),
    "no-agent": _("The key agent does not answer: ask the operator to start it."),
}


class UnlockView(WagtailAdminTemplateMixin, FormView):
    form_class = ShareForm
    template_name = "privacy/admin/unlock.html"
    page_title = _("Unlock")
    header_icon = "lock"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["locked"] = crypto.is_locked()
        context["progress"] = services.unlock_progress()
        context["action_url"] = reverse("privacy_unlock")
        context["submit_button_label"] = _("Enter my share")
        return context

    def form_valid(self, form):
        try:
            progress = services.submit_share(form.cleaned_data["share"], user=self.request.user)
        except crypto.InvalidShare as error:
            form.add_error("share", REFUSALS.get(error.code, REFUSALS["mistyped"]))
            return self.form_invalid(form)
        if crypto.is_locked():
            messages.info(
                self.request,
                _("Share accepted: %(have)s of %(need)s. The next person can enter theirs now.")
                % {"have": progress.have, "need": progress.need},
            )
        else:
            messages.success(self.request, _("vecinos is unlocked: personal data can be read."))
        return redirect("privacy_unlock")
