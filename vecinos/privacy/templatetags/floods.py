"""`{% flood_challenge %}`: inside a guarded form, the proof of work asked during a flood.

`{% flood_challenge "app.form" %}`, on a page the page cache answers, writes an empty seed
and the address where the browser asks for one (privacy.floods.challenge_view)."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from vecinos.privacy.floods import NONCE_FIELD, SEED_FIELD

register = template.Library()


@register.simple_tag(takes_context=True)
def flood_challenge(context, key: str = ""):
    request = context.get("request")
    challenge = getattr(request, "flood_challenge", None)
    if challenge:
        url = ""
    elif key:
        challenge = {"token": "", "seed": "", "bits": ""}
        url = reverse("flood_challenge", kwargs={"key": key})
    else:
        return ""
    return render_to_string(
        "privacy/floods/challenge.html",
        {
            "challenge": challenge,
            "url": url,
            "seed_field": SEED_FIELD,
            "nonce_field": NONCE_FIELD,
        },
        request=request,
    )
