"""The Test phone page: in development, what vecinos "sent" appears here as on a phone, in
threads with what each phone sent.

Shown only while a console channel is configured (never in production, where messages leave
for real), and only to staff who send messages: admins, organizers and dispatchers.
"""

from collections import OrderedDict

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from vecinos.accounts.roles import Role, has_role

from .. import services
from ..channels.base import channel_path
from ..channels.console import ConsoleChannel
from ..forms import ReplyForm, SendForm
from ..models import InboundMessage, OutboundMessage

SHOWN = 200


def console_channels() -> list[str]:
    """Return the channels ("sms", "email") that go to the console, i.e. stay on this machine."""
    kinds = []
    for kind in ("sms", "email"):
        path = channel_path(kind)
        if path == f"{ConsoleChannel.__module__}.{ConsoleChannel.__qualname__}":
            kinds.append(kind)
    return kinds


def can_use_test_phone(user) -> bool:
    return bool(console_channels()) and has_role(user, Role.ADMIN, Role.ORGANIZER, Role.DISPATCHER)


def threads() -> list[dict]:
    """Return conversations by address, newest first, as a phone lists them."""
    kinds = console_channels()
    entries = [
        {"out": True, "at": m.created_at, "address": m.to_address, "message": m}
        for m in OutboundMessage.objects.filter(channel__in=kinds).order_by("-created_at")[:SHOWN]
        if m.to_address
    ]
    # Both sides of each thread: every text a phone sent, whether typed on this page or
    # received through the provider's webhook (a script, a test, a real phone), since no text
    # leaves this machine while the page exists.
    if "sms" in kinds:
        entries += [
            {"out": False, "at": m.received_at, "address": m.from_address, "message": m}
            for m in InboundMessage.objects.filter(channel="sms").order_by("-received_at")[:SHOWN]
            if m.from_address
        ]
    entries.sort(key=lambda entry: entry["at"], reverse=True)
    grouped: OrderedDict[str, list[dict]] = OrderedDict()
    for entry in entries:
        grouped.setdefault(entry["address"], []).append(entry)
    return [{"address": address, "entries": items} for address, items in grouped.items()]


class TestPhoneAccessMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_use_test_phone(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class TestPhoneView(TestPhoneAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "messaging/admin/test_phone.html"
    page_title = _("Test phone")
    header_icon = "mobile-alt"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("send_form", SendForm(prefix="send"))
        context.setdefault("reply_form", ReplyForm(prefix="reply"))
        context["threads"] = threads()
        context["console_channels"] = console_channels()
        return context

    def post(self, request, *args, **kwargs):
        if "reply" in request.POST:
            return self._reply(request)
        return self._send(request)

    def _send(self, request):
        form = SendForm(request.POST, prefix="send")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(send_form=form))
        data = form.cleaned_data
        message = services.send_test_message(
            actor=request.user,
            channel=data["channel"],
            to=data["to"],
            language=data["language"],
            template=data["template"],
            body=data["body"],
            subject=data["subject"],
        )
        if message is None:
            messages.warning(request, _("Not sent: this address has opted out of this channel."))
        else:
            messages.success(
                request, _("Message queued. It appears below once the worker sends it.")
            )
        return redirect("messaging_test_phone")

    def _reply(self, request):
        form = ReplyForm(request.POST, prefix="reply")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(reply_form=form))
        services.reply_from_test_phone(
            actor=request.user,
            from_address=form.cleaned_data["from_phone"],
            body=form.cleaned_data["body"],
        )
        messages.success(request, _("Text received from the phone."))
        return redirect("messaging_test_phone")


class TestPhoneThreadsView(TestPhoneAccessMixin, TemplateView):
    """The threads alone, fetched every few seconds by the page to stay current."""

    template_name = "messaging/admin/test_phone_threads.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "threads": threads()}
