"""Donation campaigns, the people who give, and their gifts.

A campaign is a CMS page in each language; its translations share a `translation_key`, and
gifts belong to that key, so the English and Spanish pages show the same total.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from vecinos.core.pageroutes import RememberedRestrictions
from vecinos.privacy.blind_index import BlindIndexField
from vecinos.privacy.fields import EncryptedCharField, EncryptedEmailField

# Card gifts outside these limits (in dollars) are refused with a message: below the low
# one, card fees eat the gift; above the high one, a gift is worth a conversation first.
MIN_GIFT = 5
MAX_GIFT = 10_000


def parse_amounts(text: str) -> list[int]:
    """Return the whole-dollar amounts in a comma-separated list, ignoring anything else."""
    amounts = []
    for part in (text or "").split(","):
        part = part.strip().lstrip("$")
        if part.isdigit() and MIN_GIFT <= int(part) <= MAX_GIFT:
            amounts.append(int(part))
    return sorted(set(amounts))


@dataclass(frozen=True)
class Progress:
    """What a campaign's bar shows."""

    goal_cents: int
    raised_cents: int
    gifts: int
    days_left: int | None

    @property
    def percent(self) -> int:
        if self.goal_cents <= 0:
            return 0
        return min(100, math.floor(self.raised_cents * 100 / self.goal_cents))

    @property
    def raised(self) -> int:
        return self.raised_cents // 100

    @property
    def goal(self) -> int:
        return self.goal_cents // 100

    @property
    def raised_text(self) -> str:
        return f"{self.raised:,}"

    @property
    def goal_text(self) -> str:
        return f"{self.goal:,}"

    @property
    def bar_value(self) -> int:
        return min(self.raised_cents, self.goal_cents)


