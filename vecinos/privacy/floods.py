"""Floods from many addresses: past a number of posts a minute to one public form, from
everybody, the form asks for a small proof of work, and a post without one is held for staff.

The proof is hashcash: the page carries a seed signed by the server (stateless, it expires in
a few minutes) and a difficulty N; the browser finds a nonce such that SHA-256(seed + nonce)
starts with N zero bits (`static/privacy/floods.js`, in a Web Worker, about a second on a
cheap phone at 16 bits) and sends it with the form. A seed works once. A post without a valid
solution, for example with JavaScript off, is not refused: it is kept encrypted (`HeldPost`),
the sender sees the form's usual next page, and staff accept it (sent again through the form's
own view, so it acts as if posted then) or discard it with a reason. Nothing is dropped
silently.

A public view takes part with one decorator, `@flood_guard("app.form", held=...)`, and its
template with `{% flood_challenge %}` inside the form. A form on a page that is the same for
everyone (a page-cache hit: the coalition's letters, petitions and events) cannot carry a seed
of its own: `{% flood_challenge "app.form" %}` writes an empty one, and the browser asks
`challenge_view` for a seed when someone starts filling the form in, which answers 204 (no
content) while there is no flood.
"""

import hashlib
import json
import secrets
from functools import wraps

from django.conf import settings
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core import signing
from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent
from django.db import transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
    UnreadablePostError,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from vecinos.core.audit import log_action
from vecinos.core.ratelimit import (
    _count,
    count_due,
    count_later,
    current_window,
    peek_everyone,
)

from .audit import AuditCode

PERIOD = 60
SALT = "vecinos.floods"
# How long a page's challenge can be answered: time to fill in the form.
CHALLENGE_MAX_AGE = 30 * 60
SEED_FIELD = "pow_seed"
NONCE_FIELD = "pow_nonce"
USED_KEY = "vecinos:floods:used:{seed}"
# Fields never worth keeping with a held post.
DROPPED_FIELDS = {"csrfmiddlewaretoken", SEED_FIELD, NONCE_FIELD}
MAX_HELD_BYTES = 64 * 1024

PARSE_ERRORS = (RequestDataTooBig, TooManyFieldsSent, BadRequest, UnreadablePostError)
# Every guarded view, by its form key, so that staff can send a held post through it again.
guarded_views: dict = {}


def threshold() -> int:
    return getattr(settings, "VECINOS_FLOOD_POSTS_PER_MINUTE", 0)


def bits() -> int:
    return getattr(settings, "VECINOS_FLOOD_BITS", 16)


def _scope(key: str) -> str:
    return f"flood.{key}"


def flood_on(key: str) -> bool:
    """True while the posts to `key` in this minute or the last one are above the threshold.

    The last minute counts too, so that a page shown just before the minute turned keeps its
    challenge valid and a flood does not switch off for a moment at each minute."""
    limit = threshold()
    if limit <= 0:
        return False
    window = current_window(PERIOD)
    scope = _scope(key)
    return max(peek_everyone(scope, period=PERIOD, windows=[window, window - 1])) > limit


def make_challenge(key: str) -> dict:
    seed = secrets.token_hex(16)
    token = signing.dumps({"s": seed, "b": bits(), "f": key}, salt=SALT, compress=False)
    return {"token": token, "seed": seed, "bits": bits()}


def leading_zero_bits(digest: bytes) -> int:
    count = 0
    for byte in digest:
        if byte == 0:
            count += 8
            continue
        return count + 8 - byte.bit_length()
    return count


def solution_valid(key: str, token, nonce) -> bool:
    """Check a solution and use up its seed: True only the first time a seed is answered."""
    if not isinstance(token, str) or not isinstance(nonce, str) or len(nonce) > 32:
        return False
    try:
        payload = signing.loads(token, salt=SALT, max_age=CHALLENGE_MAX_AGE)
    except signing.BadSignature:
        return False
    if not isinstance(payload, dict) or payload.get("f") != key:
        return False
    seed, difficulty = payload.get("s"), payload.get("b")
    if not isinstance(seed, str) or not isinstance(difficulty, int):
        return False
    digest = hashlib.sha256(f"{seed}{nonce}".encode()).digest()
    if leading_zero_bits(digest) < difficulty:
        return False
    # Single use: the seed is remembered in the rate-limit store for as long as it is valid.
    return _count(USED_KEY.format(seed=seed), CHALLENGE_MAX_AGE) == 1


def _text_fields(request) -> dict:
    return {name: request.POST.getlist(name) for name in request.POST if name not in DROPPED_FIELDS}


def hold_post(key: str, request, view_kwargs: dict | None = None) -> "HeldPost":  # noqa: F821
    from .models import HeldPost

    data = json.dumps(_text_fields(request), ensure_ascii=False)[:MAX_HELD_BYTES]
    kwargs = {name: str(value) for name, value in (view_kwargs or {}).items()}
    with transaction.atomic():
        held = HeldPost.objects.create(
            form_key=key, language=get_language() or "es", data=data, view_kwargs=kwargs
        )
        log_action("public", AuditCode.POST_HELD, held, detail={"form": key})
    return held


