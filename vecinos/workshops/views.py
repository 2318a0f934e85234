"""The public side of workshops: the list, a workshop with its form, its calendar file, the
ticket a registrant is sent, and the rights card. Everything works without JavaScript.
"""

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vecinos.core.ratelimit import counted_post
from vecinos.privacy.floods import flood_guard

from . import materials, services
from .forms import RegistrationForm
from .models import Registration, Workshop

RATE_LIMIT = 20
RATE_PERIOD = 60 * 60


def _language() -> str:
    return "es" if (get_language() or "").startswith("es") else "en"


def public_workshop(pk) -> Workshop:
    """Return a workshop the public may see (published or cancelled, never a draft)."""
    return get_object_or_404(
        Workshop.objects.exclude(status=Workshop.Status.DRAFT).select_related("topic", "zone"),
        pk=pk,
    )


@require_GET
def workshop_list(request):
    workshops = Workshop.objects.upcoming().select_related("topic", "zone")
    return render(
        request,
        "workshops/workshop_list.html",
        {"workshops": workshops, "language": _language()},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@flood_guard("workshops.register", held="workshops:registered")
def workshop_detail(request, pk):
    workshop = public_workshop(pk)
    status = 200
    if request.method == "POST" and workshop.is_open_for_registration:
        form = RegistrationForm(request.POST, workshop=workshop)
        registration = None
        with counted_post(
            request,
            form,
            "trainings.register",
            limit=RATE_LIMIT,
            period=RATE_PERIOD,
            message=_("Too many registrations were sent from here just now. Try again later."),
        ) as status:
            if status is None:
                data = form.cleaned_data
                # A refusal undoes the service's savepoint only: the count stays, as for
                # any post.
                try:
                    registration = services.register_for_workshop(
                        workshop,
                        form.registrant(),
                        source=Registration.Source.WEB,
                        join_zone=data.get("zone") if data.get("join_zone") else None,
                    )
                except services.RegistrationClosed:
                    form.add_error(None, _("Registration for this workshop has closed."))
                    status = 409
                except services.WorkshopFull:
                    form.add_error(None, _("This workshop is full."))
                    status = 409
        if registration is not None:
            if not getattr(registration, "answered_as_full", False):
                return HttpResponseRedirect(reverse("workshops:registered", args=[workshop.pk]))
            # A known phone on a full workshop: the same page a new phone gets.
            form.add_error(None, _("This workshop is full."))
            status = 409
        if status == 409:
            workshop.refresh_from_db()
    else:
        form = RegistrationForm(workshop=workshop, initial={"language": _language()})
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "workshop": workshop,
            "form": form,
            "language": _language(),
            "seats_left": workshop.public_seats_left(),
        },
        status=status,
    )


@require_GET
def registered(request, pk):
    workshop = public_workshop(pk)
    return render(
        request, "workshops/registered.html", {"workshop": workshop, "language": _language()}
    )


@require_GET
def workshop_ics(request, pk):
    workshop = public_workshop(pk)
    url = request.build_absolute_uri(reverse("workshops:detail", args=[workshop.pk]))
    response = HttpResponse(
        materials.workshop_ics(workshop, _language(), url), content_type="text/calendar"
    )
    response["Content-Disposition"] = f'attachment; filename="workshop-{workshop.pk}.ics"'
    return response


def _ticket(token) -> Registration:
    try:
        registration = services.registration_for_ticket(token)
    except services.InvalidTicket:
        raise Http404 from None
    if registration.purged_at is not None:
        raise Http404
    return registration


@never_cache
@require_GET
def ticket(request, token):
    """The registrant's own page: the QR code for the door, and a way to give the seat back."""
    registration = _ticket(token)
    workshop = registration.workshop
    return render(
        request,
        "workshops/ticket.html",
        {
            "registration": registration,
            "workshop": workshop,
            "language": _language(),
            "qr": materials.qr_svg(token),
            "code": services.checkin_code(registration),
            "token": token,
            "can_cancel": registration.status != Registration.Status.CANCELLED
            and registration.attended_at is None
            and workshop.is_open_for_registration,
        },
    )


@never_cache
@require_POST
def cancel_ticket(request, token):
    registration = _ticket(token)
    if registration.attended_at is None and registration.workshop.is_open_for_registration:
        services.cancel_registration(registration)
    return HttpResponseRedirect(reverse("workshops:ticket", args=[token]))


@require_GET
def rights_card(request):
    response = HttpResponse(materials.rights_card_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="rights-card.pdf"'
    return response
