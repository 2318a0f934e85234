"""The audit log in the Wagtail admin: admins read it, nobody changes it."""

import django_filters
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from vecinos.core.models import AuditEntry

from .legal_hold import is_admin


class ReadOnlyForAdmins(BasePermissionPolicy):
    """Admins may look at the audit log; nobody may add, change or delete a row."""

    def user_has_permission(self, user, action):
        return action == "view" and is_admin(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and is_admin(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(is_active=True)
        if "view" not in actions:
            return users.none()
        return users.filter(is_superuser=True) | users.filter(groups__name="admin")


def action_choices():
    actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    return [(action, action) for action in actions]


class AuditEntryFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=action_choices)
    created = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    object_type = django_filters.CharFilter(label=_("Object type"), lookup_expr="iexact")

    class Meta:
        model = AuditEntry
        fields = []


class AuditEntryViewSet(ModelViewSet):
    model = AuditEntry
    icon = "list-ul"
    menu_label = _("Audit log")
    add_to_settings_menu = True
    copy_view_enabled = False
    filterset_class = AuditEntryFilterSet
    list_per_page = 50
    list_display = [
        Column("seq", label=_("Number")),
        DateColumn("created", label=_("When")),
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "detail",
    ]
    list_export = ["seq", "created", "actor_label", "action", "object_type", "object_id"]

    def get_urlpatterns(self):
        # Only the listing: there is no view that could add, change or delete a row.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]


register_permission_policy(AuditEntry, ReadOnlyForAdmins(AuditEntry))
