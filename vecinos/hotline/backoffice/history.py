"""The hotline's history: incidents past and present with filters, the follow-up cases, and
each person's own tasks.

Lists show references, places, states, dates and counts, never a family's name or a note:
those are read on the case's own page, where the reading is audited.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView

from vecinos.zones.models import Zone

from ..models import Case, CaseTask, Incident
from .base import ConsoleMixin

PAGE_SIZE = 50
ANY = pgettext_lazy("filter", "Any")


class HistoryFilter(forms.Form):
    """Filters of the incident history; whatever cannot be read is ignored, never an error."""

    zone = forms.TypedChoiceField(label=_("Zone"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label=_("State"), required=False)
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-12"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [("", ANY)] + list(Zone.objects.values_list("pk", "name"))
        self.fields["state"].choices = [("", ANY)] + list(Incident.State.choices)

    def clean_month(self) -> datetime.date | None:
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return datetime.date(year, month, 1)
        except (ValueError, TypeError):
            raise forms.ValidationError(_("Write the month as year and month: 2026-12.")) from None

    def filter(self, incidents):
        if not self.is_valid():
            return incidents
        data = self.cleaned_data
        if data.get("zone"):
            incidents = incidents.filter(zone_id=data["zone"])
        if data.get("state"):
            incidents = incidents.filter(state=data["state"])
        if data.get("month"):
            start = data["month"]
            end = (start + datetime.timedelta(days=32)).replace(day=1)
            zone = timezone.get_current_timezone()
            incidents = incidents.filter(
                created_at__gte=datetime.datetime.combine(start, datetime.time(), zone),
                created_at__lt=datetime.datetime.combine(end, datetime.time(), zone),
            )
        return incidents


class IncidentHistoryView(ConsoleMixin, TemplateView):
    """Every incident, newest first: closed ones included, filtered by zone, state, month."""

    template_name = "hotline/admin/history.html"
    page_title = _("Incident history")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = HistoryFilter(self.request.GET or None)
        incidents = (
            Incident.objects.filter(merged_into__isnull=True)
            .select_related("block__zone", "zone")
            .annotate(
                report_count=Count("reports", distinct=True),
                open_cases=Count("cases", filter=Q(cases__status=Case.Status.OPEN), distinct=True),
            )
            .order_by("-created_at")
        )
        page = Paginator(form.filter(incidents), PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(form=form, page=page, query=query.urlencode())
        return context


class CaseListView(ConsoleMixin, TemplateView):
    """The follow-up cases, open first, with their incident and the tasks left."""

    template_name = "hotline/admin/cases.html"
    page_title = _("Follow-up cases")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "open")
        cases = (
            Case.objects.select_related("incident__block__zone", "incident__zone", "owner")
            .annotate(
                tasks_left=Count("tasks", filter=Q(tasks__done_at__isnull=True)),
                next_due=Min("tasks__due_on", filter=Q(tasks__done_at__isnull=True)),
            )
            .order_by("status", "-opened_at")
        )
        if status in Case.Status.values:
            cases = cases.filter(status=status)
        else:
            status = ""
        page = Paginator(cases, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            page=page,
            status=status,
            statuses=[("open", Case.Status.OPEN.label), ("closed", Case.Status.CLOSED.label)],
        )
        return context


class MyTasksView(ConsoleMixin, TemplateView):
    """The tasks the signed-in person owns and has not done, soonest due first."""

    template_name = "hotline/admin/my_tasks.html"
    page_title = _("My tasks")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        tasks = (
            CaseTask.objects.filter(owner=self.request.user, done_at__isnull=True)
            .select_related("case__incident")
            .order_by("due_on", "kind")
        )
        # Tasks without a due date come last.
        rows = sorted(tasks, key=lambda task: (task.due_on is None, task.due_on or today))
        context.update(
            tasks=[
                {
                    "task": task,
                    "overdue": task.due_on is not None and task.due_on < today,
                    "today": task.due_on == today,
                }
                for task in rows
            ],
            today=today,
        )
        return context
