"""Member screens: the list by zone and block, a member's page, revealing a contact, changing
a record and adding someone by hand.

Organizers and admins see every member; a block captain sees their own block's members and
gets 404 for anyone else. Phone numbers and e-mails are masked until a reveal, which asks
why, is audited and is limited per hour. Every screen that shows a member is audited.
"""

import uuid

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Window
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from vecinos.privacy.masking import mask_email, mask_phone

from .. import services, staff
from ..access import (
    RevealLimitReached,
    access_member,
    access_member_for_change,
    can_manage_members,
    can_see_members,
    note_members_listed,
    reveal_contact,
    reveal_limit,
    view_member,
    visible_members,
)
from ..models import Block, ConsentText, Member
from .base import ZonesAdminMixin
from .forms import MemberAddForm, MemberEditForm, MemberFilterForm, RevealForm

PAGE_SIZE = 50


class MembersMixin(ZonesAdminMixin):
    header_icon = "group"
    allowed = staticmethod(can_see_members)
    shows_people = True

    def members_crumb(self):
        return {"url": reverse("zones_admin:members"), "label": _("Members")}


class MemberListView(MembersMixin, TemplateView):
    template_name = "zones/admin/member_list.html"
    page_title = _("Members")

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        return items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        can_manage = can_manage_members(user)
        captain_blocks = None if can_manage else Block.objects.filter(captain_accounts=user)
        form = MemberFilterForm(self.request.GET or None, captain_blocks=captain_blocks)
        # The columns of the list and nothing else: no shapes, notes or consent, and the
        # block's and zone's names rather than their rows.
        members = (
            visible_members(user)
            .select_related(None)
            .only(*LISTED_FIELDS)
            .annotate(zone_name=F("zone__name"), block_name=F("block__name"))
        )
        if form.is_bound:
            members = form.filter(members)
        page = members_page(members, self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            form=form,
            page=page,
            query=query.urlencode(),
            rows=member_rows(page.object_list),
            can_manage=can_manage,
            captain_blocks=[] if can_manage else list(captain_blocks.select_related("zone")),
        )
        note_members_listed(user, len(page.object_list))
        return context


def members_page(members, number) -> Page:
    """Return the page `number` of `members` as Paginator.get_page would, in one query rather
    than two when the page has rows: each row carries the count of all (a window function).
    A page past the end or a list without rows asks for the count on its own."""
    paginator = Paginator(members, PAGE_SIZE)
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    if number >= 1:
        start = (number - 1) * PAGE_SIZE
        rows = list(members.annotate(listed=Window(Count("pk")))[start : start + PAGE_SIZE])
        if rows:
            paginator.count = rows[0].listed
            return Page(rows, number, paginator)
    return paginator.get_page(number)


LISTED_FIELDS = ("name", "phone", "email", "role", "status", "zone", "block")
NO_MEMBER = uuid.UUID(int=0)


def member_rows(members) -> list[dict]:
    """The list's rows: contacts masked, the member's tags by name (one query for the page)."""
    members = list(members)
    tags: dict = {}
    through = Member.tags.through.objects.filter(member__in=members)
    for member_id, name in through.values_list("member_id", "tag__name").order_by("tag__name"):
        tags.setdefault(member_id, []).append(name)
    # One reverse() and one translation of each label for the page, not one per row.
    link = reverse("zones_admin:member", args=[NO_MEMBER]).replace(str(NO_MEMBER), "{}")
    roles = {value: str(label) for value, label in Member.Role.choices}
    statuses = {value: str(label) for value, label in Member.Status.choices}
    return [
        {
            "url": link.format(member.pk),
            "name": member.name,
            "phone": mask_phone(member.phone),
            "email": mask_email(member.email),
            "block": member.block_name if member.block_id else None,
            "zone": member.zone_name if member.zone_id else None,
            "role": roles.get(member.role, member.role),
            "status": statuses.get(member.status, member.status),
            "tags": ", ".join(tags.get(member.pk, ())),
        }
        for member in members
    ]


