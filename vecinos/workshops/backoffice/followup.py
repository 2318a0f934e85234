"""The follow-up message to the families who came to a workshop, or who did not."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext
from django.views.generic import FormView

from .. import services
from ..access import access_workshop
from ..forms import FollowUpForm
from .base import OrganizersOnly, TrainingsAdminMixin


class FollowUpView(OrganizersOnly, TrainingsAdminMixin, FormView):
    template_name = "workshops/admin/followup.html"
    form_class = FollowUpForm

    def dispatch(self, request, *args, **kwargs):
        self.workshop = access_workshop(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Follow-up: %(workshop)s") % {"workshop": self.workshop}

    def get_initial(self):
        # A starting point in each language, which staff complete with a survey link or the
        # next step before sending.
        texts = {}
        for language in ("en", "es"):
            with translation.override(language):
                texts[f"body_{language}"] = gettext(
                    "Thank you for coming to %(title)s! Tell us how it went: "
                ) % {"title": self.workshop.title(language)}
        return {"audience": services.ATTENDED, **texts}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            workshop=self.workshop,
            attended=services.followup_audience(self.workshop, services.ATTENDED).count(),
            missed=services.followup_audience(self.workshop, services.MISSED).count(),
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        count = services.send_followup(
            self.workshop,
            audience=data["audience"],
            body={"en": data["body_en"], "es": data["body_es"]},
            actor=self.request.user,
        )
        messages.success(self.request, gettext("%(count)s messages queued.") % {"count": count})
        return redirect("workshops_admin:index")