class CampaignPage(RememberedRestrictions, Page):
    """A donation campaign: its story, its goal and the way to give."""

    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences shown above the bar.")
    )
    story = RichTextField(_("story"))
    goal = models.PositiveIntegerField(_("goal in dollars"))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("The last day of the campaign.")
    )
    preset_amounts = models.CharField(
        _("suggested amounts"),
        max_length=100,
        default="25,50,100,250",
        help_text=_("Whole dollars, separated by commas."),
    )
    offline_ways = RichTextField(
        _("other ways to give"),
        blank=True,
        help_text=_("Cash, checks and transfers: where to bring or send them."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("goal"), FieldPanel("end_date"), FieldPanel("preset_amounts")],
            heading=_("Goal"),
        ),
        FieldPanel("story"),
        FieldPanel("offline_ways"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("story"),
    ]

    parent_page_types = ["content.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("donation campaign")
        verbose_name_plural = _("donation campaigns")

    @property
    def amounts(self) -> list[int]:
        return parse_amounts(self.preset_amounts)

    @property
    def is_open(self) -> bool:
        return self.end_date is None or self.end_date >= timezone.localdate()

    def gifts(self) -> GiftQuerySet:
        return Gift.objects.filter(campaign_key=self.translation_key)

    def progress(self) -> Progress:
        counted = self.gifts().counted()
        totals = counted.aggregate(raised=Sum(F("amount_cents") - F("refunded_cents")))
        days_left = None
        if self.end_date is not None:
            days_left = max(0, (self.end_date - timezone.localdate()).days)
        return Progress(
            goal_cents=self.goal * 100,
            raised_cents=totals["raised"] or 0,
            gifts=counted.count(),
            days_left=days_left,
        )

    def recent_names(self, limit: int = 8) -> list[str]:
        """The names donors chose to show, newest first; anonymous gifts are left out."""
        names = []
        for gift in self.gifts().counted().exclude(display_name="").order_by("-given_at")[:50]:
            if gift.display_name not in names:
                names.append(gift.display_name)
            if len(names) >= limit:
                break
        return names

    def get_context(self, request, *args, **kwargs):
        from .forms import GiftForm
        from .processors import get_processor

        context = super().get_context(request, *args, **kwargs)
        context["progress"] = self.progress()
        context["names"] = self.recent_names()
        processor = get_processor()
        context["card_gifts"] = processor is not None and self.is_open
        if context["card_gifts"] and "form" not in context:
            context["form"] = GiftForm(amounts=self.amounts)
        return context


class Donor(models.Model):
    """A person who gave. Never linked to a zone member, even when it is the same person."""

    # Encrypted values are bound to the row's key, so it exists before the first save.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = EncryptedCharField(_("name"), max_length=200)  # encrypted; tax record, kept 7 years
    email = EncryptedEmailField(_("e-mail"))  # encrypted; tax record, kept 7 years
    email_index = BlindIndexField()
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    may_contact = models.BooleanField(_("agreed to hear from us"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The clock of the retention period: the last gift, or the row's creation.
    last_gift_at = models.DateTimeField(_("last gift"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")

    def __str__(self) -> str:
        # Wagtail copies this into its logs: it names the row, never the person.
        return f"donor · {str(self.pk)[:8]}"


class Pledge(models.Model):
    """A monthly gift by card: a Stripe subscription, paid by one invoice a month."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("monthly gift status", "Waiting for checkout")
        ACTIVE = "active", pgettext_lazy("monthly gift status", "Active")
        CANCELLED = "cancelled", pgettext_lazy("monthly gift status", "Stopped")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(
        CampaignPage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    campaign_key = models.UUIDField(db_index=True)
    donor = models.ForeignKey(
        Donor, on_delete=models.SET_NULL, null=True, blank=True, related_name="pledges"
    )
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    display_name = EncryptedCharField(
        _("name shown"), max_length=80, blank=True
    )  # encrypted; empty when anonymous; goes with the donor
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    subscription_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    checkout_session_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    customer_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("monthly gift")
        verbose_name_plural = _("monthly gifts")

    def __str__(self) -> str:
        return f"monthly · {str(self.pk)[:8]}"


class GiftQuerySet(models.QuerySet):
    def counted(self):
        """Gifts that count toward a goal: paid, not wholly refunded, not disputed."""
        return self.filter(status__in=[Gift.Status.PAID, Gift.Status.REFUNDED]).filter(
            refunded_cents__lt=F("amount_cents")
        )

    def in_campaign(self, page: CampaignPage):
        return self.filter(campaign_key=page.translation_key)

    def settled(self):
        """Gifts the organization received at some point (for receipts and statements)."""
        return self.filter(
            Q(status=Gift.Status.PAID)
            | Q(status=Gift.Status.REFUNDED)
            | Q(status=Gift.Status.DISPUTED)
        )


class Gift(models.Model):
    """One gift: a card payment, one month of a monthly gift, or cash, a check or a transfer."""

    class Method(models.TextChoices):
        CARD = "card", pgettext_lazy("gift method", "Card")
        CASH = "cash", pgettext_lazy("gift method", "Cash")
        CHECK = "check", pgettext_lazy("gift method", "Check")
        TRANSFER = "transfer", pgettext_lazy("gift method", "Bank transfer")

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("gift status", "Waiting for checkout")
        PAID = "paid", pgettext_lazy("gift status", "Paid")
        REFUNDED = "refunded", pgettext_lazy("gift status", "Refunded")
        DISPUTED = "disputed", pgettext_lazy("gift status", "Disputed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(
        CampaignPage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    campaign_key = models.UUIDField(db_index=True)
    donor = models.ForeignKey(
        Donor, on_delete=models.SET_NULL, null=True, blank=True, related_name="gifts"
    )
    pledge = models.ForeignKey(
        Pledge, on_delete=models.SET_NULL, null=True, blank=True, related_name="gifts"
    )
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    refunded_cents = models.PositiveIntegerField(_("refunded (cents)"), default=0)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    display_name = EncryptedCharField(
        _("name shown"), max_length=80, blank=True
    )  # encrypted; empty when anonymous; goes with the donor
    given_at = models.DateTimeField(_("given"), default=timezone.now, db_index=True)
    checkout_session_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    invoice_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    charge_id = models.CharField(max_length=255, blank=True, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    receipt_queued_at = models.DateTimeField(null=True, blank=True)

    objects = GiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"gift · {str(self.pk)[:8]}"

    @property
    def net_cents(self) -> int:
        if self.status == self.Status.DISPUTED:
            return 0
        return max(0, self.amount_cents - self.refunded_cents)


class DonorLink(models.Model):
    """A one-time link for a monthly donor to change or stop their gift.

    Only a keyed hash of the secret is stored, so the table cannot be used to act for anyone.
    """

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="links")
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("donor link")
        verbose_name_plural = _("donor links")

    def __str__(self) -> str:
        return f"link · {self.secret_hash[:8]}"


class ProviderEvent(models.Model):
    """A webhook event received, by its id, so a repeat changes nothing.

    `data` holds the ids and amounts the handler needs, never a name or an address. An event
    about something not known yet (a refund that arrived before its payment) waits here and is
    applied when that thing arrives.
    """

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=80)
    data = models.JSONField(default=dict)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    applied_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("payment event")
        verbose_name_plural = _("payment events")

    def __str__(self) -> str:
        return f"{self.type} · {self.event_id}"
