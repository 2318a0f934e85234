"""The public tip box: send a tip, get a codename, come back with it.

No cookie is set before a tip is sent, so the forms carry no CSRF token (Django's needs a
cookie). That is safe here: a forged submission of the first form can only send a tip in
someone's name that carries no name, which the rate limit bounds like any flood; the forms
a returning source uses are guarded by their cookie being SameSite=Strict (a cross-site
request carries no cookie, so it acts as nobody). On top of both, a POST whose Origin or
Sec-Fetch-Site header says it came from another site is refused (vecinos.core.origin).
"""

from django.conf import settings
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from vecinos.core.origin import same_site_posts
from vecinos.core.ratelimit import count_everyone, rate_limited

from . import browser, services
from .access import replies_for_source
from .forms import CodenameForm, MoreForm, TipForm
from .models import Source

SEND_LIMIT, SEND_PERIOD = 5, 60 * 60
RETURN_LIMIT, RETURN_PERIOD = 10, 60 * 60
TOO_LARGE = gettext_lazy("The files are too large to send. Please send fewer or smaller ones.")
FLOODED = gettext_lazy("Too many tips were sent from here just now. Please try again in an hour.")
TRIED = gettext_lazy("Too many tries from here just now. Please try again in an hour.")
BUSY = gettext_lazy(
    "Many people are using the tip box right now. Please wait a few minutes and try again."
)
# Three large files and the message; anything bigger is refused unread.
MAX_REQUEST_BYTES = 32 * 1024 * 1024


def tip_page(view):
    """No cache, no cross-site POST, and the onion address in the Onion-Location header."""

    @same_site_posts
    @never_cache
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if settings.VECINOS_ONION_ADDRESS:
            response["Onion-Location"] = (
                f"http://{settings.VECINOS_ONION_ADDRESS}{request.get_full_path()}"
            )
        return response

    wrapped.__name__ = view.__name__
    return wrapped


def _render(request, template, context, status=200):
    context = {"onion_address": settings.VECINOS_ONION_ADDRESS, **context}
    return render(request, template, context, status=status)


def _too_large(request) -> bool:
    return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES


def _bound_form(request, form_class, *, codename=False):
    """Return the posted form and the status to answer with if it is not to be saved.

    The status is None for a valid form; 413 for a request too large to read, 429 past the
    rate limit (tips and additions count together), 503 past the tip box's budget of
    codenames for a valid form that makes one (`codename`), 400 for a form with errors.
    """
    if _too_large(request):
        form = form_class()
        form.page_error = TOO_LARGE
        return form, 413
    form = form_class(request.POST, request.FILES)
    valid = form.is_valid()
    refused = _counted(
        request, form, "tips.send", SEND_LIMIT, SEND_PERIOD, FLOODED, codename=codename
    )
    return form, refused or (None if valid else 400)


def _counted(request, form, scope, limit, period, flooded, *, codename) -> int | None:
    """Count the post for its sender and, for a valid form that makes a codename, against the
    tip box's budget; return 429 past the sender's limit or 503 past the budget, the form
    saying why, else None.

    The caller checks the form first, with no write lock held; the two counts commit
    together.
    """
    with transaction.atomic():
        limited = rate_limited(request, scope, limit=limit, period=period)
        busy = codename and form.is_valid() and not limited and _codename_budget_spent()
    if limited:
        form.add_error(None, flooded)
        return 429
    if busy:
        form.add_error(None, BUSY)
        return 503
    return None


def _codename_budget_spent() -> bool:
    """Count one codename's slow hash for the whole tip box; True past the minute's budget.

    A codename made for a first tip or typed to come back costs one Argon2id run (about 75 ms
    of a core at the default cost). Tips from many addresses at once could take every core
    of the machine, the hotline's with them; past VECINOS_TIPS_CODENAMES_PER_MINUTE the tip
    box asks people to wait instead. Nothing about who asked is counted: the count is the
    whole tip box's, per minute.
    """
    limit = settings.VECINOS_TIPS_CODENAMES_PER_MINUTE
    return limit > 0 and count_everyone("tips.codename", period=60) > limit


def _render_form(request, template, form, status):
    response = _render(request, template, {"form": form}, status=status)
    if status == 503:
        response["Retry-After"] = "60"
    return response


@tip_page
def send(request):
    if request.method != "POST":
        return _render(request, "tips/send.html", {"form": TipForm()})
    form, status = _bound_form(request, TipForm, codename=True)
    if status:
        return _render_form(request, "tips/send.html", form, status)
    try:
        new = services.seal_tip(
            text=form.cleaned_data["message"],
            files=form.cleaned_data["files"],
            language=get_language() or "en",
        )
    except services.NoTipKey:
        return _render(request, "tips/closed.html", {}, status=503)
    # Shown in this response and nowhere else: a redirect would have to keep the codename.
    response = _render(request, "tips/codename.html", {"codename": new.codename})
    browser.sign_in_source(response, new.source.pk, new.private_key)
    return response


@tip_page
def come_back(request):
    form = CodenameForm(request.POST or None)
    if request.method != "POST":
        return _render(request, "tips/return.html", {"form": form})
    valid = form.is_valid()
    refused = _counted(
        request, form, "tips.return", RETURN_LIMIT, RETURN_PERIOD, TRIED, codename=True
    )
    if refused:
        return _render_form(request, "tips/return.html", form, refused)
    found = services.sign_in_source(form.data.get("codename", "")) if valid else None
    if found is None:
        # The same words whether the codename is unknown, mistyped or empty.
        form = CodenameForm()
        form.page_error = _(
            "That codename was not recognized. Check the seven words and try again."
        )
        return _render(request, "tips/return.html", {"form": form})
    source, keys = found
    response = HttpResponseRedirect(reverse("tips:thread"))
    browser.sign_in_source(response, source.pk, keys.private_key)
    return response


@tip_page
def thread(request):
    signed_in = browser.signed_in_source(request)
    source = Source.objects.filter(pk=signed_in.source_id).first() if signed_in else None
    if source is None:
        response = HttpResponseRedirect(reverse("tips:return"))
        browser.sign_out_source(response)
        return response
    form, status = MoreForm(), 200
    if request.method == "POST":
        form, status = _bound_form(request, MoreForm)
        if status is None:
            services.add_tip(
                source, text=form.cleaned_data["message"], files=form.cleaned_data["files"]
            )
            return HttpResponseRedirect(reverse("tips:thread") + "?sent=1")
    context = {
        "form": form,
        "replies": replies_for_source(source, signed_in.private_key),
        "tip_days": sorted({tip.received_on for tip in source.tips.all()}),
        "sent": request.GET.get("sent") == "1",
    }
    return _render(request, "tips/thread.html", context, status=status)


@tip_page
def leave(request):
    response = HttpResponseRedirect(reverse("tips:send"))
    browser.sign_out_source(response)
    return response
