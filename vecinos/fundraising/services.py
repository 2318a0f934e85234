"""Every write fundraising makes: starting a card gift, recording one, applying the
processor's events, receipts, statements and the monthly donor's link.

Each function is atomic and writes its audit row. Anything that changes a campaign's total
purges the page cache, so the bar on the public page moves on the next request.
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation

from vecinos.core import pagecache
from vecinos.core.audit import log_action
from vecinos.messaging.services import InvalidAddress, queue_message
from vecinos.privacy import crypto
from vecinos.privacy.blind_index import blind_index, find_by_email, normalize_email

from .audit import AuditCode
from .models import CampaignPage, Donor, DonorLink, Gift, Pledge, ProviderEvent
from .processors import CheckoutRequest, PaymentEvent, get_processor

logger = logging.getLogger(__name__)

LINK_LIFETIME = timedelta(days=60)
# Waiting events retried after each one that applied; older ones stay for the shredder.
RETRY_BATCH = 100


class CardGiftsUnavailable(RuntimeError):
    """No processor is set up, or it could not be reached."""


def dollars(cents: int) -> str:
    """Format cents as US dollars: $1,250.00."""
    return f"${cents / 100:,.2f}"


# Donors


def find_or_add_donor(*, name: str, email: str, language: str, may_contact: bool = False) -> Donor:
    """Return the donor with this e-mail (found by its blind index), updated, or a new one."""
    address = normalize_email(email)
    found = find_by_email(Donor.objects.all(), "email", address)
    donor = found[0] if found else Donor(email=address)
    donor.name = name.strip()
    donor.language = language
    # Agreeing is remembered; a later gift without the box ticked does not withdraw it.
    donor.may_contact = donor.may_contact or may_contact
    donor.email_index = blind_index("email", address)
    donor.save()
    return donor


# Card gifts


def start_card_gift(
    page: CampaignPage,
    *,
    amount_cents: int,
    monthly: bool,
    name: str,
    email: str,
    language: str,
    display_name: str,
    may_contact: bool,
    success_url: str,
    cancel_url: str,
) -> str:
    """Write the waiting gift (or monthly gift) and return the processor's checkout URL."""
    row = add_card_gift(
        page,
        amount_cents=amount_cents,
        monthly=monthly,
        name=name,
        email=email,
        language=language,
        display_name=display_name,
        may_contact=may_contact,
    )
    return open_checkout(
        row, page, language=language, success_url=success_url, cancel_url=cancel_url
    )


@transaction.atomic
def add_card_gift(
    page: CampaignPage,
    *,
    amount_cents: int,
    monthly: bool,
    name: str,
    email: str,
    language: str,
    display_name: str,
    may_contact: bool,
) -> Gift | Pledge:
    """Write the waiting gift (or monthly gift), its donor and its audit row; return it.

    Its checkout is opened after the commit (`open_checkout`): a slow processor holds no lock.
    A row whose checkout never completes is removed by the shredder after two days.
    """
    if get_processor() is None:
        raise CardGiftsUnavailable()
    donor = find_or_add_donor(name=name, email=email, language=language, may_contact=may_contact)
    shared = {
        "campaign": page,
        "campaign_key": page.translation_key,
        "donor": donor,
        "amount_cents": amount_cents,
        "display_name": display_name.strip(),
    }
    if monthly:
        row = Pledge.objects.create(**shared)
        code = AuditCode.PLEDGE_STARTED
    else:
        row = Gift.objects.create(**shared, method=Gift.Method.CARD)
        code = AuditCode.GIFT_STARTED
    log_action("public", code, row, detail={"amount_cents": amount_cents})
    return row


def open_checkout(
    row: Gift | Pledge, page: CampaignPage, *, language: str, success_url: str, cancel_url: str
) -> str:
    """Ask the processor for the checkout of a waiting gift written by `add_card_gift`, keep
    its id on the row and return its URL. Call it outside any transaction."""
    processor = get_processor()
    if processor is None:
        raise CardGiftsUnavailable()
    try:
        checkout = processor.start_checkout(
            CheckoutRequest(
                reference=str(row.pk),
                monthly=isinstance(row, Pledge),
                amount_cents=row.amount_cents,
                description=page.title,
                email=row.donor.email,
                language=language,
                success_url=success_url,
                cancel_url=cancel_url,
            )
        )
    except Exception:
        logger.warning("Checkout could not be started", exc_info=True)
        raise CardGiftsUnavailable() from None
    type(row).objects.filter(pk=row.pk).update(checkout_session_id=checkout.session_id)
    return checkout.url


def _changed_total() -> None:
    pagecache.purge()


