"""Public pages of the zones: joining, confirming, and a member's own management page.

Joining never tells whether a phone or e-mail is already a member: every valid sign-up gets
the same redirect and the same next page, decided only by what the person typed (a phone
brings the code page, an e-mail alone the "check your e-mail" page). Between the form and the
code the session keeps the member's id and the number of tries, never the phone or e-mail,
since the session table is not encrypted.
"""

import math
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponseRedirect, JsonResponse, UnreadablePostError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vecinos.core.ratelimit import counted_post, rate_limited, refuse_if_flooded
from vecinos.privacy.floods import flood_guard

from . import geo, services
from .forms import ChangeBlockForm, CodeForm, JoinForm, LanguageForm
from .models import ConsentText, Member, MemberToken, Zone

SIGNUP_SESSION_KEY = "zones.signup"
# Sign-ups from one source per hour: a family or a community centre may share a phone or a
# connection, so it is generous; each sign-up sends a text, so it is not unlimited.
JOIN_LIMIT = 10
CODE_LIMIT = 30
LOCATE_LIMIT = 60
PERIOD = 60 * 60
# Wrong codes typed in one sign-up before it has to start again. Counted in the session, the
# same way for everyone: the tokens' own count (services.MAX_CODE_ATTEMPTS) depends on whether
# the member had a code to guess, which would tell an existing member from a new one.
MAX_CODE_TRIES = services.MAX_CODE_ATTEMPTS
MAX_SECRET_LENGTH = 100
PARSE_ERRORS = (RequestDataTooBig, TooManyFieldsSent, BadRequest, UnreadablePostError)
# Fields whose every value is kept when a form is shown again with a zone's blocks.
MULTIPLE_VALUES = {"languages_spoken"}


def shapes_url(zone: Zone) -> str:
    return reverse("zones:zone_shapes", kwargs={"slug": zone.slug})


def _map_context() -> dict:
    return {
        "tiles_url": settings.VECINOS_MAP_TILES_URL,
        "tiles_attribution": settings.VECINOS_MAP_TILES_ATTRIBUTION,
    }


def _post_or_none(request):
    """Return the parsed form body, or None when it is too big or unreadable."""
    try:
        return request.POST
    except PARSE_ERRORS:
        return None


def _typed(data) -> dict:
    """Return what was typed as initial values, to show a form again without judging it."""
    return {
        key: data.getlist(key) if key in MULTIPLE_VALUES else data.get(key)
        for key in data
        if key != "csrfmiddlewaretoken"
    }


def _render_join(request, form, *, status=200):
    context = {"form": form, **_map_context()}
    return TemplateResponse(request, "zones/join.html", context, status=status)


def _give_ticket(request, member_id: str, *, by_phone: bool) -> None:
    """Keep a sign-up's ticket in a session nobody else can know.

    A session that existed before gets a new key, so that a key planted or seen before the
    sign-up does not reach the ticket; a new one gets its first, random key when it is
    saved."""
    if request.session.session_key is not None:
        request.session.cycle_key()
    request.session[SIGNUP_SESSION_KEY] = {
        "member": member_id,
        "via": "sms" if by_phone else "email",
        "tries": 0,
    }


