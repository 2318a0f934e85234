"""The fundraiser's screens: campaigns with their totals and weekly chart, the gifts (searched
by e-mail through the blind index), one gift, offline entry and the CSV export.

Every screen answers 404 to anyone but admins and fundraisers; none is ever cached.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from vecinos.core.csvexport import csv_response
from vecinos.privacy.masking import mask_email

from .. import access, services
from ..models import Gift
from . import chart
from .forms import GiftSearchForm, OfflineGiftForm

PAGE_SIZE = 50


class FundraisingMixin(WagtailAdminTemplateMixin):
    header_icon = "pick"
    parent_crumbs: list = []

    def dispatch(self, request, *args, **kwargs):
        access.require_fundraiser(request.user)
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        items.append({"url": reverse("fundraising_admin:index"), "label": _("Fundraising")})
        return items + list(self.parent_crumbs) + [{"url": "", "label": self.get_page_title()}]


def gift_row(gift: Gift) -> dict:
    donor = gift.donor
    return {
        "gift": gift,
        "amount": services.dollars(gift.amount_cents),
        "refunded": services.dollars(gift.refunded_cents) if gift.refunded_cents else "",
        "donor_name": donor.name if donor else "",
        "email": mask_email(donor.email) if donor else "",
    }


class CampaignListView(FundraisingMixin, TemplateView):
    template_name = "fundraising/admin/campaign_list.html"
    page_title = _("Campaigns")

    def get_breadcrumbs_items(self):
        return list(self.breadcrumbs_items) + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [
            {"page": page, **services.campaign_totals(page)}
            for page in access.campaigns(self.request.user)
        ]
        return context


class CampaignDetailView(FundraisingMixin, TemplateView):
    template_name = "fundraising/admin/campaign_detail.html"

    def get_page_title(self):
        return self.campaign.title

    def dispatch(self, request, *args, **kwargs):
        self.campaign = access.access_campaign(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        weeks = chart.weekly(self.campaign.gifts().counted())
        recent = self.campaign.gifts().select_related("donor").order_by("-given_at")[:10]
        totals = services.campaign_totals(self.campaign)
        context.update(
            campaign=self.campaign,
            totals=totals,
            refunded=services.dollars(totals["refunded_cents"]),
            weeks=weeks,
            chart=chart.weekly_chart(weeks),
            rows=[gift_row(gift) for gift in recent],
            by_method=[
                (label, services.dollars(totals["by_method"][method]))
                for method, label in Gift.Method.choices
            ],
        )
        return context


class GiftListView(FundraisingMixin, TemplateView):
    template_name = "fundraising/admin/gift_list.html"
    page_title = _("Gifts")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        campaigns = access.campaigns(user)
        form = GiftSearchForm(self.request.GET or None, campaigns=campaigns)
        gifts = access.visible_gifts(user).exclude(status=Gift.Status.PENDING)
        if form.is_valid():
            data = form.cleaned_data
            if data.get("email"):
                gifts = access.gifts_by_email(user, data["email"]).exclude(
                    status=Gift.Status.PENDING
                )
            if data.get("campaign"):
                gifts = gifts.filter(campaign_key=data["campaign"].translation_key)
            if data.get("status"):
                gifts = gifts.filter(status=data["status"])
        page = Paginator(gifts.order_by("-given_at"), PAGE_SIZE).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            form=form,
            page=page,
            query=query.urlencode(),
            rows=[gift_row(gift) for gift in page.object_list],
        )
        return context


class GiftDetailView(FundraisingMixin, TemplateView):
    template_name = "fundraising/admin/gift_detail.html"
    page_title = _("Gift")

    def dispatch(self, request, *args, **kwargs):
        self.gift = access.access_gift(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(row=gift_row(self.gift), gift=self.gift, donor=self.gift.donor)
        return context


class OfflineGiftView(FundraisingMixin, FormView):
    template_name = "fundraising/admin/offline_gift.html"
    form_class = OfflineGiftForm
    page_title = _("Record an offline gift")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["campaigns"] = access.campaigns(self.request.user)
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        services.record_offline_gift(
            data["campaign"],
            actor=self.request.user,
            amount_cents=data["amount"],
            method=data["method"],
            given_on=data["given_on"],
            name=data["name"],
            email=data["email"],
            language=data["language"],
            display_name=data["display_name"],
            send_receipt=data["send_receipt"],
        )
        messages.success(
            self.request,
            gettext("The gift of %(amount)s is recorded.")
            % {"amount": services.dollars(data["amount"])},
        )
        return redirect("fundraising_admin:campaign", pk=data["campaign"].pk)


def export_gifts(request):
    """Every settled gift as CSV, with the donor's name and e-mail; audited."""
    gifts = list(
        access.visible_gifts(request.user).exclude(status=Gift.Status.PENDING).order_by("given_at")
    )
    stamp = timezone.localdate().isoformat()
    response, writer = csv_response(f"gifts-{stamp}.csv")
    writer.writerow(
        [
            "date",
            "campaign",
            "amount",
            "refunded",
            "method",
            "monthly",
            "status",
            "donor_name",
            "donor_email",
            "shown_as",
        ]
    )
    for gift in gifts:
        donor = gift.donor
        row = [
            timezone.localdate(gift.given_at).isoformat(),
            gift.campaign.title if gift.campaign else "",
            f"{gift.amount_cents / 100:.2f}",
            f"{gift.refunded_cents / 100:.2f}",
            gift.method,
            "yes" if gift.pledge_id else "no",
            gift.status,
            donor.name if donor else "",
            donor.email if donor else "",
            gift.display_name,
        ]
        writer.writerow(row)
    access.log_export(request.user, rows=len(gifts))
    return response
