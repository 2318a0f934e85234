"""The hiring staff's view of applications in the Wagtail admin.

Only admins reach these screens; for anyone else they answer 404, so their existence is not
confirmed. Every screen that shows an applicant's data writes an audit row.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from vecinos.accounts.roles import Role
from vecinos.jobs.access import (
    access_application,
    can_handle_applications,
    download_resume_of,
    note_applications_listed,
    view_application,
)
from vecinos.jobs.documents import CONTENT_TYPES
from vecinos.jobs.models import JobApplication
from vecinos.jobs.services import delete_application, update_application


class HiringStaffPolicy(BasePermissionPolicy):
    """Admins may view, change and delete applications; nobody adds one by hand."""

    def user_has_permission(self, user, action):
        return action != "add" and can_handle_applications(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if set(actions) <= {"add"}:
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(groups__name=Role.ADMIN), is_active=True)
            .distinct()
        )


class HiringStaffOnly:
    def dispatch(self, request, *args, **kwargs):
        if not can_handle_applications(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ApplicationIndexView(HiringStaffOnly, generic.IndexView):
    def get_edit_url(self, instance):
        # Staff open an application to read it; editing is one button further.
        return self.get_inspect_url(instance)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        note_applications_listed(request.user, self.object_list.count())
        return response


class ApplicationAddView(generic.CreateView):
    def dispatch(self, request, *args, **kwargs):
        # Applications come only from the public form, never typed in by staff.
        raise Http404


class ApplicationInspectView(HiringStaffOnly, generic.InspectView):
    fields = [
        "job_title",
        "submitted_at",
        "status",
        "name",
        "email",
        "phone",
        "language",
        "cover_letter",
        "resume",
        "staff_notes",
    ]

    def get_object(self, queryset=None):
        return access_application(self.request.user, self.kwargs["pk"])

    def get_resume_display_value(self):
        url = reverse("job_applications:resume", args=[self.object.pk])
        return format_html('<a href="{}" download>{}</a>', url, _("Download the résumé"))

    def get(self, request, *args, **kwargs):
        self.object = view_application(request.user, self.object.pk)
        response = super().get(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class ApplicationEditView(HiringStaffOnly, generic.EditView):
    def get_object(self, queryset=None):
        return access_application(self.request.user, self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # The form shows the staff notes, which may speak about the person.
        view_application(request.user, self.object.pk, screen="edit")
        add_never_cache_headers(response)
        return response

    def save_instance(self):
        # The bound form has already copied its values onto self.object; the service compares
        # against the stored row to record what changed.
        return update_application(
            access_application(self.request.user, self.object.pk),
            actor=self.request.user,
            status=self.form.cleaned_data["status"],
            staff_notes=self.form.cleaned_data["staff_notes"],
        )


class ApplicationDeleteView(HiringStaffOnly, generic.DeleteView):
    def get_object(self, queryset=None):
        return access_application(self.request.user, self.kwargs["pk"])

    def delete_action(self):
        delete_application(self.object, actor=self.request.user)


class ApplicationHistoryView(HiringStaffOnly, HistoryView):
    pass


class ApplicationUsageView(HiringStaffOnly, UsageView):
    pass


def download_resume(request, pk):
    """Send the decrypted résumé as an attachment, to hiring staff only, and record it."""
    application = download_resume_of(request.user, pk)
    extension = application.resume_format
    response = FileResponse(
        application.resume.open("rb"),
        as_attachment=True,
        filename=f"resume-{str(application.pk)[:8]}.{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


class JobApplicationViewSet(ModelViewSet):
    model = JobApplication
    icon = "form"
    menu_label = _("Job applications")
    add_to_admin_menu = True
    menu_order = 400
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = None
    list_display = ["name", "job_title", "submitted_at", "status"]
    list_filter = ["job", "status"]
    form_fields = ["status", "staff_notes"]
    index_view_class = ApplicationIndexView
    add_view_class = ApplicationAddView
    inspect_view_class = ApplicationInspectView
    edit_view_class = ApplicationEditView
    delete_view_class = ApplicationDeleteView
    history_view_class = ApplicationHistoryView
    usage_view_class = ApplicationUsageView

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("resume/<uuid:pk>/", download_resume, name="resume"),
        ]


job_application_viewset = JobApplicationViewSet("job_applications", url_prefix="jobs/applications")
