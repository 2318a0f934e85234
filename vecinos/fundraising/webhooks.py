"""Stripe's webhook: verify the signature first, then apply the event once.

Anything unsigned, wrongly signed or unreadable is answered 400 and nothing is stored.
"""

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .processors import InvalidEvent, get_processor
from .services import receive_event

# Stripe's events are a few kilobytes; a bigger body is not one of them.
MAX_BODY_BYTES = 256 * 1024


class Refused(Exception):
    pass


def receive(payload: bytes, signature: str) -> None:
    """Verify one delivery and apply its event; raise Refused if it is not genuine."""
    processor = get_processor()
    if processor is None:
        raise Refused()
    try:
        event = processor.parse_event(payload, signature)
    except InvalidEvent:
        raise Refused() from None
    receive_event(event)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    length = request.headers.get("Content-Length") or "0"
    if not length.isdigit() or int(length) > MAX_BODY_BYTES:
        return HttpResponseBadRequest()
    try:
        receive(request.body, request.headers.get("Stripe-Signature", ""))
    except Refused:
        return HttpResponseBadRequest()
    return HttpResponse(status=200)
