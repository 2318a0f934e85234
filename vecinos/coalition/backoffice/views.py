"""The organizers' screens: the letters with their counts, and one letter's queue, where
organizations are verified or rejected with a note, held signatures reviewed, published ones
removed, and the letter marked delivered.

Every screen answers 404 to anyone but admins and organizers; none is ever cached.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from vecinos.broadcasts.backoffice.views import (
    audience_label,
    check_posted_code,
    two_factor_checked_at,
)
from vecinos.broadcasts.forms import SendForm
from vecinos.broadcasts.services import FreshTwoFactorRequired, approval_threshold, is_fresh
from vecinos.core.csvexport import csv_response
from vecinos.privacy.masking import mask_email

from .. import access, documents
from ..forms import DeliveryForm, HeadCountForm, NoteForm
from ..models import EventInvitation, LetterDelivery, PetitionSignature, Signature
from ..services import events, petitions
from ..services import letters as services


class CoalitionMixin(WagtailAdminTemplateMixin):
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        access.require_coordinator(request.user)
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class PageScreen(CoalitionMixin, TemplateView):
    """A letter's, petition's or event's own screen, under the Coalition index."""

    def get_page(self, user, pk):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        self.page = self.get_page(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.page.title

    def get_breadcrumbs_items(self):
        return list(self.breadcrumbs_items) + [
            {"url": reverse("coalition_admin:index"), "label": _("Coalition")},
            {"url": "", "label": self.get_page_title()},
        ]


def _counts(letter) -> dict:
    signatures = letter.signatures()
    return {
        "public": signatures.public().count(),
        "waiting": signatures.waiting_for_staff().count(),
        "unconfirmed": signatures.filter(status=Signature.Status.UNCONFIRMED).count(),
        "delivery": LetterDelivery.objects.filter(letter_key=letter.translation_key).first(),
    }


class LetterListView(CoalitionMixin, TemplateView):
    template_name = "coalition/admin/letter_list.html"
    page_title = _("Coalition")

    def get_breadcrumbs_items(self):
        return list(self.breadcrumbs_items) + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["rows"] = [{"page": page, **_counts(page)} for page in access.letters(user)]
        context["petitions"] = [
            {
                "page": page,
                "counted": page.signatures().counted().count(),
                "held": page.signatures().filter(status=PetitionSignature.Status.HELD).count(),
            }
            for page in access.petitions(user)
        ]
        context["events"] = [
            {"page": page, **events.event_counts(page)} for page in access.events(user)
        ]
        return context


class LetterQueueView(PageScreen):
    template_name = "coalition/admin/letter_queue.html"

    def get_page(self, user, pk):
        self.letter = access.access_letter(user, pk)
        return self.letter

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        waiting = access.signatures_with_contacts(
            user, self.letter, Signature.objects.waiting_for_staff().order_by("created_at")
        )
        public = list(self.letter.signatures().public().order_by("kind", "public_name"))
        context.update(
            letter=self.letter,
            counts=_counts(self.letter),
            waiting=[
                {"signature": s, "email": mask_email(s.email) if s.email else ""} for s in waiting
            ],
            public=public,
            note_form=NoteForm(),
            delivery_form=DeliveryForm(),
        )
        return context


ACTIONS = {
    "verify": (services.verify_signature, _("Verified: it now appears under the letter.")),
    "reject": (services.reject_signature, _("Rejected: it will not appear.")),
    "remove": (services.remove_signature, _("Removed from the letter.")),
}


@never_cache
@require_POST
def decide(request, pk, signature):
    letter = access.access_letter(request.user, pk)
    row = access.access_signature(request.user, letter, signature)
    action = ACTIONS.get(request.POST.get("action", ""))
    form = NoteForm(request.POST)
    if action is None or not form.is_valid():
        messages.error(request, gettext("Choose verify, reject or remove; a note is optional."))
        return redirect("coalition_admin:letter", pk=letter.pk)
    service, done = action
    service(row, actor=request.user, note=form.cleaned_data["note"])
    messages.success(request, f"{row.public_name}: {done}")
    return redirect("coalition_admin:letter", pk=letter.pk)


@never_cache
@require_POST
def delivered(request, pk):
    letter = access.access_letter(request.user, pk)
    form = DeliveryForm(request.POST)
    if form.is_valid():
        services.mark_letter_delivered(
            letter, on=form.cleaned_data["delivered_on"], actor=request.user
        )
        messages.success(request, gettext("Marked delivered. Signing is closed."))
    else:
        messages.error(request, gettext("Enter the date the letter was delivered."))
    return redirect("coalition_admin:letter", pk=letter.pk)


@never_cache
def letter_pdf(request, pk):
    letter = access.access_letter(request.user, pk)
    access.log_export(request.user, letter)
    response = HttpResponse(documents.letter_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{letter.slug}-{letter.locale.language_code}.pdf"'
    )
    return response


# Petitions ---------------------------------------------------------------------------------


class PetitionView(PageScreen):
    template_name = "coalition/admin/petition.html"

    def get_page(self, user, pk):
        self.petition = access.access_petition(user, pk)
        return self.petition

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        signatures = self.petition.signatures()
        context.update(
            petition=self.petition,
            counted=signatures.counted().count(),
            unconfirmed=signatures.filter(status=PetitionSignature.Status.UNCONFIRMED).count(),
            held=list(signatures.filter(status=PetitionSignature.Status.HELD)[:100]),
            milestones=petitions.milestones(self.petition),
        )
        return context


@never_cache
@require_POST
def petition_decide(request, pk, signature):
    petition = access.access_petition(request.user, pk)
    row = access.access_petition_signature(request.user, petition, signature)
    if request.POST.get("action") == "release":
        petitions.release_petition_signature(row, actor=request.user)
    elif request.POST.get("action") == "remove":
        petitions.remove_petition_signature(row, actor=request.user)
    return redirect("coalition_admin:petition", pk=petition.pk)


@never_cache
@require_POST
def announce(request, pk):
    petition = access.access_petition(request.user, pk)
    try:
        count = int(request.POST.get("count", ""))
        queued = petitions.announce_milestone(petition, count, actor=request.user)
    except (ValueError, petitions.MilestoneNotReached):
        messages.error(request, gettext("That milestone is not reached, or was announced."))
    else:
        messages.success(request, gettext("Announced to %(queued)d signers.") % {"queued": queued})
    return redirect("coalition_admin:petition", pk=petition.pk)


@never_cache
def petition_csv(request, pk):
    petition = access.access_petition(request.user, pk)
    response, writer = csv_response(f"{petition.slug}.csv")
    rows = documents.write_petition_csv(petition, writer)
    access.log_petition_export(request.user, petition, rows=rows, kind="csv")
    return response


@never_cache
def petition_pdf(request, pk):
    petition = access.access_petition(request.user, pk)
    data = documents.petition_pdf(petition)
    access.log_petition_export(
        request.user, petition, rows=petition.signatures().counted().count(), kind="pdf"
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{petition.slug}.pdf"'
    return response


# Events ------------------------------------------------------------------------------------


def _segment_choices():
    from vecinos.broadcasts.segments import registered_segments

    choices = []
    for segment in registered_segments():
        options = segment.choices() if segment.options is not None else [("", "")]
        for value, label in options:
            name = f"{segment.label} · {label}" if label else str(segment.label)
            choices.append((f"{segment.key}:{value}", name))
    return choices


class EventView(PageScreen):
    template_name = "coalition/admin/event.html"

    def get_page(self, user, pk):
        self.event = access.access_event(user, pk)
        return self.event

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = events.event_counts(self.event)
        user = self.request.user
        context.update(
            event=self.event,
            counts=counts,
            count_form=HeadCountForm(initial={"head_count": counts["head_count"] or 0}),
            segments=_segment_choices(),
            invitations=[
                {
                    "invitation": invitation,
                    "audience": audience_label(invitation),
                    "can_decide": events.can_decide(invitation, user),
                    "can_withdraw": events.can_withdraw(invitation, user),
                }
                for invitation in access.invitations(user, self.event)
            ],
            needs_code=not is_fresh(two_factor_checked_at(self.request)),
            threshold=approval_threshold(),
            code_form=SendForm(),
        )
        return context


@never_cache
@require_POST
def head_count(request, pk):
    event = access.access_event(request.user, pk)
    form = HeadCountForm(request.POST)
    if form.is_valid():
        events.record_head_count(event, form.cleaned_data["head_count"], actor=request.user)
        messages.success(request, gettext("Head count saved."))
    else:
        messages.error(request, gettext("Enter the number of people, 0 or more."))
    return redirect("coalition_admin:event", pk=event.pk)


@never_cache
@require_POST
def invite(request, pk):
    from vecinos.broadcasts.segments import UnknownSegment
    from vecinos.messaging.models import Channel

    event = access.access_event(request.user, pk)
    key, _colon, option = request.POST.get("segment", "").partition(":")
    params = {"option": int(option)} if option.isdigit() else {}
    channel = request.POST.get("channel", Channel.SMS)
    try:
        invitation = events.invite_to_event(
            event, segment=key, params=params, channel=channel, actor=request.user
        )
    except (UnknownSegment, ValueError):
        messages.error(request, gettext("Choose who to invite."))
        return redirect("coalition_admin:event", pk=event.pk)
    if invitation.status == EventInvitation.Status.AWAITING_APPROVAL:
        messages.success(
            request,
            gettext(
                "More than %(count)d people: another admin or organizer must approve these "
                "invitations before they are sent."
            )
            % {"count": approval_threshold()},
        )
    elif invitation.status == EventInvitation.Status.SENDING:
        messages.success(
            request,
            gettext(
                "Invitations sent: %(queued)d. The others are answering another text from us "
                "right now (a raid's verification, a sign-up) and are invited once it is over."
            )
            % {"queued": invitation.queued},
        )
    else:
        messages.success(
            request, gettext("Invitations sent: %(queued)d.") % {"queued": invitation.queued}
        )
    return redirect("coalition_admin:event", pk=event.pk)


@never_cache
@require_POST
def invitation_decide(request, pk, invitation):
    event = access.access_event(request.user, pk)
    row = access.access_invitation(request.user, event, invitation)
    action = request.POST.get("action")
    try:
        if action == "refuse":
            events.refuse_invitation(row, actor=request.user)
            messages.success(request, gettext("Refused: nobody is invited."))
        elif action == "withdraw":
            events.withdraw_invitation(row, actor=request.user)
            messages.success(request, gettext("Withdrawn: nobody is invited."))
        elif action == "approve" and check_posted_code(request):
            events.approve_invitation(
                row, actor=request.user, two_factor_checked_at=two_factor_checked_at(request)
            )
            messages.success(request, gettext("Approved: the invitations are being sent."))
    except (events.InvitationError, FreshTwoFactorRequired) as error:
        messages.error(request, str(error))
    return redirect("coalition_admin:event", pk=event.pk)
