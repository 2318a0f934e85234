"""Know-Your-Rights workshops: topics, sessions, who registered and who came.

A registration holds as little as the door needs: a name or nickname, a phone or an e-mail
(encrypted, found through blind indexes), a language and how many people of the family come.
Its personal details are blanked a while after the workshop (shredders.py); the row stays,
anonymous, for the figures (families and people trained, no-shows). What a member was trained
in is kept on the member's side (TrainingRecord), and goes when the member is erased.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from vecinos.privacy.blind_index import BlindIndexField
from vecinos.privacy.fields import EncryptedCharField, EncryptedEmailField


def _in_language(english: str, spanish: str, language: str | None = None) -> str:
    language = language or get_language() or "en"
    if language.startswith("es"):
        return spanish or english
    return english or spanish


class Topic(models.Model):
    """What a workshop teaches ("Housing rights", "How to be a responder"), in both languages."""

    name_en = models.CharField(_("name in English"), max_length=120)
    name_es = models.CharField(_("name in Spanish"), max_length=120)
    description_en = models.TextField(_("description in English"), blank=True)
    description_es = models.TextField(_("description in Spanish"), blank=True)
    is_responder_training = models.BooleanField(
        _("makes responders"),
        default=False,
        help_text=_("Members who attend become trained responders in their zone's coverage."),
    )
    refresher_months = models.PositiveSmallIntegerField(
        _("refresher after (months)"),
        null=True,
        blank=True,
        help_text=_("How long the training holds before a refresher is needed. Empty: forever."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("workshop topic")
        verbose_name_plural = _("workshop topics")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        return _in_language(self.name_en, self.name_es, language)

    def description(self, language: str | None = None) -> str:
        return _in_language(self.description_en, self.description_es, language)

    def expiry_from(self, when):
        """Return when a training taken at `when` needs a refresher, or None."""
        if not self.refresher_months:
            return None
        return when + timedelta(days=round(self.refresher_months * 30.44))


class WorkshopQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Workshop.Status.PUBLISHED)

    def upcoming(self, now=None):
        """Published workshops that have not started yet, soonest first."""
        now = now or timezone.now()
        return self.published().filter(starts_at__gt=now).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.filter(ends_at__lte=now or timezone.now())


class Workshop(models.Model):
    """One session of a topic: a place or a link, a time, languages and a number of seats."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("workshop status", "Draft")
        PUBLISHED = "published", pgettext_lazy("workshop status", "Published")
        CANCELLED = "cancelled", pgettext_lazy("workshop status", "Cancelled")

    class Languages(models.TextChoices):
        SPANISH = "es", pgettext_lazy("workshop language", "Spanish")
        ENGLISH = "en", pgettext_lazy("workshop language", "English")
        BOTH = "es,en", pgettext_lazy("workshop language", "Spanish and English")

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="workshops"
    )
    title_en = models.CharField(
        _("title in English"), max_length=160, blank=True, help_text=_("Empty: the topic's name.")
    )
    title_es = models.CharField(
        _("title in Spanish"), max_length=160, blank=True, help_text=_("Empty: the topic's name.")
    )
    description_en = models.TextField(_("description in English"), blank=True)
    description_es = models.TextField(_("description in Spanish"), blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    # The place and its address in each language ("Neighborhood center" / "Centro vecinal",
    # "9th St & Tasker St" / "Calle 9 y Tasker"); an empty Spanish one shows the English.
    place = models.CharField(
        _("place in English"),
        max_length=200,
        blank=True,
        help_text=_("A hall, a church, a school."),
    )
    place_es = models.CharField(
        _("place in Spanish"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty if it is written the same way."),
    )
    address = models.CharField(_("address in English"), max_length=200, blank=True)
    address_es = models.CharField(
        _("address in Spanish"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty if it is written the same way."),
    )
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("For a workshop held online.")
    )
    languages = models.CharField(
        _("languages"), max_length=8, choices=Languages.choices, default=Languages.SPANISH
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), default=30, help_text=_("People, counting every family member.")
    )
    # Seats a repeat registration took in the public count, as a new one would have: the "N
    # seats left" of the public page must move the same whether a phone was known or not.
    repeat_seats = models.PositiveIntegerField(default=0, editable=False)
    waitlist = models.BooleanField(
        _("waitlist"), default=True, help_text=_("When full, take names on a waitlist.")
    )
    # Trainers are named as they agreed to be shown on the public page.
    trainers = models.CharField(_("trainers"), max_length=200, blank=True)
    zone = models.ForeignKey(
        "zones.Zone",
        verbose_name=_("zone it serves"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshops",
    )
    materials = models.ManyToManyField(
        "wagtaildocs.Document", verbose_name=_("materials"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.title()} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def title(self, language: str | None = None) -> str:
        own = _in_language(self.title_en, self.title_es, language)
        return own or self.topic.name(language)

    def description(self, language: str | None = None) -> str:
        own = _in_language(self.description_en, self.description_es, language)
        return own or self.topic.description(language)

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.place

    def place_in(self, language: str | None = None) -> str:
        return _in_language(self.place, self.place_es, language)

    def address_in(self, language: str | None = None) -> str:
        return _in_language(self.address, self.address_es, language)

    @property
    def local_place(self) -> str:
        """The place in the current language, for templates."""
        return self.place_in()

    @property
    def local_address(self) -> str:
        return self.address_in()

    def where(self, language: str | None = None) -> str:
        """Return the place as one line for messages: the hall and address, or "online"."""
        if self.place or self.place_es:
            parts = (self.place_in(language), self.address_in(language))
            return ", ".join(part for part in parts if part)
        return str(_("online"))

    def seats_taken(self) -> int:
        confirmed = self.registrations.filter(status=Registration.Status.CONFIRMED)
        return confirmed.aggregate(total=models.Sum("family_size"))["total"] or 0

    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken(), 0)

    def public_seats_left(self) -> int:
        """The seats the public page shows and a new registration is given one of.

        Each repeat registration counts as a new one would, so nobody can tell from the figure
        (or from whether the workshop is full) that a phone was already registered; it may
        show fewer seats than seats_left(), which staff see.
        """
        return max(self.capacity - self.seats_taken() - self.repeat_seats, 0)

    @property
    def is_open_for_registration(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.starts_at > timezone.now()


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "pk")

    def attended(self):
        return self.filter(attended_at__isnull=False)


class Registration(models.Model):
    """One family's place at a workshop (or on its waitlist), and whether they came."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", pgettext_lazy("registration status", "Confirmed")
        WAITLISTED = "waitlisted", pgettext_lazy("registration status", "Waitlisted")
        CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")

    class Source(models.TextChoices):
        WEB = "web", pgettext_lazy("registration source", "Web form")
        SMS = "sms", pgettext_lazy("registration source", "Text message")
        WALK_IN = "walk_in", pgettext_lazy("registration source", "Walk-in")

    # Encrypted values are bound to the row's key, so it exists before the first save.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="registrations"
    )
    name = EncryptedCharField(_("name or nickname"), max_length=100)  # encrypted; blanked later
    phone = EncryptedCharField(_("phone"), max_length=32, blank=True)  # encrypted; blanked later
    phone_index = BlindIndexField()
    email = EncryptedEmailField(_("e-mail"), blank=True)  # encrypted; blanked later
    email_index = BlindIndexField()
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    family_size = models.PositiveSmallIntegerField(_("people in the family"), default=1)
    # The zone member this is, found by phone or e-mail; cleared with the personal details.
    member = models.ForeignKey(
        "zones.Member",
        verbose_name=_("member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_registrations",
    )
    # The zone the family counts for in the figures: the member's, else the workshop's.
    zone = models.ForeignKey(
        "zones.Zone",
        verbose_name=_("zone"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    source = models.CharField(_("registered by"), max_length=8, choices=Source.choices)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, db_index=True)
    promoted_at = models.DateTimeField(_("moved off the waitlist"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    # Hours before the start of the reminders already sent, comma-separated ("24,2").
    reminders_sent = models.CharField(_("reminders sent"), max_length=40, blank=True)
    # When the personal fields were blanked by the retention schedule.
    purged_at = models.DateTimeField(_("details purged"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        # Wagtail copies this into its logs, so it never names the person.
        return f"{_('registration')} {str(self.pk)[:8]}"

    @property
    def attended(self) -> bool:
        return self.attended_at is not None

    def reminded(self) -> set[int]:
        return {int(hours) for hours in self.reminders_sent.split(",") if hours}


class TrainingRecord(models.Model):
    """That a member was trained in a topic, when, and until when it holds."""

    member = models.ForeignKey(
        "zones.Member", on_delete=models.CASCADE, related_name="training_records"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="training_records")
    workshop = models.ForeignKey(
        Workshop, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    trained_at = models.DateTimeField(_("trained"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-trained_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "workshop"], name="trainings_record_once_per_workshop"
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic} · {self.trained_at:%Y-%m-%d}"


class RightsCard(models.Model):
    """The editable text of the wallet-size rights card, printed in Spanish and English."""

    title_en = models.CharField(_("title in English"), max_length=80)
    body_en = models.TextField(
        _("text in English"), help_text=_("One right per line; keep it short to fit a wallet.")
    )
    title_es = models.CharField(_("title in Spanish"), max_length=80)
    body_es = models.TextField(
        _("text in Spanish"), help_text=_("One right per line; keep it short to fit a wallet.")
    )
    footer = models.CharField(
        _("footer"), max_length=120, blank=True, help_text=_("A hotline number, for example.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("rights card")
        verbose_name_plural = _("rights cards")

    def __str__(self) -> str:
        return self.title_en

    @classmethod
    def current(cls) -> "RightsCard":
        """Return the card, creating it with default wording the first time."""
        from .materials import DEFAULT_CARD

        card = cls.objects.order_by("pk").first()
        return card or cls.objects.create(**DEFAULT_CARD)
