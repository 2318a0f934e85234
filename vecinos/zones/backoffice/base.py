"""What every zones screen shares: the 404 gate and the admin's page furniture."""

from django.http import Http404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..access import can_see_coverage


class ZonesAdminMixin(WagtailAdminTemplateMixin):
    """Refuse with 404 unless `allowed(user)`; pages with people in them are never cached."""

    header_icon = "site"
    allowed = staticmethod(can_see_coverage)
    shows_people = False
    parent_crumbs: list = []

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise Http404
        response = super().dispatch(request, *args, **kwargs)
        if self.shows_people:
            add_never_cache_headers(response)
        return response

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if can_see_coverage(self.request.user):
            items.append({"url": reverse("zones_admin:index"), "label": _("Zones")})
        items += self.get_parent_crumbs()
        return items + [{"url": "", "label": self.get_page_title()}]

    def get_parent_crumbs(self):
        return list(self.parent_crumbs)
