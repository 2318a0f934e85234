"""Response headers that Django's SecurityMiddleware does not set."""

from django.conf import settings


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """Format {"camera": ["self"], "microphone": []} as `camera=(self), microphone=()`."""
    parts = []
    for feature, origins in policy.items():
        # Keywords stand bare; an origin is written as a quoted string.
        allowed = " ".join(o if o in {"self", "src", "*"} else f'"{o}"' for o in origins)
        parts.append(f"{feature}=({allowed})")
    return ", ".join(parts)


class PermissionsPolicyMiddleware:
    """Add the Permissions-Policy header from settings.PERMISSIONS_POLICY to every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
