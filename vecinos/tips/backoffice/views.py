"""The tip readers' inbox: tips by day, unlocking the tip key, reading, starring, replying.

Every screen answers 404 to anyone but a tip reader, and none is cached. Reading needs the
tip key unlocked in this session (passphrase and a fresh authenticator code).
"""

from collections import OrderedDict

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from vecinos.accounts.services import CodeNotAccepted, verify_second_factor
from vecinos.core.audit import log_action

from .. import browser, sealing, services
from ..access import access_source, read_attachment, read_source, require_tip_reader
from ..audit import AuditCode
from ..forms import ReplyForm, UnlockForm
from ..models import Source, TipKey
from ..shredders import UnstarredSources


def _never_cached(response):
    add_never_cache_headers(response)
    return response


class TipsAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        require_tip_reader(request.user)
        return _never_cached(super().dispatch(request, *args, **kwargs))

    def get_breadcrumbs_items(self):
        items = [{"url": reverse("tips_admin:inbox"), "label": _("Anonymous tips")}]
        if self.get_page_title() != _("Anonymous tips"):
            items.append({"url": "", "label": self.get_page_title()})
        return list(self.breadcrumbs_items) + items


class InboxView(TipsAdminMixin, TemplateView):
    template_name = "tips/admin/inbox.html"
    page_title = gettext_lazy("Anonymous tips")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sources = Source.objects.by_day().annotate(
            tip_count=Count("tips", distinct=True),
            unread=Count("tips", filter=Q(tips__read=False), distinct=True),
            reply_count=Count("replies", distinct=True),
        )
        days = OrderedDict()
        for source in sources:
            days.setdefault(source.last_tip_on, []).append(source)
        key = TipKey.objects.first()
        context.update(
            days=days,
            key=key,
            unlocked=browser.unlocked_key(self.request) is not None,
            retention_days=UnstarredSources().period.days,
            unlock_form=kwargs.get("unlock_form") or UnlockForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        """Unlock the tip key for this session: the passphrase and a fresh second factor."""
        form = UnlockForm(request.POST)
        key = TipKey.objects.first()
        if form.is_valid() and key is not None and not key.kept_offline:
            try:
                verify_second_factor(request.user, code=form.cleaned_data["code"])
            except CodeNotAccepted:
                form.add_error(
                    "code", _("That code was not accepted. Wait for a new one and try again.")
                )
            else:
                try:
                    private = sealing.unlock_private_key(key, form.cleaned_data["passphrase"])
                except sealing.WrongPassphrase:
                    log_action(request.user, AuditCode.KEY_UNLOCK_FAILED, key)
                    form.add_error("passphrase", _("That passphrase does not open the tips."))
                else:
                    log_action(request.user, AuditCode.KEY_UNLOCKED, key)
                    response = HttpResponseRedirect(reverse("tips_admin:inbox"))
                    browser.keep_unlocked_key(request, response, private)
                    return response
        return self.render_to_response(self.get_context_data(unlock_form=form))


@require_POST
def lock(request):
    require_tip_reader(request.user)
    response = HttpResponseRedirect(reverse("tips_admin:inbox"))
    browser.forget_unlocked_key(request, response)
    log_action(request.user, AuditCode.KEY_LOCKED, TipKey.objects.first())
    return response


def _key_or_redirect(request):
    private = browser.unlocked_key(request)
    if private is None:
        messages.warning(request, _("Unlock the tips first."))
    return private


class SourceView(TipsAdminMixin, TemplateView):
    template_name = "tips/admin/source.html"

    def dispatch(self, request, *args, **kwargs):
        require_tip_reader(request.user)
        self.private = browser.unlocked_key(request)
        if self.private is None:
            access_source(request.user, kwargs["pk"])
            messages.warning(request, _("Unlock the tips first."))
            return HttpResponseRedirect(reverse("tips_admin:inbox"))
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Source %(number)s") % {"number": self.kwargs["pk"]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source, tips, replies = read_source(self.request.user, self.kwargs["pk"], self.private)
        services.mark_tips_read(source)
        context.update(
            source=source,
            tips=tips,
            replies=replies,
            reply_form=kwargs.get("reply_form") or ReplyForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        """Send a reply to this source."""
        source = access_source(request.user, kwargs["pk"])
        form = ReplyForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(reply_form=form))
        services.send_reply(source, text=form.cleaned_data["text"], actor=request.user)
        messages.success(request, _("Reply sent. The source reads it when they come back."))
        return HttpResponseRedirect(reverse("tips_admin:source", args=[source.pk]))


@require_POST
def star(request, pk):
    source = access_source(request.user, pk)
    services.star_source(source, starred=request.POST.get("starred") == "1", actor=request.user)
    return HttpResponseRedirect(reverse("tips_admin:source", args=[source.pk]))


class DeleteView(TipsAdminMixin, TemplateView):
    template_name = "tips/admin/delete.html"

    def dispatch(self, request, *args, **kwargs):
        self.source = access_source(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Delete source %(number)s") % {"number": self.source.pk}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "source": self.source}

    def post(self, request, *args, **kwargs):
        count = services.delete_source(self.source, actor=request.user)
        messages.success(request, _("Deleted %(count)d tips and their replies.") % {"count": count})
        return HttpResponseRedirect(reverse("tips_admin:inbox"))


def attachment(request, pk):
    require_tip_reader(request.user)
    private = _key_or_redirect(request)
    if private is None:
        return HttpResponseRedirect(reverse("tips_admin:inbox"))
    name, content_type, content = read_attachment(request.user, pk, private)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _never_cached(response)
