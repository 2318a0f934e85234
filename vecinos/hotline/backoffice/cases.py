"""An incident's documentation, and the follow-up cases of the families affected."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from ..access import access_case, access_incident, view_case
from ..forms import CaseForm, CaseTaskForm, RecordForm
from ..models import IncidentRecord
from ..services import cases
from .base import ConsoleMixin, back_to_incident


class RecordView(ConsoleMixin, TemplateView):
    template_name = "hotline/admin/record.html"

    def dispatch(self, request, *args, **kwargs):
        self.incident = access_incident(request.user, kwargs["pk"])
        self.record = IncidentRecord.objects.filter(incident=self.incident).first()
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Documentation of incident %(reference)s") % {
            "reference": self.incident.reference
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", RecordForm(instance=self.record))
        context["incident"] = self.incident
        return context

    def post(self, request, *args, **kwargs):
        form = RecordForm(request.POST, instance=self.record)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        cases.save_record(self.incident, form.cleaned_data, actor=request.user)
        messages.success(request, gettext("The documentation was saved."))
        return back_to_incident(self.incident)


@require_POST
def open_case(request, pk):
    incident = access_incident(request.user, pk)
    form = CaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Please say how the team refers to the family."))
        return back_to_incident(incident)
    case = cases.open_case(incident, actor=request.user, **form.cleaned_data)
    return redirect("hotline_admin:case", pk=case.pk)


class CaseView(ConsoleMixin, TemplateView):
    template_name = "hotline/admin/case.html"

    def dispatch(self, request, *args, **kwargs):
        self.case = access_case(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.case)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.case = view_case(self.request.user, self.case.pk)
        form = CaseTaskForm()
        form.fields["owner"].queryset = get_user_model().objects.filter(is_active=True)
        context.setdefault("case_form", CaseForm(instance=self.case))
        context.update(case=self.case, tasks=self.case.tasks.select_related("owner"), form=form)
        return context

    def post(self, request, *args, **kwargs):
        if self.case.status != self.case.Status.OPEN:
            raise Http404
        form = CaseForm(request.POST, instance=self.case)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(case_form=form))
        cases.update_case(self.case, actor=request.user, **form.cleaned_data)
        messages.success(request, gettext("The case was saved."))
        return redirect("hotline_admin:case", pk=self.case.pk)


@require_POST
def add_task(request, pk):
    case = access_case(request.user, pk)
    form = CaseTaskForm(request.POST)
    if form.is_valid():
        cases.add_task(case, actor=request.user, **form.cleaned_data)
    else:
        messages.error(request, gettext("Please choose what the task is."))
    return redirect("hotline_admin:case", pk=case.pk)


@require_POST
def finish_task(request, pk, task):
    case = access_case(request.user, pk)
    cases.finish_task(case, task, actor=request.user)
    if request.POST.get("next") == "my-tasks":
        return redirect("hotline_admin:my-tasks")
    return redirect("hotline_admin:case", pk=case.pk)


@require_POST
def close_case(request, pk):
    case = access_case(request.user, pk)
    cases.close_case(case, actor=request.user)
    return redirect("hotline_admin:case", pk=case.pk)