def member_context(request, member: Member, **extra) -> dict:
    """What the member's page shows: everything but the contacts, which stay masked."""
    return {
        "member": member,
        "phone": mask_phone(member.phone),
        "email": mask_email(member.email),
        "tags": list(member.tags.values_list("name", flat=True)),
        "languages_spoken": [code for code in member.languages_spoken.split(",") if code],
        "reveal_form": RevealForm(),
        "revealed": None,
        "can_manage": can_manage_members(request.user),
        "reveal_limit": reveal_limit(),
        **extra,
    }


class MemberDetailView(MembersMixin, TemplateView):
    template_name = "zones/admin/member_detail.html"

    def dispatch(self, request, *args, **kwargs):
        self.member = access_member(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.member.name

    def get_parent_crumbs(self):
        return [self.members_crumb()]

    def get(self, request, *args, **kwargs):
        self.member = view_member(request.user, self.member.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reveal_state = {key: kwargs[key] for key in ("reveal_form", "revealed") if key in kwargs}
        context.update(member_context(self.request, self.member, **reveal_state))
        return context


@require_POST
def reveal(request, pk):
    """Show a member's phone and e-mail in clear, after a reason, within the hourly limit.

    htmx swaps in just the contact box; without JavaScript the whole page comes back.
    """
    member = access_member(request.user, pk)
    form = RevealForm(request.POST)
    revealed = None
    if form.is_valid():
        try:
            phone, email = reveal_contact(
                member, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except RevealLimitReached:
            form.add_error(
                None,
                gettext(
                    "You have revealed %(limit)s contacts in the last hour, the most allowed. "
                    "Try again later, or ask an admin if this is urgent."
                )
                % {"limit": reveal_limit()},
            )
        else:
            revealed = {"phone": phone, "email": email}
    if request.headers.get("HX-Request"):
        context = member_context(request, member, reveal_form=form, revealed=revealed)
        response = TemplateResponse(request, "zones/admin/member_contact.html", context)
    else:
        view = MemberDetailView(request=request, args=(), kwargs={"pk": pk}, member=member)
        context = view.get_context_data(reveal_form=form, revealed=revealed)
        response = TemplateResponse(request, MemberDetailView.template_name, context)
    add_never_cache_headers(response)
    return response


class MemberEditView(MembersMixin, FormView):
    template_name = "zones/admin/member_edit.html"
    form_class = MemberEditForm
    allowed = staticmethod(can_manage_members)

    def dispatch(self, request, *args, **kwargs):
        self.member = access_member_for_change(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Change %(name)s") % {"name": self.member.name}

    def get_parent_crumbs(self):
        url = reverse("zones_admin:member", args=[self.member.pk])
        return [self.members_crumb(), {"url": url, "label": self.member.name}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "member": self.member}

    def get(self, request, *args, **kwargs):
        # The form shows the organizers' notes, which may speak about the person.
        view_member(request.user, self.member.pk, screen="edit")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["member"] = self.member
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        staff.update_member(
            self.member,
            actor=self.request.user,
            role=data["role"],
            status=data["status"],
            block=data["block"],
            tags=data["tags"],
            notes=data["notes"],
        )
        messages.success(self.request, gettext("The member's record is saved."))
        return redirect("zones_admin:member", pk=self.member.pk)


class MemberAddView(MembersMixin, FormView):
    template_name = "zones/admin/member_add.html"
    form_class = MemberAddForm
    page_title = _("Add a member")
    allowed = staticmethod(can_manage_members)

    def get_parent_crumbs(self):
        return [self.members_crumb()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["consent"] = ConsentText.current()
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        block = data["block"]
        signup = services.Signup(
            name=data["name"],
            language=data["language"],
            phone=data["phone"],
            email=data["email"],
            zone=block.zone if block else None,
            block=block,
            available_mornings=data["available_mornings"],
            available_evenings=data["available_evenings"],
            has_car=data["has_car"],
        )
        member, created = staff.add_member(
            signup,
            actor=self.request.user,
            role=data["role"],
            tags=data["tags"],
            notes=data["notes"],
        )
        if created:
            messages.success(self.request, gettext("Added. They get a welcome message."))
        else:
            messages.warning(
                self.request,
                gettext("This phone number or e-mail belongs to a member already: here they are."),
            )
        return redirect("zones_admin:member", pk=member.pk)
