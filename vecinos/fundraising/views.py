"""The donor's side: starting a gift, the thank-you page, the live bar, the development
checkout and the monthly donor's link."""

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vecinos.core.ratelimit import refuse_if_flooded
from vecinos.privacy.floods import flood_guard

from . import services
from .forms import GiftForm, MonthlyChangeForm
from .models import CampaignPage, Gift, Pledge
from .processors import ProcessorUnavailable, get_processor, simulated

# Gifts started from one source per period: generous for a shared computer at a library.
RATE_LIMIT = 20
RATE_PERIOD = 60 * 60


def open_campaign(page_id: int) -> CampaignPage:
    """Return the live campaign of the current language with this id, or answer 404."""
    return get_object_or_404(
        CampaignPage.objects.live().select_related("locale"),
        pk=page_id,
        locale__language_code=get_language(),
    )


def render_campaign(request, page, form, *, status, error=""):
    context = page.get_context(request)
    context["form"] = form
    context["page_error"] = error
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    response["Cache-Control"] = "no-store, private"
    return response


BUSY = gettext_lazy(
    "Many people are giving right now, and this form needs JavaScript to send during a rush. "
    "Please turn it on, or try again in a few minutes."
)


def _give_busy(request, page_id):
    """During a flood, a gift started without the proof of work: the form again, saying why.

    It is not held as a letter's signature is: the next page is the card processor's, for a
    gift that a held post has not started. The browser solves the proof by itself, so this is
    seen only with JavaScript off."""
    page = open_campaign(page_id)
    form = GiftForm(request.POST, amounts=page.amounts)
    return render_campaign(request, page, form, status=429, error=BUSY)


# The form carries no CSRF token so that the campaign page can be served from the page cache
# to everyone. Starting a gift only writes a waiting row and redirects to the processor: it
# acts for no logged-in user, so a forged request has nothing to gain.
@csrf_exempt
@flood_guard("fundraising.give", refused=_give_busy)
@require_POST
def give(request, page_id):
    page = open_campaign(page_id)
    form = GiftForm(request.POST, amounts=page.amounts)
    if not page.is_open or get_processor() is None:
        return render_campaign(
            request, page, form, status=409, error=_("Card gifts are not available here now.")
        )
    # The count and the waiting gift commit together; the processor is called after.
    with transaction.atomic():
        if refuse_if_flooded(
            request,
            form,
            "fundraising.give",
            limit=RATE_LIMIT,
            period=RATE_PERIOD,
            message=_("Too many gifts were started from here. Please try again in an hour."),
        ):
            return render_campaign(request, page, form, status=429)
        if not form.is_valid() or form.cleaned_data.get("amount_cents") is None:
            return render_campaign(request, page, form, status=400)
        data = form.cleaned_data
        row = services.add_card_gift(
            page,
            amount_cents=data["amount_cents"],
            monthly=data["frequency"] == "monthly",
            name=data["name"],
            email=data["email"],
            language=page.locale.language_code,
            display_name=data["display_name"],
            may_contact=data["may_contact"],
        )
    try:
        url = services.open_checkout(
            row,
            page,
            language=page.locale.language_code,
            success_url=request.build_absolute_uri(
                reverse("fundraising:thanks", kwargs={"page_id": page.pk})
            ),
            cancel_url=request.build_absolute_uri(page.url),
        )
    except services.CardGiftsUnavailable:
        return render_campaign(
            request,
            page,
            form,
            status=503,
            error=_(
                "The card payment service did not answer. Nothing was charged. Please try "
                "again in a few minutes, or use one of the other ways to give below."
            ),
        )
    # Not a redirect: the page's Content-Security-Policy lets forms go to this site only
    # (form-action 'self'), and browsers apply that to where a form's redirect leads. A
    # refresh is a plain navigation, so the policy stays as strict as it is.
    response = render(request, "fundraising/to_checkout.html", {"url": url, "campaign": page})
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
def thanks(request, page_id):
    page = open_campaign(page_id)
    return render(request, "fundraising/thanks.html", {"page": page, "campaign": page})


@require_GET
def progress(request, page_id):
    page = open_campaign(page_id)
    return render(
        request, "fundraising/includes/progress.html", {"page": page, "progress": page.progress()}
    )


def _development_only():
    processor = get_processor()
    if processor is None or processor.name != "development":
        raise Http404
    return processor


def _waiting_checkout(session_id: str):
    row = (
        Gift.objects.filter(checkout_session_id=session_id, status=Gift.Status.PENDING).first()
        or Pledge.objects.filter(
            checkout_session_id=session_id, status=Pledge.Status.PENDING
        ).first()
    )
    if row is None:
        raise Http404
    return row


@never_cache
@require_http_methods(["GET", "POST"])
def dev_checkout(request, session_id):
    """Stand in for Stripe Checkout in development: pay or cancel, no card asked."""
    processor = _development_only()
    row = _waiting_checkout(session_id)
    monthly = isinstance(row, Pledge)
    page = row.campaign
    translated = page.get_translation_or_none(page.locale.get_active()) if page else None
    page = translated or page
    if request.method == "POST":
        if request.POST.get("action") != "pay":
            return redirect(page.url if page else "/")
        events, _ids = simulated.checkout_events(
            session_id=session_id,
            reference=str(row.pk),
            monthly=monthly,
            amount_cents=row.amount_cents,
        )
        for event in events:
            processor.deliver(event)
        if page is None:
            return redirect("/")
        return redirect("fundraising:thanks", page_id=page.pk)
    return render(
        request,
        "fundraising/dev_checkout.html",
        {
            "campaign": page,
            "amount": services.dollars(row.amount_cents),
            "monthly": monthly,
            "email": row.donor.email if row.donor else "",
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def monthly(request, secret):
    """The monthly donor's one-time link: change the amount or stop the gift."""
    link = services.find_donor_link(secret)
    if link is None:
        return render(request, "fundraising/monthly_expired.html", status=404)
    pledge = link.pledge
    form = MonthlyChangeForm()
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "stop":
                services.stop_monthly_gift(link)
                return render(request, "fundraising/monthly_done.html", {"stopped": True})
            form = MonthlyChangeForm(request.POST)
            if form.is_valid() and form.cleaned_data.get("amount_cents"):
                pledge = services.change_monthly_gift(
                    link, amount_cents=form.cleaned_data["amount_cents"]
                )
                return render(
                    request,
                    "fundraising/monthly_done.html",
                    {"stopped": False, "amount": services.dollars(pledge.amount_cents)},
                )
        except (services.CardGiftsUnavailable, ProcessorUnavailable):
            error = _("Your gift could not be changed just now. Please try again later.")
    return render(
        request,
        "fundraising/monthly.html",
        {
            "pledge": pledge,
            "amount": services.dollars(pledge.amount_cents),
            "form": form,
            "page_error": error,
            "active": pledge.status == Pledge.Status.ACTIVE,
            "org_email": getattr(settings, "STAFF_NOTIFY_EMAIL", ""),
        },
        status=400 if form.errors or error else 200,
    )


@require_GET
def donate(request):
    """The header's Donate: the open campaign of the current language, the newest first.

    With no campaign open, a short page says how else to reach the organization, rather than a
    link that leads nowhere.
    """
    campaigns = (
        CampaignPage.objects.live()
        .public()
        .filter(locale__language_code=get_language())
        .order_by("-first_published_at")
    )
    for campaign in campaigns:
        if campaign.is_open:
            return redirect(campaign.get_url(request=request))
    return render(request, "fundraising/no_campaign.html", status=200)
