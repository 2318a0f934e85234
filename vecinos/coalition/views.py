"""The signer's side: the signing forms' answers, the confirmation links and codes, the PDF."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vecinos.core.origin import same_site_posts
from vecinos.core.ratelimit import counted_post
from vecinos.messaging import signups
from vecinos.privacy.floods import flood_guard

from . import documents
from .forms import CodeForm, PetitionForm, RsvpForm, SignatureForm
from .models import EventPage, LetterPage, PetitionPage, Rsvp
from .services import events, petitions
from .services import letters as services

# Signatures sent from one address per period: generous for a shared office computer where a
# coalition's members sign one after the other.
RATE_LIMIT = 15
RATE_PERIOD = 60 * 60


def open_page(model, page_id: int):
    """Return the live letter, petition or event of the current language with this id, or
    answer 404."""
    return get_object_or_404(
        model.objects.live().select_related("locale"),
        pk=page_id,
        locale__language_code=get_language(),
    )


def render_again(request, page, form, *, status, error=""):
    """The page again with the form as it was posted and its error, never from the cache."""
    context = page.get_context(request)
    context.update(form=form, page_error=error)
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    response["Cache-Control"] = "no-store, private"
    return response


# No CSRF token, so that the letter page can be served from the page cache to everyone:
# signing acts for no logged-in user and only sends a link to the address given, so a forged
# post gains nothing that typing into the form would not; a post from another site is refused
# all the same (vecinos.core.origin). During a flood, a signature without the page's proof of
# work is held for staff, and its sender sees the page every signer sees.
@same_site_posts
@flood_guard("coalition.sign", held="coalition:signed")
@require_POST
def sign(request, page_id):
    page = open_page(LetterPage, page_id)
    form = SignatureForm(request.POST)
    closed = _("This letter no longer takes signatures.")
    if not page.is_open:
        return render_again(request, page, form, status=409, error=closed)
    with counted_post(
        request,
        form,
        "coalition.sign",
        limit=RATE_LIMIT,
        period=RATE_PERIOD,
        message=_("Too many signatures were sent from here. Please try again in an hour."),
    ) as status:
        if status is None:
            data = form.cleaned_data
            try:
                services.sign_letter(
                    page,
                    services.Signer(
                        kind=data["kind"],
                        public_name=data["public_name"],
                        city=data["city"],
                        state=data["state"],
                        org_type=data["org_type"],
                        affiliation=data["affiliation"],
                        contact_name=data["contact_name"],
                        email=data["email"],
                        language=page.locale.language_code,
                        may_contact=data["may_contact"],
                    ),
                )
            except services.LetterClosed:
                status = 409
    if status is not None:
        return render_again(
            request, page, form, status=status, error=closed if status == 409 else ""
        )
    # The same page whether the e-mail was new or had signed before.
    return redirect("coalition:signed", page_id=page.pk)


@require_GET
def signed(request, page_id):
    page = open_page(LetterPage, page_id)
    return TemplateResponse(request, "coalition/signed.html", {"page": page})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """Confirm a signature: the link shows a button, since mail scanners open links."""
    try:
        signature = services.signature_for_link(token)
    except signups.InvalidLink:
        return TemplateResponse(request, "coalition/link_invalid.html", status=404)
    letter = services.letter_in_language(signature.letter_key, get_language())
    if request.method == "POST":
        signature = services.confirm_signature(signature)
        return TemplateResponse(
            request, "coalition/confirmed.html", {"signature": signature, "letter": letter}
        )
    return TemplateResponse(
        request, "coalition/confirm.html", {"signature": signature, "letter": letter}
    )


@require_GET
def letter_pdf(request, page_id):
    page = open_page(LetterPage, page_id)
    response = HttpResponse(documents.letter_pdf(page), content_type="application/pdf")
    filename = f"{slugify(page.slug) or 'letter'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Petitions ---------------------------------------------------------------------------------


BUSY = gettext_lazy(
    "Many people are signing right now, and this form needs JavaScript to send during a rush. "
    "Please turn it on, or try again in a few minutes."
)


def _petition_busy(request, page_id):
    """During a flood, a signature without the proof of work: the form again, saying why.

    It is not held as a letter's is, since a phone signer's next page is the code page of the
    signature the post makes; the browser solves the proof by itself, so this is seen only
    with JavaScript off."""
    page = open_page(PetitionPage, page_id)
    return render_again(request, page, PetitionForm(request.POST), status=429, error=BUSY)


# No CSRF token, as for letters: the page is cached for everyone and a signature only sends a
# link or a code to the address given.
@same_site_posts
@flood_guard("coalition.petition", refused=_petition_busy)
@require_POST
def petition_sign(request, page_id):
    page = open_page(PetitionPage, page_id)
    form = PetitionForm(request.POST)
    closed = _("This petition no longer takes signatures.")
    if not page.is_open:
        return render_again(request, page, form, status=409, error=closed)
    signature = None
    with counted_post(
        request,
        form,
        "coalition.petition",
        limit=RATE_LIMIT,
        period=RATE_PERIOD,
        message=_("Too many signatures were sent from here. Please try again in an hour."),
    ) as status:
        if status is None:
            data = form.cleaned_data
            try:
                signature = petitions.sign_petition(
                    page,
                    petitions.PetitionSigner(
                        language=page.locale.language_code,
                        email=data["email"],
                        phone=data["phone"],
                        first_name=data["first_name"],
                        city=data["city"],
                        show_publicly=data["show_publicly"],
                        may_contact=data["may_contact"],
                    ),
                )
            except petitions.PetitionClosed:
                status = 409
    if signature is None:
        return render_again(
            request, page, form, status=status, error=closed if status == 409 else ""
        )
    if signature.email and form.cleaned_data["email"]:
        return redirect("coalition:petition-signed", page_id=page.pk)
    # A phone: the code is typed on a page whose address names the signature (signed).
    return redirect(petitions.code_page_url(signature))


@require_GET
def petition_signed(request, page_id):
    page = open_page(PetitionPage, page_id)
    return TemplateResponse(request, "coalition/petition_signed.html", {"page": page})


def _petition_signature(token):
    try:
        return petitions.signature_for_link(token)
    except signups.InvalidLink:
        return None


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def petition_confirm(request, token):
    signature = _petition_signature(token)
    if signature is None:
        return TemplateResponse(request, "coalition/link_invalid.html", status=404)
    page = petitions.petition_in_language(signature.petition_key, get_language())
    if request.method == "POST":
        petitions.confirm_petition_signature(signature)
        return TemplateResponse(request, "coalition/petition_confirmed.html", {"page": page})
    return TemplateResponse(request, "coalition/petition_confirm.html", {"page": page})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def petition_code(request, token):
    signature = _petition_signature(token)
    if signature is None:
        return TemplateResponse(request, "coalition/link_invalid.html", status=404)
    page = petitions.petition_in_language(signature.petition_key, get_language())
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                petitions.confirm_petition_code(signature, form.cleaned_data["code"])
            except petitions.WrongCode:
                form.add_error("code", _("That code does not match. Check the text message."))
            else:
                return TemplateResponse(
                    request, "coalition/petition_confirmed.html", {"page": page}
                )
        status = 400
    return TemplateResponse(
        request, "coalition/petition_code.html", {"page": page, "form": form}, status=status
    )


# Events ------------------------------------------------------------------------------------


# No CSRF token, as for letters: the page is cached, and an RSVP only records an answer for
# the phone or e-mail given (a known one is not changed from the web). Held during a flood
# without the proof of work, as a letter's signature is.
@same_site_posts
@flood_guard("coalition.rsvp", held="coalition:event-answered")
@require_POST
def event_rsvp(request, page_id):
    page = open_page(EventPage, page_id)
    form = RsvpForm(request.POST)
    closed = _("This event has already started; answers are closed.")
    if not page.is_open:
        return render_again(request, page, form, status=409, error=closed)
    with counted_post(
        request,
        form,
        "coalition.rsvp",
        limit=RATE_LIMIT,
        period=RATE_PERIOD,
        message=_("Too many answers were sent from here. Please try again in an hour."),
    ) as status:
        if status is None:
            data = form.cleaned_data
            try:
                events.answer_event(
                    page,
                    events.Attendee(
                        language=page.locale.language_code,
                        name=data["name"],
                        phone=data["phone"],
                        email=data["email"],
                        party_size=data["party_size"],
                        may_contact=data["may_contact"],
                    ),
                    data["answer"],
                    source=Rsvp.Source.WEB,
                    repeat_changes=False,
                )
            except events.EventClosed:
                status = 409
    if status is not None:
        return render_again(
            request, page, form, status=status, error=closed if status == 409 else ""
        )
    return redirect("coalition:event-answered", page_id=page.pk)


@require_GET
def event_answered(request, page_id):
    page = open_page(EventPage, page_id)
    return TemplateResponse(request, "coalition/event_answered.html", {"page": page})


@require_GET
def event_ics(request, page_id):
    page = open_page(EventPage, page_id)
    response = HttpResponse(documents.event_ics(page), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(page.slug) or "event"}.ics"'
    return response
