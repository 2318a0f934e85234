"""The signer's side: the signing form's answer, the confirmation link and the PDF."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vecinos.core.ratelimit import refuse_if_flooded
from vecinos.messaging import signups

from . import documents, services
from .forms import SignatureForm
from .models import LetterPage

# Signatures sent from one address per period: generous for a shared office computer where a
# coalition's members sign one after the other.
RATE_LIMIT = 15
RATE_PERIOD = 60 * 60


def open_letter(page_id: int) -> LetterPage:
    """Return the live letter of the current language with this id, or answer 404."""
    return get_object_or_404(
        LetterPage.objects.live().select_related("locale"),
        pk=page_id,
        locale__language_code=get_language(),
    )


def render_letter(request, page, form, *, status, error=""):
    context = page.get_context(request)
    context.update(form=form, page_error=error)
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    response["Cache-Control"] = "no-store, private"
    return response


# No CSRF token, so that the letter page can be served from the page cache to everyone:
# signing acts for no logged-in user and only sends a link to the address given, so a forged
# post gains nothing that typing into the form would not.
@csrf_exempt
@require_POST
def sign(request, page_id):
    page = open_letter(page_id)
    form = SignatureForm(request.POST)
    if not page.is_open:
        return render_letter(
            request, page, form, status=409, error=_("This letter no longer takes signatures.")
        )
    if refuse_if_flooded(
        request,
        form,
        "coalition.sign",
        limit=RATE_LIMIT,
        period=RATE_PERIOD,
        message=_("Too many signatures were sent from here. Please try again in an hour."),
    ):
        return render_letter(request, page, form, status=429)
    if not form.is_valid():
        return render_letter(request, page, form, status=400)
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
        return render_letter(
            request, page, form, status=409, error=_("This letter no longer takes signatures.")
        )
    # The same page whether the e-mail was new or had signed before.
    return redirect("coalition:signed", page_id=page.pk)


@require_GET
def signed(request, page_id):
    page = open_letter(page_id)
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
    page = open_letter(page_id)
    response = HttpResponse(documents.letter_pdf(page), content_type="application/pdf")
    filename = f"{slugify(page.slug) or 'letter'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
