"""Posts held during a flood (vecinos/privacy/floods.py): admins read each one and accept it,
which sends it through its form as if it arrived now, or discard it with a reason."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from vecinos.core.audit import log_action
from vecinos.privacy.audit import AuditCode
from vecinos.privacy.floods import ReplayOutcome, accept_held_post, discard_held_post
from vecinos.privacy.models import HeldPost

from .legal_hold import is_admin

PAGE_SIZE = 50


class DiscardForm(forms.Form):
    reason = forms.CharField(
        label=_("Why discard it?"),
        max_length=300,
        help_text=_("For example: one of many identical fake reports."),
    )


def _fields(held: HeldPost) -> list[tuple[str, str]]:
    try:
        data = json.loads(held.data) if held.data else {}
    except ValueError:
        return []
    # What was typed, in the order it was sent; empty fields say nothing. A filled honeypot
    # ("website") shows, and tells a robot's post.
    shown = [(name, ", ".join(str(v) for v in values if v)) for name, values in data.items()]
    return [(name, value) for name, value in shown if value]


class HeldPostsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "privacy/admin/held_posts.html"
    page_title = _("Held posts")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not is_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pending = HeldPost.objects.filter(status=HeldPost.Status.PENDING)
        rows = list(pending[:PAGE_SIZE])
        # Reading them is reading personal data: one audit row per screen shown.
        log_action(
            self.request.user,
            AuditCode.POSTS_VIEWED,
            object_type="privacy.heldpost",
            detail={"count": len(rows)},
        )
        context["total"] = pending.count()
        context["rows"] = [
            {
                "held": held,
                "fields": _fields(held),
                "discard_form": DiscardForm(prefix=str(held.pk)),
            }
            for held in rows
        ]
        return context

    def post(self, request):
        held = get_object_or_404(
            HeldPost, pk=request.POST.get("held"), status=HeldPost.Status.PENDING
        )
        if request.POST.get("action") == "accept":
            outcome = accept_held_post(held, actor=request.user)
            if outcome == ReplayOutcome.ACTED:
                messages.success(request, _("Accepted: the form acted on it."))
            else:
                messages.error(
                    request,
                    _("The form refused what was sent, so it is still held. Discard it instead."),
                )
            return redirect("vecinos_held_posts")
        form = DiscardForm(request.POST, prefix=str(held.pk))
        if not form.is_valid():
            messages.error(request, _("Say why the post is discarded."))
            return redirect("vecinos_held_posts")
        discard_held_post(held, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Discarded."))
        return redirect("vecinos_held_posts")
