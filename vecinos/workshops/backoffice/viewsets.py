"""Topics, workshops and the rights card, edited through Wagtail model viewsets.

Only admins and organizers get the permissions (OrganizerPolicy); a topic or workshop with
registrations cannot be deleted.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from vecinos.accounts.roles import Role

from .. import services
from ..access import can_manage_workshops
from ..models import RightsCard, Topic, Workshop


class OrganizerPolicy(BasePermissionPolicy):
    """Admins and organizers may do everything with topics, workshops and the rights card."""

    def user_has_permission(self, user, action):
        return can_manage_workshops(user)

    def user_has_any_permission(self, user, actions):
        return can_manage_workshops(user)

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True) | Q(groups__name__in=[Role.ADMIN, Role.ORGANIZER]),
                is_active=True,
            )
            .distinct()
        )


class KeepInUseDeleteView(generic.DeleteView):
    """Refuse to delete what the records still point to, and say what to do instead."""

    in_use_message = ""

    def in_use(self, instance) -> bool:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        instance = self.get_object()
        if self.in_use(instance):
            messages.error(request, self.in_use_message)
            return redirect(reverse(self.index_url_name))
        return super().post(request, *args, **kwargs)


class TopicDeleteView(KeepInUseDeleteView):
    in_use_message = _("This topic has workshops, so it cannot be deleted.")

    def in_use(self, instance) -> bool:
        return instance.workshops.exists()


class WorkshopDeleteView(KeepInUseDeleteView):
    # The registrations' anonymous rows carry the figures; a workshop with people is
    # cancelled instead, which also tells them.
    in_use_message = _("People registered for this workshop: set its status to cancelled instead.")

    def in_use(self, instance) -> bool:
        return instance.registrations.exists()


class TopicViewSet(ModelViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["name_en", "name_es", "is_responder_training", "refresher_months"]
    delete_view_class = TopicDeleteView
    form_fields = [
        "name_en",
        "name_es",
        "description_en",
        "description_es",
        "is_responder_training",
        "refresher_months",
    ]


class WorkshopEditView(generic.EditView):
    def save_instance(self):
        # The form has already put the new values on self.object; the stored row still
        # holds the status before this edit.
        previous = Workshop.objects.get(pk=self.object.pk).status
        instance = super().save_instance()
        return services.workshop_changed(
            instance, previous_status=previous, actor=self.request.user
        )


class WorkshopViewSet(ModelViewSet):
    model = Workshop
    icon = "date"
    menu_label = _("Workshops")
    add_to_admin_menu = False
    copy_view_enabled = True
    inspect_view_enabled = False
    list_display = ["__str__", "topic", "status", "capacity", "zone"]
    list_filter = ["status", "topic", "zone"]
    edit_view_class = WorkshopEditView
    delete_view_class = WorkshopDeleteView
    form_fields = [
        "topic",
        "title_en",
        "title_es",
        "description_en",
        "description_es",
        "starts_at",
        "ends_at",
        "place",
        "place_es",
        "address",
        "address_es",
        "online_url",
        "languages",
        "capacity",
        "waitlist",
        "trainers",
        "zone",
        "materials",
        "status",
    ]


class RightsCardViewSet(ModelViewSet):
    model = RightsCard
    icon = "doc-full"
    menu_label = _("Rights card")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["title_en", "title_es", "updated_at"]
    form_fields = ["title_en", "body_en", "title_es", "body_es", "footer"]


topic_viewset = TopicViewSet("trainings_topics", url_prefix="workshops/topics")
workshop_viewset = WorkshopViewSet("trainings_workshops", url_prefix="workshops/workshops")
rights_card_viewset = RightsCardViewSet("trainings_card", url_prefix="workshops/rights-card")
