"""Who is pageable (dispatchers) and when (shifts, with a backup)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .. import services
from ..forms import DispatcherForm, ShiftForm
from ..models import Dispatcher, Shift
from .base import ConsoleMixin


class ShiftsView(ConsoleMixin, TemplateView):
    template_name = "hotline/admin/shifts.html"
    page_title = _("Shifts")

    def _choices(self):
        return [
            (str(d.pk), d.user.get_username()) for d in Dispatcher.objects.select_related("user")
        ]

    def get_context_data(self, **kwargs):
        from django.utils import timezone

        context = super().get_context_data(**kwargs)
        context.setdefault("form", ShiftForm(dispatchers=self._choices()))
        context.setdefault("dispatcher_form", DispatcherForm())
        context["dispatchers"] = Dispatcher.objects.select_related("user").order_by(
            "user__username"
        )
        context["shifts"] = Shift.objects.filter(ends_at__gt=timezone.now()).select_related(
            "dispatcher__user", "backup__user"
        )
        context["on_shift"] = services.on_shift()
        return context

    def post(self, request, *args, **kwargs):
        if "add_dispatcher" in request.POST:
            return self._add_dispatcher(request)
        form = ShiftForm(request.POST, dispatchers=self._choices())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        services.add_shift(
            Dispatcher.objects.get(pk=data["dispatcher"]),
            backup=Dispatcher.objects.filter(pk=data["backup"] or None).first(),
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            actor=request.user,
        )
        messages.success(request, gettext("The shift was added."))
        return redirect("hotline_admin:shifts")

    def _add_dispatcher(self, request):
        form = DispatcherForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(dispatcher_form=form))
        services.add_dispatcher(
            form.cleaned_data["user"],
            phone=form.cleaned_data["phone"],
            language=form.cleaned_data["language"],
            actor=request.user,
        )
        messages.success(request, gettext("The dispatcher can now be paged."))
        return redirect("hotline_admin:shifts")
