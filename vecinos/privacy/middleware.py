"""Turn a read of personal data while vecinos is locked into a clear page, not a server error."""

from django.template.response import TemplateResponse

from .crypto import Locked


class LockedMiddleware:
    """Answer 503 with an explanation when a view needed a key that is not loaded."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Locked):
            return None
        in_admin = request.path.startswith("/admin/")
        template = "privacy/admin/locked.html" if in_admin else "privacy/locked.html"
        response = TemplateResponse(request, template, {}, status=503)
        response["Retry-After"] = "300"
        return response.render()