def _mark_paid(gift: Gift, *, payment_intent: str = "", charge: str = "") -> Gift:
    gift.status = Gift.Status.PAID
    gift.given_at = timezone.now()
    gift.payment_intent_id = payment_intent or gift.payment_intent_id
    gift.charge_id = charge or gift.charge_id
    gift.save()
    if gift.donor_id:
        Donor.objects.filter(pk=gift.donor_id).update(last_gift_at=gift.given_at)
    log_action("system", AuditCode.GIFT_PAID, gift, detail={"amount_cents": gift.amount_cents})
    queue_receipt(gift)
    _changed_total()
    return gift


# Offline gifts


@transaction.atomic
def record_offline_gift(
    page: CampaignPage,
    *,
    actor,
    amount_cents: int,
    method: str,
    given_on: date,
    name: str = "",
    email: str = "",
    language: str = "en",
    display_name: str = "",
    send_receipt: bool = False,
) -> Gift:
    """Record cash, a check or a transfer the organization received, with or without a receipt."""
    donor = None
    if email:
        donor = find_or_add_donor(name=name, email=email, language=language)
    given_at = datetime.combine(given_on, datetime.min.time().replace(hour=12), tzinfo=UTC)
    gift = Gift.objects.create(
        campaign=page,
        campaign_key=page.translation_key,
        donor=donor,
        amount_cents=amount_cents,
        method=method,
        status=Gift.Status.PAID,
        display_name=display_name.strip(),
        given_at=given_at,
        recorded_by=actor,
    )
    if donor is not None:
        Donor.objects.filter(pk=donor.pk, last_gift_at__lt=given_at).update(last_gift_at=given_at)
    log_action(
        actor,
        AuditCode.GIFT_RECORDED,
        gift,
        detail={"amount_cents": amount_cents, "method": method, "receipt": send_receipt},
    )
    if send_receipt and donor is not None:
        queue_receipt(gift)
    _changed_total()
    return gift


# Receipts, statements and the monthly donor's link


def _campaign_title(gift_or_pledge, language: str) -> str:
    page = gift_or_pledge.campaign
    if page is None:
        return ""
    translated = (
        CampaignPage.objects.filter(
            translation_key=page.translation_key, locale__language_code=language
        ).first()
        or page
    )
    return translated.title


def _legal() -> dict:
    return {
        "legal_name": settings.VECINOS_LEGAL_NAME or "vecinos",
        "tax_id": settings.VECINOS_TAX_ID,
    }


def queue_receipt(gift: Gift):
    """Queue the e-mail acknowledgment of a gift, once, in the donor's language."""
    donor = gift.donor
    if donor is None or not donor.email:
        return None
    language = donor.language
    context = {
        **_legal(),
        "donor_name": donor.name,
        "amount": dollars(gift.amount_cents),
        "date": timezone.localdate(gift.given_at),
        "campaign": _campaign_title(gift, language),
        "method": gift.method,
        "monthly": gift.pledge_id is not None,
        "manage_url": issue_donor_link(gift.pledge) if gift.pledge_id else "",
    }
    try:
        message = queue_message(
            channel="email",
            to=donor.email,
            language=language,
            template="fundraising/receipt",
            context=context,
            purpose="receipt",
            dedupe_key=f"fundraising:receipt:{gift.pk}",
        )
    except InvalidAddress:
        return None
    if message is not None:
        Gift.objects.filter(pk=gift.pk).update(receipt_queued_at=timezone.now())
        log_action("system", AuditCode.RECEIPT_QUEUED, gift)
    return message


def _link_hash(secret: str) -> str:
    return crypto.keyed_hash("fundraising/donor-link", secret.encode()).hex()


def issue_donor_link(pledge: Pledge) -> str:
    """Return a new one-time link (full URL) for changing or stopping a monthly gift."""
    secret = secrets.token_urlsafe(24)
    DonorLink.objects.create(
        pledge=pledge,
        secret_hash=_link_hash(secret),
        expires_at=timezone.now() + LINK_LIFETIME,
    )
    language = pledge.donor.language if pledge.donor else settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse("fundraising:monthly", kwargs={"secret": secret})
    return settings.PUBLIC_URL + path


