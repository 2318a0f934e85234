"""The broadcast screens of the Wagtail admin, for admins and organizers only.

Anyone else gets 404 from every screen, so their existence is not confirmed.
"""

from datetime import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import services
from ..access import access_broadcast, can_broadcast
from ..forms import BroadcastForm, SendForm
from ..models import Broadcast
from ..segments import UnknownSegment, get_segment

# When this user last typed a correct authenticator code on the send form.
TWO_FACTOR_SESSION_KEY = "vecinos.broadcasts.two_factor_checked_at"
# htmx swaps an answer with this status and stops polling.
STOP_POLLING = 286


def audience_label(broadcast: Broadcast) -> str:
    """Return the audience as staff chose it, or say that its app no longer offers it."""
    try:
        segment = get_segment(broadcast.segment)
    except UnknownSegment:
        return gettext("An audience that is no longer available")
    option = broadcast.segment_params.get("option")
    if option is None:
        return str(segment.label)
    options = dict(segment.choices())
    return f"{segment.label}: {options.get(str(option), option)}"


def two_factor_checked_at(request) -> datetime | None:
    value = request.session.get(TWO_FACTOR_SESSION_KEY)
    return datetime.fromisoformat(value) if value else None


class BroadcastStaffOnly:
    def dispatch(self, request, *args, **kwargs):
        if not can_broadcast(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class BroadcastAdminMixin(BroadcastStaffOnly, WagtailAdminTemplateMixin):
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        items = self.breadcrumbs_items + [
            {"url": reverse("broadcasts:index"), "label": _("Broadcasts")}
        ]
        return items + [{"url": "", "label": self.get_page_title()}]


class BroadcastIndexView(BroadcastAdminMixin, TemplateView):
    template_name = "broadcasts/admin/index.html"
    page_title = _("Broadcasts")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(
            Broadcast.objects.select_related("created_by", "approved_by"), 50
        ).get_page(self.request.GET.get("p"))
        context["page"] = page
        context["rows"] = [
            {
                "broadcast": broadcast,
                "audience": audience_label(broadcast),
                "can_approve": services.can_approve(broadcast, self.request.user),
            }
            for broadcast in page.object_list
        ]
        return context


class BroadcastFormView(BroadcastAdminMixin, FormView):
    form_class = BroadcastForm
    template_name = "broadcasts/admin/compose.html"
    broadcast = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.broadcast
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["broadcast"] = self.broadcast
        context["media"] = context["form"].media
        return context


class BroadcastCreateView(BroadcastFormView):
    page_title = _("New broadcast")

    def form_valid(self, form):
        broadcast = services.create_broadcast(actor=self.request.user, **form.composed_fields())
        return redirect("broadcasts:preview", pk=broadcast.pk)


class BroadcastEditView(BroadcastFormView):
    page_title = _("Change the broadcast")

    def dispatch(self, request, *args, **kwargs):
        self.broadcast = access_broadcast(request.user, kwargs["pk"])
        if not self.broadcast.is_editable:
            messages.error(request, gettext("Only a draft can be changed."))
            return redirect("broadcasts:preview", pk=self.broadcast.pk)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.update_broadcast(
                self.broadcast, actor=self.request.user, **form.composed_fields()
            )
        except services.BroadcastError as error:
            messages.error(self.request, str(error))
        return redirect("broadcasts:preview", pk=self.broadcast.pk)


class BroadcastPreviewView(BroadcastAdminMixin, TemplateView):
    """What a send would do, recounted now: recipients, segments and time per language."""

    template_name = "broadcasts/admin/preview.html"

    def dispatch(self, request, *args, **kwargs):
        self.broadcast = access_broadcast(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.broadcast.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        broadcast = self.broadcast
        try:
            preview = services.preview_broadcast(broadcast)
        except UnknownSegment:
            preview = None
        checked_at = two_factor_checked_at(self.request)
        context.update(
            broadcast=broadcast,
            preview=preview,
            audience=audience_label(broadcast),
            texts=[
                {
                    "language": language,
                    "subject": broadcast.subject_for(language),
                    "body": broadcast.body_for(language),
                }
                for language in broadcast.languages()
            ],
            can_approve=services.can_approve(broadcast, self.request.user),
            is_author=broadcast.created_by_id == self.request.user.pk,
            needs_code=not services.is_fresh(checked_at),
            send_form=SendForm(),
            expired=broadcast.is_expired(),
        )
        return context


@require_POST
def request_approval(request, pk):
    broadcast = access_broadcast(request.user, pk)
    try:
        services.request_approval(broadcast, actor=request.user)
    except (services.BroadcastError, UnknownSegment) as error:
        messages.error(request, str(error) or gettext("This audience is no longer available."))
    else:
        messages.success(
            request, gettext("Another admin or organizer can now approve this broadcast.")
        )
    return redirect("broadcasts:preview", pk=broadcast.pk)


@require_POST
def approve(request, pk):
    broadcast = access_broadcast(request.user, pk)
    try:
        services.approve_broadcast(broadcast, actor=request.user)
    except services.BroadcastError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("Approved. It can now be sent."))
    if request.POST.get("from") == "index":
        return redirect("broadcasts:index")
    return redirect("broadcasts:preview", pk=broadcast.pk)


def check_posted_code(request) -> bool:
    """Check the authenticator code posted with a large send, if any, and note it in the session.

    Return False, with the reason for the user, when the code is wrong or the user is locked
    out; coalition's invitation approval asks for its code through the same form.
    """
    form = SendForm(request.POST)
    form.is_valid()
    code = form.cleaned_data.get("code", "")
    if not code:
        return True
    try:
        checked_at = services.check_fresh_two_factor(request.user, code=code)
    except services.TwoFactorLocked:
        messages.error(
            request, gettext("Too many wrong codes. Wait fifteen minutes and try again.")
        )
        return False
    if checked_at is None:
        messages.error(request, gettext("That code is not right. Try the newest one."))
        return False
    request.session[TWO_FACTOR_SESSION_KEY] = checked_at.isoformat()
    return True


@require_POST
def send(request, pk):
    broadcast = access_broadcast(request.user, pk)
    if not check_posted_code(request):
        return redirect("broadcasts:preview", pk=broadcast.pk)
    try:
        services.send_broadcast(
            broadcast, actor=request.user, two_factor_checked_at=two_factor_checked_at(request)
        )
    except UnknownSegment:
        messages.error(request, gettext("This audience is no longer available."))
    except services.BroadcastError as error:
        messages.error(request, str(error))
    else:
        return redirect("broadcasts:progress", pk=broadcast.pk)
    return redirect("broadcasts:preview", pk=broadcast.pk)


class BroadcastProgressView(BroadcastAdminMixin, TemplateView):
    """How far the outbox has got with this broadcast; the counts refresh every 2 seconds."""

    template_name = "broadcasts/admin/progress.html"
    fragment = False

    def dispatch(self, request, *args, **kwargs):
        self.broadcast = access_broadcast(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_template_names(self):
        if self.fragment:
            return ["broadcasts/admin/progress_fragment.html"]
        return [self.template_name]

    def get_page_title(self):
        return self.broadcast.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        broadcast, progress = services.refresh_progress(self.broadcast)
        context.update(
            broadcast=broadcast,
            progress=progress,
            polling=broadcast.status == Broadcast.Status.SENDING,
            oob=self.fragment,
            fragment_url=reverse("broadcasts:progress-fragment", args=[broadcast.pk]),
        )
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.fragment:
            if not response.context_data["polling"]:
                response.status_code = STOP_POLLING
        add_never_cache_headers(response)
        return response


class BroadcastCancelView(BroadcastAdminMixin, TemplateView):
    template_name = "broadcasts/admin/cancel.html"

    def dispatch(self, request, *args, **kwargs):
        self.broadcast = access_broadcast(request.user, kwargs["pk"])
        if not self.broadcast.is_cancellable:
            messages.error(request, gettext("This broadcast has already finished."))
            return redirect("broadcasts:preview", pk=self.broadcast.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Cancel “%(title)s”") % {"title": self.broadcast.title}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["broadcast"] = self.broadcast
        return context

    def post(self, request, *args, **kwargs):
        try:
            cancelled = services.cancel_broadcast(self.broadcast, actor=request.user)
        except services.BroadcastError as error:
            messages.error(request, str(error))
            return redirect("broadcasts:preview", pk=self.broadcast.pk)
        messages.success(
            request,
            gettext("Cancelled. Messages stopped before sending: %(count)s.")
            % {"count": cancelled},
        )
        if self.broadcast.sent_at:
            return redirect("broadcasts:progress", pk=self.broadcast.pk)
        return redirect("broadcasts:index")


def progress_fragment(request, pk):
    return BroadcastProgressView.as_view(fragment=True)(request, pk=pk)
