"""A report the dispatcher enters by hand (a call, a visit), and the reports' photos."""

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .. import services
from ..access import read_photo, read_recording
from ..forms import StaffReportForm
from .base import ConsoleMixin, back_to_incident


class StaffReportView(ConsoleMixin, TemplateView):
    """A report the dispatcher types in from a phone call or a visit."""

    template_name = "hotline/admin/report.html"
    page_title = _("Enter a report")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", StaffReportForm())
        return context

    def post(self, request, *args, **kwargs):
        form = StaffReportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        language = request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "es"
        report = services.submit_report(
            form.new_report(channel="staff", language=language), actor=request.user
        )
        return back_to_incident(report.incident)


def photo(request, pk):
    """Send one photo, decrypted, to a dispatcher; never cached, and the viewing is audited."""
    data = read_photo(request.user, pk)
    response = HttpResponse(data, content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    add_never_cache_headers(response)
    return response


def recording(request, pk):
    """Play a voice report's recording to a dispatcher, through vecinos: decrypted, never
    cached, and every play audited."""
    data, content_type = read_recording(request.user, pk)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = "inline"
    add_never_cache_headers(response)
    return response