def _held_signup(request) -> str:
    """A held sign-up gets the page every sign-up gets, chosen by what was typed: the code
    page for a phone, "check your e-mail" for an e-mail alone. Its ticket names nobody, so a
    code typed there is wrong, like any wrong code."""
    phone = request.POST.get("phone")
    _give_ticket(
        request, str(uuid.uuid4()), by_phone=isinstance(phone, str) and bool(phone.strip())
    )
    return reverse("zones:confirm_code")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@flood_guard(
    "zones.join", held=_held_signup, acts=lambda request: "show_blocks" not in request.POST
)
def join(request):
    consent = ConsentText.current()
    if consent is None:
        # Nobody may join without words to agree to; a migration writes the first ones.
        return TemplateResponse(request, "zones/join.html", {"form": None}, status=503)
    if request.method != "POST":
        initial = {}
        if isinstance(request.GET.get("zone"), str):
            initial["zone"] = request.GET["zone"][:120]
        form = JoinForm(initial=initial, consent=consent, shapes_url=shapes_url)
        return _render_join(request, form)

    data = _post_or_none(request)
    if data is None:
        form = JoinForm(consent=consent, shapes_url=shapes_url)
        form.page_error = _("The form could not be read. Please fill it in again.")
        return _render_join(request, form, status=400)
    if "show_blocks" in data:
        # Without JavaScript, choosing a zone takes a trip to the server to list its blocks.
        typed = _typed(data)
        # The page shows the current consent text again, so that is the version agreed to.
        typed.pop("consent_version", None)
        form = JoinForm(initial=typed, consent=consent, shapes_url=shapes_url)
        return _render_join(request, form)

    form = JoinForm(data, consent=consent, shapes_url=shapes_url)
    # The rate-limit counts, the member, its audit row, its code, message and task, and the
    # session with its ticket commit together: one wait for SQLite's write lock.
    with counted_post(
        request,
        form,
        "zones.join",
        limit=JOIN_LIMIT,
        period=PERIOD,
        message=_("Too many sign-ups were sent from here just now. Please try again later."),
    ) as status:
        if status is None:
            member = services.join_zone(form.signup(), source=Member.Source.WEB)
            # What the person typed decides the next page, never what we already held.
            _give_ticket(request, str(member.pk), by_phone=bool(form.cleaned_data["phone"]))
            # The middleware's save after the response then writes nothing (core/sessions.py).
            request.session.save()
    if status is not None:
        return _render_join(request, form, status=status)
    return HttpResponseRedirect(reverse("zones:confirm_code"))


def _signup_ticket(request) -> dict | None:
    ticket = request.session.get(SIGNUP_SESSION_KEY)
    if isinstance(ticket, dict) and ticket.get("member") and ticket.get("via") in ("sms", "email"):
        return ticket
    return None