def find_donor_link(secret: str) -> DonorLink | None:
    """Return the unused, unexpired link with this secret, or None."""
    return (
        DonorLink.objects.select_related("pledge", "pledge__donor")
        .filter(
            secret_hash=_link_hash(secret or ""),
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )


@transaction.atomic
def change_monthly_gift(link: DonorLink, *, amount_cents: int) -> Pledge:
    """Charge a new amount from next month; the link is used up."""
    pledge = Pledge.objects.select_for_update().get(pk=link.pledge_id)
    if pledge.status == Pledge.Status.CANCELLED or not pledge.subscription_id:
        raise CardGiftsUnavailable()
    processor = get_processor()
    if processor is None:
        raise CardGiftsUnavailable()
    processor.change_monthly_amount(pledge.subscription_id, amount_cents)
    before = pledge.amount_cents
    pledge.amount_cents = amount_cents
    pledge.save(update_fields=["amount_cents"])
    DonorLink.objects.filter(pk=link.pk).update(used_at=timezone.now())
    log_action(
        "public",
        AuditCode.PLEDGE_CHANGED,
        pledge,
        detail={"from_cents": before, "to_cents": amount_cents},
    )
    return pledge


def stop_monthly_gift(link: DonorLink) -> Pledge:
    """Ask the processor to cancel; its cancellation event marks the gift stopped."""
    pledge = link.pledge
    processor = get_processor()
    if processor is None or not pledge.subscription_id:
        raise CardGiftsUnavailable()
    DonorLink.objects.filter(pk=link.pk).update(used_at=timezone.now())
    processor.stop_monthly(pledge.subscription_id)
    with transaction.atomic():
        pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
        _cancel(pledge)
    return pledge


def _cancel(pledge: Pledge) -> None:
    if pledge.status == Pledge.Status.CANCELLED:
        return
    pledge.status = Pledge.Status.CANCELLED
    pledge.cancelled_at = timezone.now()
    pledge.save(update_fields=["status", "cancelled_at"])
    log_action("system", AuditCode.PLEDGE_CANCELLED, pledge)


def send_yearly_statements(today: date | None = None) -> int:
    """Queue last year's statement to every monthly donor who gave then; return how many.

    Run daily: each donor's statement has a key per year, so it goes once, on the first run
    of January (or the first run after it).
    """
    today = today or timezone.localdate()
    year = today.year - 1
    start = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    donors = Donor.objects.filter(
        gifts__pledge__isnull=False,
        gifts__given_at__gte=start,
        gifts__given_at__lt=end,
    ).distinct()
    queued = 0
    for donor in donors.iterator():
        gifts = list(
            Gift.objects.settled()
            .filter(donor=donor, given_at__gte=start, given_at__lt=end)
            .order_by("given_at")
        )
        if not gifts:
            continue
        total = sum(gift.amount_cents - gift.refunded_cents for gift in gifts)
        context = {
            **_legal(),
            "donor_name": donor.name,
            "year": year,
            "total": dollars(total),
            "gifts": [
                {
                    "date": timezone.localdate(gift.given_at),
                    "amount": dollars(gift.amount_cents - gift.refunded_cents),
                }
                for gift in gifts
            ],
        }
        with transaction.atomic():
            try:
                message = queue_message(
                    channel="email",
                    to=donor.email,
                    language=donor.language,
                    template="fundraising/statement",
                    context=context,
                    purpose="receipt",
                    dedupe_key=f"fundraising:statement:{year}:{donor.pk}",
                )
            except InvalidAddress:
                message = None
        queued += message is not None
    if queued:
        log_action(
            "system",
            AuditCode.STATEMENTS_QUEUED,
            object_type="fundraising.donor",
            detail={"year": year, "count": queued},
        )
    return queued


# The processor's events


def receive_event(event: PaymentEvent) -> ProviderEvent | None:
    """Apply one processor event exactly once, whatever order events arrive in.

    A repeated event id changes nothing. An event about a payment not known yet (a refund
    before its payment, say) is kept and applied as soon as what it refers to arrives.
    Returns None for a repeat.
    """
    try:
        with transaction.atomic():
            row = ProviderEvent.objects.create(event_id=event.id, type=event.type, data=event.data)
            applied = _apply(row)
    except IntegrityError:
        # The same event delivered twice at once: the other delivery applied it.
        if ProviderEvent.objects.filter(event_id=event.id).exists():
            return None
        raise
    if applied:
        _retry_waiting()
    return row


def _apply(row: ProviderEvent) -> bool:
    handler = HANDLERS.get(row.type)
    if handler is None or handler(row.data):
        row.applied_at = timezone.now()
        row.save(update_fields=["applied_at"])
        return True
    return False


def _retry_waiting() -> None:
    for _ in range(3):
        progressed = False
        waiting = ProviderEvent.objects.filter(applied_at__isnull=True).order_by("received_at")
        for row in list(waiting[:RETRY_BATCH]):
            with transaction.atomic():
                row = ProviderEvent.objects.select_for_update().get(pk=row.pk)
                if row.applied_at is None and _apply(row):
                    progressed = True
        if not progressed:
            return


def _by_reference(model, reference: str):
    try:
        return model.objects.select_for_update().filter(pk=reference).first()
    except (ValidationError, ValueError, TypeError):
        # A reference that is not one of our ids at all.
        return None


def _completed_checkout(data: dict) -> bool:
    if data.get("monthly"):
        pledge = _pledge(data)
        if pledge is None:
            return False
        pledge.checkout_session_id = pledge.checkout_session_id or data.get("session") or None
        pledge.subscription_id = pledge.subscription_id or data.get("subscription") or None
        pledge.customer_id = pledge.customer_id or data.get("customer", "")
        pledge.save()
        _activate(pledge)
        return True
    gift = _by_reference(Gift, data.get("reference", ""))
    if gift is None and data.get("session"):
        gift = Gift.objects.select_for_update().filter(checkout_session_id=data["session"]).first()
    if gift is None:
        return False
    if gift.status == Gift.Status.PENDING and data.get("paid"):
        _mark_paid(gift, payment_intent=data.get("payment_intent", ""))
    elif data.get("payment_intent") and not gift.payment_intent_id:
        Gift.objects.filter(pk=gift.pk).update(payment_intent_id=data["payment_intent"])
    return True


def _pledge(data: dict) -> Pledge | None:
    pledge = None
    if data.get("subscription"):
        pledge = (
            Pledge.objects.select_for_update().filter(subscription_id=data["subscription"]).first()
        )
    if pledge is None and data.get("reference"):
        pledge = _by_reference(Pledge, data["reference"])
    if pledge is not None and data.get("subscription") and not pledge.subscription_id:
        pledge.subscription_id = data["subscription"]
        pledge.save(update_fields=["subscription_id"])
    return pledge


def _activate(pledge: Pledge) -> None:
    if pledge.status != Pledge.Status.PENDING:
        return
    pledge.status = Pledge.Status.ACTIVE
    pledge.activated_at = timezone.now()
    pledge.save(update_fields=["status", "activated_at"])
    log_action("system", AuditCode.PLEDGE_ACTIVATED, pledge)


def _paid_invoice(data: dict) -> bool:
    pledge = _pledge(data)
    if pledge is None or not data.get("invoice"):
        return False
    if Gift.objects.filter(invoice_id=data["invoice"]).exists():
        return True
    gift = Gift.objects.create(
        campaign_id=pledge.campaign_id,
        campaign_key=pledge.campaign_key,
        donor_id=pledge.donor_id,
        pledge=pledge,
        amount_cents=data.get("amount") or pledge.amount_cents,
        method=Gift.Method.CARD,
        display_name=pledge.display_name,
        invoice_id=data["invoice"],
    )
    _activate(pledge)
    _mark_paid(gift, payment_intent=data.get("payment_intent", ""), charge=data.get("charge", ""))
    return True


def _gift_for_charge(data: dict) -> Gift | None:
    for field, key in (("charge_id", "charge"), ("payment_intent_id", "payment_intent")):
        if data.get(key):
            gift = Gift.objects.select_for_update().filter(**{field: data[key]}).first()
            if gift is not None:
                return gift
    return None


def _refunded_charge(data: dict) -> bool:
    gift = _gift_for_charge(data)
    if gift is None or gift.status == Gift.Status.PENDING:
        return False
    refunded = min(gift.amount_cents, max(gift.refunded_cents, data.get("amount_refunded", 0)))
    if refunded == gift.refunded_cents:
        return True
    gift.refunded_cents = refunded
    if gift.status != Gift.Status.DISPUTED:
        gift.status = Gift.Status.REFUNDED
    gift.save(update_fields=["refunded_cents", "status"])
    log_action("system", AuditCode.GIFT_REFUNDED, gift, detail={"refunded_cents": refunded})
    _changed_total()
    return True


def _disputed_charge(data: dict) -> bool:
    gift = _gift_for_charge(data)
    if gift is None or gift.status == Gift.Status.PENDING:
        return False
    if gift.status != Gift.Status.DISPUTED:
        gift.status = Gift.Status.DISPUTED
        gift.save(update_fields=["status"])
        log_action("system", AuditCode.GIFT_DISPUTED, gift)
        _changed_total()
    return True


def _cancelled_subscription(data: dict) -> bool:
    pledge = _pledge(data)
    if pledge is None:
        return False
    _cancel(pledge)
    return True


HANDLERS = {
    "checkout.completed": _completed_checkout,
    "invoice.paid": _paid_invoice,
    "charge.refunded": _refunded_charge,
    "charge.disputed": _disputed_charge,
    "subscription.cancelled": _cancelled_subscription,
}


# Totals for the back office


def campaign_totals(page: CampaignPage) -> dict:
    gifts = page.gifts()
    counted = gifts.counted()
    return {
        "progress": page.progress(),
        "refunded_cents": gifts.aggregate(total=Sum("refunded_cents"))["total"] or 0,
        "disputed": gifts.filter(status=Gift.Status.DISPUTED).count(),
        "monthly_active": Pledge.objects.filter(
            campaign_key=page.translation_key, status=Pledge.Status.ACTIVE
        ).count(),
        "by_method": {
            method: counted.filter(method=method).aggregate(total=Sum("amount_cents"))["total"] or 0
            for method, _label in Gift.Method.choices
        },
    }
