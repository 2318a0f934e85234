from django.conf import settings
from django.core.checks import Warning, register


@register()
def locked_start_reaches_every_process(app_configs, **kwargs):
    """Warn when a locked start would unlock only the one process that received the shares."""
    if not settings.VECINOS_LOCKED_START or settings.VECINOS_KEY_AGENT_SOCKET:
        return []
    return [
        Warning(
            "vecinos starts locked without a key agent.",
            hint=(
                "Shares entered in the admin unlock only the process that receives them. With "
                "several workers or a task worker, set VECINOS_KEY_AGENT_SOCKET and run "
                "`manage.py key_agent` (docs/privacy.md, Locked start)."
            ),
            id="privacy.W001",
        )
    ]