def flood_guard(key: str, *, held=None, refused=None, files_refused=None, acts=None):
    """Guard a public form's view against floods from many addresses.

    `held` is the URL name (or a callable taking the request and the URL's arguments) of the
    page a held post gets: the form's usual next page, so a held sender sees what everybody
    sees. A form whose next page names what the post made (a petition's code page) cannot
    show it for a post that made nothing yet: it gives `refused` instead, a callable taking
    the request and the URL's arguments that answers the form again, saying why. A held post
    keeps its text fields only; `files_refused` names the message shown when files came
    without a solution (the form page again, since files are not kept). `acts(request)`, when
    given, says whether a post acts at all; one that only shows the form again (a
    no-JavaScript "show the blocks" button) passes unguarded."""
    if (held is None) == (refused is None):
        raise TypeError("flood_guard takes one of held= and refused=.")

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if getattr(request, "vecinos_replay", False) or threshold() <= 0:
                return view(request, *args, **kwargs)
            if request.method != "POST":
                if flood_on(key):
                    request.flood_challenge = make_challenge(key)
                return view(request, *args, **kwargs)
            try:
                request.POST, request.FILES  # noqa: B018 (parsed here, refused by the view)
            except PARSE_ERRORS:
                return view(request, *args, **kwargs)
            if acts is not None and not acts(request):
                if flood_on(key):
                    request.flood_challenge = make_challenge(key)
                return view(request, *args, **kwargs)
            on = flood_on(key)
            # Counted with the view's own rate-limit count, in the transaction of its rows.
            count_later(request, _scope(key), period=PERIOD)
            try:
                if not on:
                    return view(request, *args, **kwargs)
                return challenged(request, *args, **kwargs)
            finally:
                count_due(request)

        def challenged(request, *args, **kwargs):
            """A post while the flood is on: with a valid solution, or held for staff."""
            request.flood_challenge = make_challenge(key)
            if solution_valid(key, request.POST.get(SEED_FIELD), request.POST.get(NONCE_FIELD)):
                return view(request, *args, **kwargs)
            if refused is not None:
                return refused(request, *args, **kwargs)
            if request.FILES:
                return render(
                    request,
                    "privacy/floods/files_refused.html",
                    {"back": request.path, "message": files_refused},
                    status=400,
                )
            hold_post(key, request, kwargs)
            target = held(request, **kwargs) if callable(held) else reverse(held, kwargs=kwargs)
            return HttpResponseRedirect(target)

        guarded_views[key] = guarded
        return guarded

    return decorator


@never_cache
@require_GET
def challenge_view(request, key: str):
    """A seed for a form whose page came from the page cache: JSON during a flood, else 204."""
    if key not in guarded_views:
        raise Http404
    if threshold() <= 0 or not flood_on(key):
        return HttpResponse(status=204)
    return JsonResponse(make_challenge(key))


class ReplayOutcome:
    ACTED = "acted"
    REFUSED = "refused"


def _replay_request(held) -> HttpRequest:
    request = HttpRequest()
    request.method = "POST"
    request.path = request.path_info = "/"
    request.META = {"REQUEST_METHOD": "POST", "REMOTE_ADDR": "", "SERVER_NAME": "localhost"}
    post = QueryDict(mutable=True)
    for name, values in json.loads(held.data).items():
        post.setlist(name, [str(value) for value in values])
    request.POST = post
    request._dont_enforce_csrf_checks = True
    # A session kept in memory and dropped afterwards: the sender's own session is not ours.
    request.session = SessionStore()
    request.LANGUAGE_CODE = held.language
    request.vecinos_replay = True
    return request


def accept_held_post(held, *, actor) -> str:
    """Send a held post through its form's view, as if it arrived now; return the outcome.

    A redirect means the form acted (its usual next page); anything else means the form
    refused what was sent (its errors page), which staff are told, and the post stays held."""
    view = guarded_views.get(held.form_key)
    if view is None:
        raise LookupError(f"No form is guarded under {held.form_key!r}.")
    with translation.override(held.language):
        response = view(_replay_request(held), **(held.view_kwargs or {}))
    outcome = ReplayOutcome.ACTED if 300 <= response.status_code < 400 else ReplayOutcome.REFUSED
    with transaction.atomic():
        if outcome == ReplayOutcome.ACTED:
            held.status = held.Status.ACCEPTED
            held.decided_at = timezone.now()
            held.decided_by_id = actor.pk
            held.data = ""
            held.save()
        log_action(
            actor,
            AuditCode.POST_ACCEPTED,
            held,
            detail={"form": held.form_key, "outcome": outcome},
        )
    return outcome


def discard_held_post(held, *, actor, reason: str) -> None:
    with transaction.atomic():
        held.status = held.Status.DISCARDED
        held.reason = reason
        held.decided_at = timezone.now()
        held.decided_by_id = actor.pk
        held.data = ""
        held.save()
        log_action(actor, AuditCode.POST_DISCARDED, held, detail={"form": held.form_key})
