"""The workshops list and the door: registrations, check-in by name or code, walk-ins, and
the printable sign-in sheet. The reads of registrants' names are audited (access.py)."""

from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from vecinos.privacy.blind_index import InvalidPhoneNumber

from .. import materials, services
from ..access import access_registration, access_workshop, door_registrations, signin_sheet_rows
from ..forms import CodeForm, WalkInForm
from ..models import Registration, Workshop
from .base import OrganizersOnly, TrainingsAdminMixin
from .viewsets import rights_card_viewset, topic_viewset, workshop_viewset


class WorkshopIndexView(OrganizersOnly, TrainingsAdminMixin, TemplateView):
    template_name = "workshops/admin/index.html"
    page_title = _("Workshops")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        counted = Workshop.objects.select_related("topic", "zone").annotate(
            seated=Sum("registrations__family_size", filter=Q(registrations__status="confirmed")),
            waiting=Count("registrations", filter=Q(registrations__status="waitlisted")),
            came=Count("registrations", filter=Q(registrations__attended_at__isnull=False)),
        )
        context.update(
            upcoming=counted.filter(ends_at__gt=now).order_by("starts_at"),
            past=counted.filter(ends_at__lte=now).order_by("-starts_at")[:30],
            add_url=reverse(workshop_viewset.get_url_name("add")),
            topics_url=reverse(topic_viewset.get_url_name("index")),
            card_url=reverse(rights_card_viewset.get_url_name("index")),
            edit_url_name=workshop_viewset.get_url_name("edit"),
        )
        return context


def _matches(registration: Registration, query: str) -> bool:
    return query.casefold() in (registration.name or "").casefold()


class DoorView(OrganizersOnly, TrainingsAdminMixin, TemplateView):
    """Registrations of one workshop, for the door: search by name, scan a code, walk-ins.

    Names are encrypted, so the search decrypts this workshop's registrations (a few dozen)
    and compares in memory.
    """

    template_name = "workshops/admin/door.html"

    def dispatch(self, request, *args, **kwargs):
        self.workshop = access_workshop(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.workshop)

    def get(self, request, *args, **kwargs):
        return self._show(request, query="")

    def post(self, request, *args, **kwargs):
        # Searching posts the name, so it never sits in a URL, the browser's history on a
        # shared tablet at the door, or a proxy's log.
        return self._show(request, query=request.POST.get("q", "").strip()[:100])

    def _show(self, request, *, query):
        self.query = query
        response = self.render_to_response(self.get_context_data())
        add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.query
        registrations = door_registrations(self.request.user, self.workshop, searched=bool(query))
        registrations.sort(key=lambda r: (r.status != "confirmed", (r.name or "").casefold()))
        shown = [r for r in registrations if _matches(r, query)] if query else registrations
        context.update(
            workshop=self.workshop,
            registrations=shown,
            query=query,
            code_form=CodeForm(),
            walk_in_form=WalkInForm(initial={"language": "es", "family_size": 1}),
            checked=next(
                (r for r in registrations if str(r.pk) == self.request.GET.get("checked")), None
            ),
            seats_taken=self.workshop.seats_taken(),
            came=sum(r.family_size for r in registrations if r.attended_at),
            edit_url=reverse(workshop_viewset.get_url_name("edit"), args=[self.workshop.pk]),
        )
        return context


def _door(workshop, anchor=""):
    return redirect(reverse("workshops_admin:door", args=[workshop.pk]) + anchor)


@require_POST
def check_in(request, pk, registration_pk):
    workshop = access_workshop(request.user, pk)
    registration = access_registration(request.user, workshop, registration_pk)
    services.check_in_registration(registration, actor=request.user)
    return _door(workshop, f"?checked={registration.pk}#registration-{registration.pk}")


@require_POST
def undo_check_in(request, pk, registration_pk):
    workshop = access_workshop(request.user, pk)
    registration = access_registration(request.user, workshop, registration_pk)
    services.undo_check_in(registration, actor=request.user)
    messages.success(request, gettext("Check-in undone."))
    return _door(workshop)


@require_POST
def cancel_registration(request, pk, registration_pk):
    workshop = access_workshop(request.user, pk)
    registration = access_registration(request.user, workshop, registration_pk)
    services.cancel_registration(registration, actor=request.user)
    messages.success(
        request, gettext("Registration cancelled; the waitlist was offered the seats.")
    )
    return _door(workshop)


@require_POST
def check_in_code(request, pk):
    workshop = access_workshop(request.user, pk)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            registration = services.find_by_code(workshop, form.cleaned_data["code"])
        except services.InvalidTicket:
            messages.error(request, gettext("No registration of this workshop has that code."))
        else:
            services.check_in_registration(registration, actor=request.user)
            # The name is shown from the row on the next page, never put in a message: those
            # travel in a cookie or the session table, unencrypted.
            return _door(workshop, f"?checked={registration.pk}#registration-{registration.pk}")
    else:
        messages.error(request, gettext("Type or scan a ticket code."))
    return _door(workshop)


@require_POST
def walk_in(request, pk):
    workshop = access_workshop(request.user, pk)
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            services.add_walk_in(workshop, form.registrant(), actor=request.user)
        except (InvalidPhoneNumber, ValueError):
            messages.error(request, gettext("Check the phone number or e-mail address."))
        else:
            messages.success(request, gettext("Walk-in added and checked in."))
        return _door(workshop)
    errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
    messages.error(request, " ".join(errors))
    return _door(workshop, "#walk-in")


@require_GET
def signin_sheet(request, pk):
    """The printable sheet with the names of the families expected; viewing it is audited."""
    workshop = access_workshop(request.user, pk)
    rows = signin_sheet_rows(request.user, workshop)
    language = "es" if "es" in workshop.languages.split(",")[:1] else "en"
    response = HttpResponse(
        materials.signin_sheet_pdf(workshop, rows, language), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="sign-in-{workshop.pk}.pdf"'
    add_never_cache_headers(response)
    return response