def _render_code(request, form, *, state="code", status=200, tries_left=None):
    context = {"form": form, "state": state, "tries_left": tries_left}
    return TemplateResponse(request, "zones/join_confirm.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_code(request):
    ticket = _signup_ticket(request)
    if ticket is None:
        return redirect("zones:join")
    if ticket["via"] == "email":
        return _render_code(request, None, state="email")
    if request.method != "POST":
        return _render_code(request, CodeForm())

    data = _post_or_none(request)
    form = CodeForm(data if data is not None else {})
    if refuse_if_flooded(
        request,
        form,
        "zones.confirm",
        limit=CODE_LIMIT,
        period=PERIOD,
        message=_("Too many codes were typed from here just now. Please wait a while."),
    ):
        return _render_code(request, form, status=429)
    if not form.is_valid():
        return _render_code(request, form, status=400)
    try:
        services.confirm_member_code(ticket["member"], form.cleaned_data["code"])
    except services.InvalidToken:
        ticket["tries"] = int(ticket.get("tries", 0)) + 1
        left = MAX_CODE_TRIES - ticket["tries"]
        if left <= 0:
            del request.session[SIGNUP_SESSION_KEY]
            return _render_code(request, None, state="too_many", status=429)
        request.session[SIGNUP_SESSION_KEY] = ticket
        form.add_error(
            "code",
            ngettext(
                "That code is not right. Check the text we sent you. "
                "You can try %(count)d more time.",
                "That code is not right. Check the text we sent you. "
                "You can try %(count)d more times.",
                left,
            )
            % {"count": left},
        )
        return _render_code(request, form, status=400)
    del request.session[SIGNUP_SESSION_KEY]
    return HttpResponseRedirect(reverse("zones:joined"))


@never_cache
@require_GET
def joined(request):
    return TemplateResponse(request, "zones/joined.html", {})


def _link_member(request, secret, purpose):
    """Return (member, None), or (None, a clear page) for a wrong or expired link."""
    try:
        if len(secret) > MAX_SECRET_LENGTH:
            raise services.InvalidToken
        return services.open_link(secret, purpose), None
    except services.ExpiredToken:
        status, expired = 410, True
    except services.InvalidToken:
        status, expired = 404, False
    page = TemplateResponse(
        request, "zones/link_invalid.html", {"expired": expired, "purpose": purpose}, status=status
    )
    return None, page


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_link(request, secret):
    """Confirm an e-mail sign-up: the link shows a button, since mail scanners open links."""
    member, refusal = _link_member(request, secret, MemberToken.Purpose.CONFIRM)
    if refusal is not None:
        return refusal
    if request.method != "POST":
        return TemplateResponse(request, "zones/confirm_link.html", {"zone": member.zone})
    try:
        services.confirm_with_link(secret)
    except services.InvalidToken:
        # Used meanwhile, by a second click in another tab: that click confirmed it.
        _member, refusal = _link_member(request, secret, MemberToken.Purpose.CONFIRM)
        if refusal is not None:
            return refusal
    return HttpResponseRedirect(reverse("zones:joined"))


def _manage_forms(member, *, block_form=None, language_form=None):
    if block_form is None:
        block = str(member.block_id) if member.block_id else ("unknown" if member.zone else "")
        block_form = ChangeBlockForm(
            initial={"zone": member.zone.slug if member.zone else "", "block": block},
            shapes_url=shapes_url,
        )
    if language_form is None:
        language_form = LanguageForm(initial={"language": member.language})
    return {"block_form": block_form, "language_form": language_form}


def _render_manage(request, member, *, status=200, **forms):
    context = {"member": member, **_manage_forms(member, **forms), **_map_context()}
    return TemplateResponse(request, "zones/manage.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, secret):
    """A member's own page, reached by the link in their messages: block, language, leave."""
    member, refusal = _link_member(request, secret, MemberToken.Purpose.MANAGE)
    if refusal is not None:
        return refusal
    if request.method != "POST":
        return _render_manage(request, member)
    data = _post_or_none(request)
    if data is None:
        return _render_manage(request, member, status=400)
    action = data.get("action")

    if "show_blocks" in data:
        form = ChangeBlockForm(initial=_typed(data), shapes_url=shapes_url)
        return _render_manage(request, member, block_form=form)
    if action == "block":
        form = ChangeBlockForm(data, shapes_url=shapes_url)
        if not form.is_valid():
            return _render_manage(request, member, status=400, block_form=form)
        services.change_block(member, form.cleaned_data["block"], zone=form.cleaned_data["zone"])
        messages.success(request, _("Saved: your block is changed."))
        return HttpResponseRedirect(request.path)
    if action == "language":
        form = LanguageForm(data)
        if not form.is_valid():
            return _render_manage(request, member, status=400, language_form=form)
        language = form.cleaned_data["language"]
        services.set_language(member, language)
        with translation.override(language):
            messages.success(request, _("Saved: we will write to you in this language."))
            return HttpResponseRedirect(reverse("zones:manage", kwargs={"secret": secret}))
    if action == "leave":
        zone = member.zone
        services.stop_membership(member)
        return TemplateResponse(request, "zones/left.html", {"zone": zone})
    return _render_manage(request, member, status=400)


@cache_control(public=True, max_age=300)
@require_GET
def zone_shapes(request, slug):
    """The zone's blocks as GeoJSON, for the map picker (public shapes, no people)."""
    zone = get_object_or_404(Zone, slug=slug)
    return JsonResponse(geo.zone_geojson(zone), content_type="application/geo+json")


@never_cache
@require_POST
def locate(request):
    """Answer which block holds a point sent by "use my location"; nothing of it is kept.

    A POST, so the position never appears in a URL or a web server's access log.
    """
    if rate_limited(request, "zones.locate", limit=LOCATE_LIMIT, period=PERIOD):
        return JsonResponse(
            {"error": _("Too many tries just now. Please wait a while.")}, status=429
        )
    data = _post_or_none(request) or {}
    try:
        latitude = float(data.get("latitude", ""))
        longitude = float(data.get("longitude", ""))
    except (TypeError, ValueError):
        latitude = longitude = math.nan
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return JsonResponse({"error": _("We could not read your location.")}, status=400)
    block = geo.block_at(latitude, longitude)
    if block is None or not block.name:
        # A block staff have not named yet is not offered (forms.py): the person chooses from
        # the list or answers that they do not know.
        return JsonResponse({"block": None})
    return JsonResponse(
        {
            "block": {
                "id": block.pk,
                "name": block.name,
                "zone": block.zone.slug,
                "zone_name": block.zone.name,
            }
        }
    )
