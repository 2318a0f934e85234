"""`{% flood_challenge %}`: inside a guarded form, the proof of work asked during a flood."""

from django import template
from django.template.loader import render_to_string

from vecinos.privacy.floods import NONCE_FIELD, SEED_FIELD

register = template.Library()


@register.simple_tag(takes_context=True)
def flood_challenge(context):
    request = context.get("request")
    challenge = getattr(request, "flood_challenge", None)
    if not challenge:
        return ""
    return render_to_string(
        "privacy/floods/challenge.html",
        {"challenge": challenge, "seed_field": SEED_FIELD, "nonce_field": NONCE_FIELD},
        request=request,
    )
