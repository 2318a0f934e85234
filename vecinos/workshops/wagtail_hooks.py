from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permissions import register_permission_policy

from .access import can_manage_workshops, can_see_figures
from .backoffice import urls as admin_urls
from .backoffice.viewsets import (
    OrganizerPolicy,
    rights_card_viewset,
    topic_viewset,
    workshop_viewset,
)
from .models import RightsCard, Topic, Workshop

# Registered before the viewsets, which would otherwise build policies from Django permissions
# that a group could be granted by mistake.
for model in (Topic, Workshop, RightsCard):
    register_permission_policy(model, OrganizerPolicy(model))


class OrganizerMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_workshops(request.user)


class FiguresMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_figures(request.user)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [topic_viewset, workshop_viewset, rights_card_viewset]


@hooks.register("register_admin_urls")
def register_trainings_urls():
    return [path("workshops/", include(admin_urls, namespace="workshops_admin"))]


@hooks.register("register_admin_menu_item")
def register_trainings_menu():
    menu = Menu(
        items=[
            OrganizerMenuItem(
                _("Workshops"), reverse("workshops_admin:index"), icon_name="date", order=10
            ),
            OrganizerMenuItem(
                _("Topics"),
                reverse(topic_viewset.get_url_name("index")),
                icon_name="tag",
                order=20,
            ),
            OrganizerMenuItem(
                _("Rights card"),
                reverse(rights_card_viewset.get_url_name("index")),
                icon_name="doc-full",
                order=30,
            ),
            FiguresMenuItem(
                _("Figures"), reverse("workshops_admin:figures"), icon_name="table", order=40
            ),
        ]
    )
    return SubmenuMenuItem(_("Workshops"), menu, icon_name="date", order=360)


@hooks.register("construct_homepage_panels")
def add_workshop_panel(request, panels):
    from .dashboard import add_panels

    add_panels(request, panels)
