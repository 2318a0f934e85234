"""The workshop screens of the Wagtail admin, for admins and organizers (figures: researchers too).

Topics, workshops and the rights card are edited through Wagtail model viewsets; the door
(registrations, check-in, walk-ins), the sign-in sheet, follow-up messages and the figures are
screens of their own. Every screen that shows a registrant's name writes an audit row; anyone
without the role gets 404.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from vecinos.accounts.roles import Role
from vecinos.core.audit import log_action
from vecinos.privacy.blind_index import InvalidPhoneNumber

from . import figures, materials, services
from .access import access_registration, access_workshop, can_manage_workshops, can_see_figures
from .forms import CodeForm, FollowUpForm, WalkInForm
from .models import Registration, RightsCard, Topic, Workshop


class OrganizerPolicy(BasePermissionPolicy):
    """Admins and organizers may do everything with topics, workshops and the rights card."""

    def user_has_permission(self, user, action):
        return can_manage_workshops(user)

    def user_has_any_permission(self, user, actions):
        return can_manage_workshops(user)

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True) | Q(groups__name__in=[Role.ADMIN, Role.ORGANIZER]),
                is_active=True,
            )
            .distinct()
        )


class KeepInUseDeleteView(generic.DeleteView):
    """Refuse to delete what the records still point to, and say what to do instead."""

    in_use_message = ""

    def in_use(self, instance) -> bool:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        instance = self.get_object()
        if self.in_use(instance):
            messages.error(request, self.in_use_message)
            return redirect(reverse(self.index_url_name))
        return super().post(request, *args, **kwargs)


class TopicDeleteView(KeepInUseDeleteView):
    in_use_message = _("This topic has workshops, so it cannot be deleted.")

    def in_use(self, instance) -> bool:
        return instance.workshops.exists()


class WorkshopDeleteView(KeepInUseDeleteView):
    # The registrations' anonymous rows carry the figures; a workshop with people is
    # cancelled instead, which also tells them.
    in_use_message = _("People registered for this workshop: set its status to cancelled instead.")

    def in_use(self, instance) -> bool:
        return instance.registrations.exists()


class TopicViewSet(ModelViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["name_en", "name_es", "is_responder_training", "refresher_months"]
    delete_view_class = TopicDeleteView
    form_fields = [
        "name_en",
        "name_es",
        "description_en",
        "description_es",
        "is_responder_training",
        "refresher_months",
    ]


class WorkshopEditView(generic.EditView):
    def save_instance(self):
        # The form has already put the new values on self.object; the stored row still
        # holds the status before this edit.
        previous = Workshop.objects.get(pk=self.object.pk).status
        instance = super().save_instance()
        return services.workshop_changed(
            instance, previous_status=previous, actor=self.request.user
        )


class WorkshopViewSet(ModelViewSet):
    model = Workshop
    icon = "date"
    menu_label = _("Workshops")
    add_to_admin_menu = False
    copy_view_enabled = True
    inspect_view_enabled = False
    list_display = ["__str__", "topic", "status", "capacity", "zone"]
    list_filter = ["status", "topic", "zone"]
    edit_view_class = WorkshopEditView
    delete_view_class = WorkshopDeleteView
    form_fields = [
        "topic",
        "title_en",
        "title_es",
        "description_en",
        "description_es",
        "starts_at",
        "ends_at",
        "place",
        "address",
        "online_url",
        "languages",
        "capacity",
        "waitlist",
        "trainers",
        "zone",
        "materials",
        "status",
    ]


class RightsCardViewSet(ModelViewSet):
    model = RightsCard
    icon = "doc-full"
    menu_label = _("Rights card")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["title_en", "title_es", "updated_at"]
    form_fields = ["title_en", "body_en", "title_es", "body_es", "footer"]


topic_viewset = TopicViewSet("trainings_topics", url_prefix="workshops/topics")
workshop_viewset = WorkshopViewSet("trainings_workshops", url_prefix="workshops/workshops")
rights_card_viewset = RightsCardViewSet("trainings_card", url_prefix="workshops/rights-card")


# The door and the rest --------------------------------------------------------------------


class OrganizersOnly:
    def dispatch(self, request, *args, **kwargs):
        if not can_manage_workshops(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class TrainingsAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "date"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("workshops_admin:index"), "label": _("Workshops")},
            {"url": "", "label": self.get_page_title()},
        ]


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
        log_action(
            request.user,
            "trainings.registrations.viewed",
            self.workshop,
            detail={"searched": bool(query)},
        )
        add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.query
        registrations = list(
            self.workshop.registrations.exclude(purged_at__isnull=False).order_by("created_at")
        )
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
    services.check_in(registration, actor=request.user)
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
    services.cancel(registration, actor=request.user)
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
            services.check_in(registration, actor=request.user)
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
    rows = [
        {
            "name": registration.name,
            "family_size": registration.family_size,
            "status": registration.get_status_display(),
        }
        for registration in workshop.registrations.exclude(
            status=Registration.Status.CANCELLED
        ).filter(purged_at__isnull=True)
    ]
    rows.sort(key=lambda row: row["name"].casefold())
    log_action(
        request.user, "trainings.signin_sheet.exported", workshop, detail={"rows": len(rows)}
    )
    language = "es" if "es" in workshop.languages.split(",")[:1] else "en"
    response = HttpResponse(
        materials.signin_sheet_pdf(workshop, rows, language), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="sign-in-{workshop.pk}.pdf"'
    add_never_cache_headers(response)
    return response


class FollowUpView(OrganizersOnly, TrainingsAdminMixin, FormView):
    template_name = "workshops/admin/followup.html"
    form_class = FollowUpForm

    def dispatch(self, request, *args, **kwargs):
        self.workshop = access_workshop(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Follow-up: %(workshop)s") % {"workshop": self.workshop}

    def get_initial(self):
        # A starting point in each language, which staff complete with a survey link or the
        # next step before sending.
        texts = {}
        for language in ("en", "es"):
            with translation.override(language):
                texts[f"body_{language}"] = gettext(
                    "Thank you for coming to %(title)s! Tell us how it went: "
                ) % {"title": self.workshop.title(language)}
        return {"audience": services.ATTENDED, **texts}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            workshop=self.workshop,
            attended=services.followup_audience(self.workshop, services.ATTENDED).count(),
            missed=services.followup_audience(self.workshop, services.MISSED).count(),
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        count = services.send_followup(
            self.workshop,
            audience=data["audience"],
            body={"en": data["body_en"], "es": data["body_es"]},
            actor=self.request.user,
        )
        messages.success(self.request, gettext("%(count)s messages queued.") % {"count": count})
        return redirect("workshops_admin:index")


class FiguresView(TrainingsAdminMixin, TemplateView):
    """Families and people trained per zone, topic and month, and the no-show rate."""

    template_name = "workshops/admin/figures.html"
    page_title = _("Workshop figures")

    def dispatch(self, request, *args, **kwargs):
        if not can_see_figures(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        zones, topics, months = figures.by_zone(), figures.by_topic(), figures.by_month()
        context.update(
            zones=zones,
            topics=topics,
            months=months,
            zone_chart=figures.bar_chart(
                zones, title=gettext("Trained per zone"), chart_id="chart-zone"
            ),
            topic_chart=figures.bar_chart(
                topics, title=gettext("Trained per topic"), chart_id="chart-topic"
            ),
            month_chart=figures.bar_chart(
                months, title=gettext("Trained per month"), chart_id="chart-month", vertical=True
            ),
            no_shows=figures.no_shows(),
            by_workshop=figures.no_show_by_workshop(),
            families=sum(row.families for row in zones),
            people=sum(row.people for row in zones),
        )
        return context
