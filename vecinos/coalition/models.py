"""Sign-on letters and their signatures.

A letter is a CMS page in each language; its translations share a `translation_key`, and
signatures belong to that key, so the English and Spanish pages list the same signatories.

A signature has two halves. The public half (the organization's or person's name, city,
state, type or affiliation) is what the signer agreed to show under the letter: it is kept
in clear, since it is published, and it stays after delivery. The private half (the contact
name and e-mail through which the signature was confirmed and the organization verified) is
encrypted, found by a blind index, and blanked a configurable time after the letter was
delivered (shredders.py).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from vecinos.core.pageroutes import RememberedRestrictions
from vecinos.privacy.blind_index import BlindIndexField
from vecinos.privacy.fields import EncryptedCharField, EncryptedEmailField, EncryptedTextField


class LetterPage(RememberedRestrictions, Page):
    """A sign-on letter: what it says, to whom, and until when it takes signatures."""

    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences shown above the letter.")
    )
    addressee = models.CharField(
        _("addressed to"),
        max_length=200,
        help_text=_("Who receives the letter, for example the City Council."),
    )
    body = RichTextField(_("letter"))
    deadline = models.DateField(
        _("deadline"), null=True, blank=True, help_text=_("The last day to sign.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("addressee"),
        FieldPanel("deadline"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["content.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("sign-on letter")
        verbose_name_plural = _("sign-on letters")

    @property
    def is_open(self) -> bool:
        if self.deadline is not None and self.deadline < timezone.localdate():
            return False
        return not LetterDelivery.objects.filter(letter_key=self.translation_key).exists()

    def signatures(self) -> SignatureQuerySet:
        return Signature.objects.filter(letter_key=self.translation_key)

    def get_context(self, request, *args, **kwargs):
        from .forms import SignatureForm
        from .services.letters import public_signatories

        context = super().get_context(request, *args, **kwargs)
        context["signatories"] = public_signatories(self)
        if "form" not in context:
            context["form"] = SignatureForm()
        return context


class LetterDelivery(models.Model):
    """That a letter was delivered, and when: the clock of its contacts' retention."""

    letter_key = models.UUIDField(unique=True)
    delivered_on = models.DateField(_("delivered on"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("letter delivery")
        verbose_name_plural = _("letter deliveries")

    def __str__(self) -> str:
        return f"{self.letter_key} · {self.delivered_on}"


class SignatureQuerySet(models.QuerySet):
    def public(self):
        """What the public list, its counts and the PDF show: verified or confirmed, no other."""
        return self.filter(status=Signature.Status.PUBLIC)

    def waiting_for_staff(self):
        return self.filter(status__in=[Signature.Status.TO_VERIFY, Signature.Status.HELD])


class Signature(models.Model):
    """One organization or person under a letter."""

    class Kind(models.TextChoices):
        ORGANIZATION = "org", pgettext_lazy("signature kind", "Organization")
        INDIVIDUAL = "person", pgettext_lazy("signature kind", "Individual")

    class OrgType(models.TextChoices):
        COMMUNITY = "community", pgettext_lazy("organization type", "Community organization")
        FAITH = "faith", pgettext_lazy("organization type", "Faith community")
        UNION = "union", pgettext_lazy("organization type", "Union or workers' center")
        LEGAL = "legal", pgettext_lazy("organization type", "Legal services")
        NONPROFIT = "nonprofit", pgettext_lazy("organization type", "Nonprofit or advocacy group")
        BUSINESS = "business", pgettext_lazy("organization type", "Local business")
        OTHER = "other", pgettext_lazy("organization type", "Other")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", pgettext_lazy("signature status", "Waiting for e-mail")
        TO_VERIFY = "to_verify", pgettext_lazy("signature status", "To verify")
        HELD = "held", pgettext_lazy("signature status", "Held for review")
        PUBLIC = "public", pgettext_lazy("signature status", "Public")
        REJECTED = "rejected", pgettext_lazy("signature status", "Rejected")
        REMOVED = "removed", pgettext_lazy("signature status", "Removed")

    class HoldReason(models.TextChoices):
        FLOOD = "flood", pgettext_lazy("hold reason", "Many signatures at once")
        NAME = "name", pgettext_lazy("hold reason", "The name looks made up")

    # Encrypted values are bound to the row's key, so it exists before the first save.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    letter_key = models.UUIDField(db_index=True)
    kind = models.CharField(_("signs as"), max_length=8, choices=Kind.choices)
    # The public half, shown under the letter as the signer agreed; kept after delivery.
    public_name = models.CharField(_("name shown"), max_length=160)
    city = models.CharField(_("city"), max_length=80)
    state = models.CharField(_("state"), max_length=40, blank=True)
    org_type = models.CharField(
        _("type of organization"), max_length=12, choices=OrgType.choices, blank=True
    )
    affiliation = models.CharField(_("affiliation"), max_length=160, blank=True)
    # The private half: encrypted, blanked a while after delivery (shredders.py).
    contact_name = EncryptedCharField(_("contact name"), max_length=120, blank=True)
    email = EncryptedEmailField(_("e-mail"), blank=True)  # encrypted; blanked after delivery
    email_index = BlindIndexField()
    staff_note = EncryptedTextField(_("staff note"), blank=True)  # encrypted; blanked likewise
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    may_contact = models.BooleanField(_("agreed to hear more"), default=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.UNCONFIRMED,
        db_index=True,
    )
    hold_reason = models.CharField(
        _("held because"), max_length=8, choices=HoldReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("signed"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(
        pgettext_lazy("signature", "confirmed"), null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # Repeat signings with this e-mail answered since the last message, so a repeat cannot
    # turn the form into a way of flooding someone's inbox.
    repeats = models.PositiveSmallIntegerField(default=0)
    purged_at = models.DateTimeField(_("contacts purged"), null=True, blank=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["public_name", "pk"]

    def __str__(self) -> str:
        # Wagtail copies this into its logs: it names the row, never the person.
        return f"{_('signature')} {str(self.pk)[:8]}"

    @property
    def is_organization(self) -> bool:
        return self.kind == self.Kind.ORGANIZATION

    def place(self) -> str:
        return ", ".join(part for part in (self.city, self.state) if part)


# Petitions ---------------------------------------------------------------------------------


def _milestone_list(text: str) -> list[int]:
    return sorted({int(part) for part in (text or "").split(",") if part.strip().isdigit()})


class PetitionPage(RememberedRestrictions, Page):
    """A petition: what it asks, of whom, and the code that signs it by text."""

    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences shown above the count.")
    )
    addressee = models.CharField(_("addressed to"), max_length=200)
    body = RichTextField(_("petition"))
    short_code = models.CharField(
        _("code for texts"),
        max_length=12,
        help_text=_(
            "One word people text after FIRMA or SIGN, for example PARS. Letters and digits."
        ),
    )
    milestones = models.CharField(
        _("milestones"),
        max_length=100,
        default="100,250,500,1000",
        help_text=_("Signature counts staff may announce, separated by commas."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("addressee"),
        FieldPanel("short_code"),
        FieldPanel("milestones"),
        FieldPanel("deadline"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["content.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")

    @property
    def is_open(self) -> bool:
        return self.deadline is None or self.deadline >= timezone.localdate()

    @property
    def milestone_counts(self) -> list[int]:
        return _milestone_list(self.milestones)

    def signatures(self) -> PetitionSignatureQuerySet:
        return PetitionSignature.objects.filter(petition_key=self.translation_key)

    def get_context(self, request, *args, **kwargs):
        from .forms import PetitionForm

        context = super().get_context(request, *args, **kwargs)
        public = self.signatures().counted()
        context["count"] = public.count()
        context["shown"] = list(public.filter(show_publicly=True).order_by("-confirmed_at")[:30])
        if "form" not in context:
            context["form"] = PetitionForm()
        return context


class PetitionSignatureQuerySet(models.QuerySet):
    def counted(self):
        """The only signatures any count, list or export includes: confirmed, not held."""
        return self.filter(status=PetitionSignature.Status.CONFIRMED)


class PetitionSignature(models.Model):
    """One person under a petition, confirmed by an e-mailed link or a texted code."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", pgettext_lazy("petition signature", "Not confirmed")
        CONFIRMED = "confirmed", pgettext_lazy("petition signature", "Confirmed")
        HELD = "held", pgettext_lazy("petition signature", "Held for review")
        REMOVED = "removed", pgettext_lazy("petition signature", "Removed")

    class Source(models.TextChoices):
        WEB = "web", pgettext_lazy("petition source", "Web form")
        SMS = "sms", pgettext_lazy("petition source", "Text message")

    # Encrypted values are bound to the row's key, so it exists before the first save.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    petition_key = models.UUIDField(db_index=True)
    # What the signer chose to show: a first name and a city, only with show_publicly.
    first_name = models.CharField(_("first name"), max_length=60, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    show_publicly = models.BooleanField(_("shown on the page"), default=False)
    email = EncryptedEmailField(_("e-mail"), blank=True)  # encrypted; purged after the petition
    email_index = BlindIndexField()
    phone = EncryptedCharField(_("phone"), max_length=32, blank=True)  # encrypted; purged likewise
    phone_index = BlindIndexField()
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    may_contact = models.BooleanField(_("agreed to hear more"), default=False)
    source = models.CharField(_("signed by"), max_length=4, choices=Source.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.UNCONFIRMED,
        db_index=True,
    )
    hold_reason = models.CharField(
        _("held because"), max_length=8, choices=Signature.HoldReason.choices, blank=True
    )
    # Wrong codes typed for this signature; the code stops working after a few.
    failed_codes = models.PositiveSmallIntegerField(default=0)
    repeats = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("signed"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(
        pgettext_lazy("signature", "confirmed"), null=True, blank=True, db_index=True
    )
    purged_at = models.DateTimeField(_("contacts purged"), null=True, blank=True)

    objects = PetitionSignatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition signature")
        verbose_name_plural = _("petition signatures")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{_('signature')} {str(self.pk)[:8]}"


class PetitionMilestone(models.Model):
    """A count a petition reached and staff announced to its signers, once."""

    petition_key = models.UUIDField()
    count = models.PositiveIntegerField(_("signatures"))
    announced_at = models.DateTimeField(_("announced"), default=timezone.now)

    class Meta:
        verbose_name = _("petition milestone")
        verbose_name_plural = _("petition milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["petition_key", "count"], name="coalition_milestone_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.count}"


# Events ------------------------------------------------------------------------------------


class EventPage(RememberedRestrictions, Page):
    """A march, a hearing, a town hall or a day of action, with its place and its RSVPs.

    Each language's page says the place, accessibility and child care in its own words; the
    time and the capacity are the same on both (the English page's count when they differ).
    """

    class Kind(models.TextChoices):
        MARCH = "march", pgettext_lazy("event kind", "March")
        HEARING = "hearing", pgettext_lazy("event kind", "Hearing")
        TOWN_HALL = "town_hall", pgettext_lazy("event kind", "Town hall")
        DAY_OF_ACTION = "action", pgettext_lazy("event kind", "Day of action")
        OTHER = "other", pgettext_lazy("event kind", "Other")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MARCH)
    summary = models.TextField(_("summary"), max_length=400)
    body = RichTextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    address = models.CharField(_("address"), max_length=200, blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, seating, interpretation, the pace of a march."),
    )
    childcare = models.TextField(_("child care"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("People. Empty: no limit.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
        FieldPanel("place"),
        FieldPanel("address"),
        FieldPanel("accessibility"),
        FieldPanel("childcare"),
        FieldPanel("capacity"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]

    parent_page_types = ["content.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @property
    def is_open(self) -> bool:
        return self.starts_at > timezone.now()

    def rsvps(self) -> RsvpQuerySet:
        return Rsvp.objects.filter(event_key=self.translation_key)

    def where(self) -> str:
        return ", ".join(part for part in (self.place, self.address) if part)

    def get_context(self, request, *args, **kwargs):
        from .forms import RsvpForm
        from .services.events import event_counts

        context = super().get_context(request, *args, **kwargs)
        context["counts"] = event_counts(self)
        if "form" not in context:
            context["form"] = RsvpForm()
        return context


class RsvpQuerySet(models.QuerySet):
    def coming(self):
        return self.filter(answer=Rsvp.Answer.YES, waitlisted=False)

    def waitlisted(self):
        return self.filter(answer=Rsvp.Answer.YES, waitlisted=True).order_by("answered_at", "pk")


class Rsvp(models.Model):
    """One person's answer to an event, and how many they bring."""

    class Answer(models.TextChoices):
        YES = "yes", pgettext_lazy("rsvp", "Yes, I am coming")
        MAYBE = "maybe", pgettext_lazy("rsvp", "Maybe")
        NO = "no", pgettext_lazy("rsvp", "No, I cannot come")

    class Source(models.TextChoices):
        WEB = "web", pgettext_lazy("rsvp source", "Web form")
        SMS = "sms", pgettext_lazy("rsvp source", "Reply to an invitation")

    # Encrypted values are bound to the row's key, so it exists before the first save.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event_key = models.UUIDField(db_index=True)
    answer = models.CharField(_("answer"), max_length=6, choices=Answer.choices)
    party_size = models.PositiveSmallIntegerField(_("people"), default=1)
    # A yes beyond the capacity waits here until a seat is freed.
    waitlisted = models.BooleanField(_("waitlisted"), default=False)
    name = EncryptedCharField(_("name"), max_length=100, blank=True)  # encrypted; after the event
    phone = EncryptedCharField(_("phone"), max_length=32, blank=True)  # encrypted; after the event
    phone_index = BlindIndexField()
    email = EncryptedEmailField(_("e-mail"), blank=True)  # encrypted; after the event
    email_index = BlindIndexField()
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    may_contact = models.BooleanField(_("agreed to hear more"), default=False)
    source = models.CharField(_("answered by"), max_length=4, choices=Source.choices)
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)
    reminders_sent = models.CharField(max_length=40, blank=True)
    purged_at = models.DateTimeField(_("contacts purged"), null=True, blank=True)

    objects = RsvpQuerySet.as_manager()

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        ordering = ["answered_at", "pk"]

    def __str__(self) -> str:
        return f"RSVP {str(self.pk)[:8]}"


class EventCount(models.Model):
    """The head count at the door, kept after the RSVPs' contacts are gone."""

    event_key = models.UUIDField(unique=True)
    head_count = models.PositiveIntegerField(_("head count"), default=0)
    updated_at = models.DateTimeField(_("counted"), default=timezone.now)

    class Meta:
        verbose_name = _("event head count")
        verbose_name_plural = _("event head counts")

    def __str__(self) -> str:
        return str(self.head_count)


class EventInvitation(models.Model):
    """Staff's request to invite an audience to an event, held for a second approval when large.

    It names the audience by its segment key and parameters and keeps counts only: who was
    invited is on the outbox rows, and the audience is resolved again when it is sent.
    """

    class Status(models.TextChoices):
        AWAITING_APPROVAL = (
            "awaiting_approval",
            pgettext_lazy("invitation status", "Awaiting approval"),
        )
        SENDING = "sending", pgettext_lazy("invitation status", "Approved, being sent")
        SENT = "sent", pgettext_lazy("invitation status", "Sent")
        REFUSED = "refused", pgettext_lazy("invitation status", "Refused")
        WITHDRAWN = "withdrawn", pgettext_lazy("invitation status", "Withdrawn")

    event_key = models.UUIDField(db_index=True)
    segment = models.CharField(_("audience"), max_length=60)
    # Ids of letters, petitions, zones or workshops: the segment registry refuses anything
    # that looks like an address.
    segment_params = models.JSONField(default=dict, blank=True)
    channel = models.CharField(pgettext_lazy("invitation", "channel"), max_length=10)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    recipients = models.PositiveIntegerField(_("recipients when asked"))
    queued = models.PositiveIntegerField(_("invitations queued"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved, refused or withdrawn by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("event invitation")
        verbose_name_plural = _("event invitations")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.segment} · {self.recipients}"
