"""What the workshop screens share: who may see them, and their breadcrumbs."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..access import can_manage_workshops


class OrganizersOnly:
    def dispatch(self, request, *args, **kwargs):
        if not can_manage_workshops(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class TrainingsAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "date"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("workshops_admin:index"), "label": _("Workshops")},
            {"url": "", "label": self.get_page_title()},
        ]
