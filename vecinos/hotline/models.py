"""The hotline: reports, the incidents they are grouped into, and everything done about them.

A report is what one person told us (by web, text, voice or to the dispatcher). Reports of
the same event (near in place and time) are grouped into one incident, which moves through
states on a timeline: new → verifying → confirmed / false alarm / unable to verify → closed.
Dispatchers take shifts and are paged; trained responders nearby are asked to verify; only a
confirmed incident may alert the neighbours; a case per family carries the follow-up.

Everything that could identify a person or a home is encrypted: free text, phone numbers, the
precise point of a report (coarsened to its block after 30 days by `shredders.py`). Nothing
records an IP address or a device.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vecinos.privacy.fields import EncryptedCharField, EncryptedTextField
from vecinos.privacy.storage import EncryptedFileStorage
from vecinos.zones.models import Block, Member, Zone


class Agency(models.TextChoices):
    ICE = "ice", pgettext_lazy("agency", "ICE (immigration)")
    CBP = "cbp", pgettext_lazy("agency", "Border Patrol (CBP)")
    POLICE = "police", pgettext_lazy("agency", "Local police")
    OTHER = "other", pgettext_lazy("agency", "Other agency")
    UNKNOWN = "unknown", pgettext_lazy("agency", "I don't know")


class Activity(models.TextChoices):
    DOOR = "door", pgettext_lazy("activity", "Knocking on doors or entering a home")
    STOP = "stop", pgettext_lazy("activity", "Stopping people in the street or in cars")
    ARREST = "arrest", pgettext_lazy("activity", "Arresting someone")
    WORKPLACE = "workplace", pgettext_lazy("activity", "At a workplace")
    WAITING = "waiting", pgettext_lazy("activity", "Parked or waiting")
    OTHER = "other", pgettext_lazy("activity", "Something else")


class IncidentQuerySet(models.QuerySet):
    def open(self):
        """Incidents that can still gather reports: not closed and not merged away."""
        return self.filter(merged_into__isnull=True).exclude(state=Incident.State.CLOSED)


class Incident(models.Model):
    """One event on the ground, as reported by one or more people."""

    class State(models.TextChoices):
        NEW = "new", pgettext_lazy("incident state", "New")
        VERIFYING = "verifying", pgettext_lazy("incident state", "Verifying")
        CONFIRMED = "confirmed", pgettext_lazy("incident state", "Confirmed")
        FALSE_ALARM = "false_alarm", pgettext_lazy("incident state", "False alarm")
        UNABLE = "unable_to_verify", pgettext_lazy("incident state", "Unable to verify")
        CLOSED = "closed", pgettext_lazy("incident state", "Closed")

    # Encrypted values are bound to the row's key, so it exists before the first save.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.NEW, db_index=True
    )
    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.SET_NULL, null=True, blank=True
    )
    block = models.ForeignKey(
        Block, verbose_name=_("block"), on_delete=models.SET_NULL, null=True, blank=True
    )
    # "latitude,longitude" of the first precise report; encrypted, coarsened after 30 days.
    point = EncryptedCharField(_("precise location"), max_length=60, blank=True)
    coarsened_at = models.DateTimeField(_("location coarsened"), null=True, blank=True)
    agency = models.CharField(_("agency"), max_length=12, choices=Agency.choices, blank=True)
    # The dispatcher's summary; encrypted, and it must not name people.
    summary = EncryptedTextField(_("summary"), blank=True)  # encrypted
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged",
    )
    created_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)
    # Latest report; a new report near it in place and time joins this incident.
    last_report_at = models.DateTimeField(_("last report"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Moments for the response-time figures.
    first_accepted_at = models.DateTimeField(_("first responder going"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{_('incident')} {self.reference}"

    @property
    def reference(self) -> str:
        return str(self.pk)[:8].upper()

    @property
    def can_alert(self) -> bool:
        return self.state == self.State.CONFIRMED


class Report(models.Model):
    """What one person told the hotline about one event. No IP address or device is kept."""

    class Channel(models.TextChoices):
        WEB = "web", pgettext_lazy("report channel", "Web form")
        SMS = "sms", pgettext_lazy("report channel", "Text message")
        VOICE = "voice", pgettext_lazy("report channel", "Phone call")
        STAFF = "staff", pgettext_lazy("report channel", "Entered by the dispatcher")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(
        Incident,
        verbose_name=_("incident"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    channel = models.CharField(_("received by"), max_length=8, choices=Channel.choices)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    agency = models.CharField(_("agency"), max_length=12, choices=Agency.choices, blank=True)
    activity = models.CharField(_("activity"), max_length=12, choices=Activity.choices, blank=True)
    agents = models.PositiveSmallIntegerField(_("number of agents"), null=True, blank=True)
    vehicles = models.PositiveSmallIntegerField(_("number of vehicles"), null=True, blank=True)
    # What the person wrote or said; encrypted, purged with the report.
    description = EncryptedTextField(_("what was seen"), blank=True)  # encrypted
    # "latitude,longitude"; encrypted, coarsened to the block after 30 days.
    point = EncryptedCharField(_("precise location"), max_length=60, blank=True)  # encrypted
    cross_streets = EncryptedCharField(_("cross streets"), max_length=200, blank=True)  # encrypted
    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.SET_NULL, null=True, blank=True
    )
    block = models.ForeignKey(
        Block, verbose_name=_("block"), on_delete=models.SET_NULL, null=True, blank=True
    )
    seen_at = models.DateTimeField(_("seen at"), default=timezone.now)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    # A voice message's recording at the provider; encrypted, purged with the report.
    recording_url = EncryptedCharField(_("recording"), max_length=300, blank=True)  # encrypted
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{_('report')} {str(self.pk)[:8].upper()}"


class TimelineEntry(models.Model):
    """One thing that happened to an incident, in order. Entries never name a person."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # A dotted code ("report.received", "state.confirmed") and numbers or codes about it.
    kind = models.CharField(max_length=40)
    detail = models.JSONField(default=dict, blank=True)
    # A dispatcher's note or a responder's report back; encrypted.
    note = EncryptedTextField(blank=True)  # encrypted
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["at"]

    def __str__(self) -> str:
        return self.kind


class Dispatcher(models.Model):
    """How to page a staff member who takes hotline shifts."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.CASCADE,
        related_name="dispatcher",
    )
    phone = EncryptedCharField(_("phone for pages"), max_length=32, blank=True)  # encrypted
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )

    class Meta:
        verbose_name = _("dispatcher")
        verbose_name_plural = _("dispatchers")

    def __str__(self) -> str:
        return self.user.get_username()


class ShiftQuerySet(models.QuerySet):
    def at(self, moment):
        return self.filter(starts_at__lte=moment, ends_at__gt=moment)


class Shift(models.Model):
    """A stretch of time when one dispatcher is on call, with a backup."""

    dispatcher = models.ForeignKey(
        Dispatcher, verbose_name=_("dispatcher"), on_delete=models.CASCADE, related_name="shifts"
    )
    backup = models.ForeignKey(
        Dispatcher,
        verbose_name=_("backup"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="backup_shifts",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    objects = ShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.dispatcher} · {self.starts_at:%Y-%m-%d %H:%M}"


class DispatcherPage(models.Model):
    """A page to a dispatcher about an incident, and whether anyone acknowledged it."""

    class Level(models.TextChoices):
        PRIMARY = "primary", pgettext_lazy("page level", "On shift")
        BACKUP = "backup", pgettext_lazy("page level", "Backup")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="pages")
    dispatcher = models.ForeignKey(Dispatcher, on_delete=models.CASCADE, related_name="pages")
    level = models.CharField(max_length=8, choices=Level.choices)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["sent_at"]

    def __str__(self) -> str:
        return f"{self.level} · {self.sent_at:%H:%M}"


class VerificationRequest(models.Model):
    """One responder asked to go and look, and what they answered."""

    class Status(models.TextChoices):
        ASKED = "asked", pgettext_lazy("verification status", "Asked")
        GOING = "going", pgettext_lazy("verification status", "Going")
        DECLINED = "declined", pgettext_lazy("verification status", "Can't go")
        REPORTED = "reported", pgettext_lazy("verification status", "Reported back")
        EXPIRED = "expired", pgettext_lazy("verification status", "No answer")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="verifications")
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="verification_requests"
    )
    # Distance in blocks from the incident's block (0 = the same block).
    ring = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ASKED)
    asked_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    eta_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    # What the responder saw, as they texted it; encrypted.
    finding = EncryptedTextField(blank=True)  # encrypted
    reported_at = models.DateTimeField(null=True, blank=True)
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("verification request")
        verbose_name_plural = _("verification requests")
        ordering = ["asked_at"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "member"], name="rapidresponse_verify_once")
        ]

    def __str__(self) -> str:
        return f"{self.status} · {str(self.pk)[:8]}"


class AlertContact(models.Model):
    """Someone outside the zones who may receive alerts: the legal team or a partner group."""

    class Kind(models.TextChoices):
        LEGAL = "legal", pgettext_lazy("alert contact", "Legal team")
        PARTNER = "partner", pgettext_lazy("alert contact", "Partner organization")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = EncryptedCharField(_("name"), max_length=200)  # encrypted
    phone = EncryptedCharField(_("phone"), max_length=32, blank=True)  # encrypted
    email = EncryptedCharField(_("e-mail"), max_length=254, blank=True)  # encrypted
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("alert contact")
        verbose_name_plural = _("alert contacts")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {str(self.pk)[:8]}"


class Alert(models.Model):
    """A message to the neighbours of a confirmed incident, or its correction or all-clear."""

    class Kind(models.TextChoices):
        ALERT = "alert", pgettext_lazy("alert kind", "Alert")
        CORRECTION = "correction", pgettext_lazy("alert kind", "Correction")
        ALL_CLEAR = "all_clear", pgettext_lazy("alert kind", "All clear")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("alert status", "Draft")
        SENDING = "sending", pgettext_lazy("alert status", "Sending")
        SENT = "sent", pgettext_lazy("alert status", "Sent")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ALERT)
    # A correction or all-clear goes to exactly the people of this alert.
    follows = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="follow_ups"
    )
    # Texts address everyone alike and never name anyone (the templates see to that).
    text_en = models.TextField()
    text_es = models.TextField()
    include_neighbours = models.BooleanField(default=True)
    include_zone = models.BooleanField(default=False)
    include_legal = models.BooleanField(default=False)
    include_partners = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    recipients_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.incident.reference}"

    @property
    def batch(self) -> str:
        return f"rapidresponse-alert-{self.pk}"

    def text_for(self, language: str) -> str:
        return self.text_es if language == "es" else self.text_en


class AlertRecipient(models.Model):
    """Who an alert went to, by row id only, so a correction reaches exactly them."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="recipients")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, null=True, blank=True)
    contact = models.ForeignKey(AlertContact, on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        verbose_name = _("alert recipient")
        verbose_name_plural = _("alert recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "member"], name="rapidresponse_alert_member_once"
            ),
            models.UniqueConstraint(
                fields=["alert", "contact"], name="rapidresponse_alert_contact_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alert_id} · {self.member_id or self.contact_id}"

    @property
    def key(self) -> str:
        """The outbox dedupe key: one message per alert per person, named by row id."""
        if self.member_id:
            return f"hotline:alert:{self.alert_id}:member:{self.member_id}"
        return f"hotline:alert:{self.alert_id}:contact:{self.contact_id}"


class IncidentRecord(models.Model):
    """The structured documentation of an incident, for lawyers and for reports."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="record")
    agents = models.PositiveSmallIntegerField(_("number of agents"), null=True, blank=True)
    vehicles = models.PositiveSmallIntegerField(_("number of vehicles"), null=True, blank=True)
    activity = models.CharField(_("activity"), max_length=12, choices=Activity.choices, blank=True)
    location = EncryptedCharField(_("location"), max_length=200, blank=True)  # encrypted
    unit = EncryptedCharField(_("unit or uniform"), max_length=200, blank=True)  # encrypted
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    equipment = EncryptedCharField(_("equipment"), max_length=300, blank=True)  # encrypted
    # What happened to the people involved; encrypted.
    outcome = EncryptedTextField(_("what happened to the people involved"), blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)  # encrypted
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("incident record")
        verbose_name_plural = _("incident records")

    def __str__(self) -> str:
        return str(self.incident)


class Photo(models.Model):
    """A photo of an incident, its EXIF and GPS metadata removed before it was stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    report = models.ForeignKey(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="photos"
    )
    # Re-encoded as JPEG without metadata, encrypted on disk under a random name.
    # The folder keeps the name the first photos were stored under.
    image = models.FileField(storage=EncryptedFileStorage(), upload_to="rapidresponse/photos/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return f"{_('photo')} {str(self.pk)[:8]}"


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Case.Status.OPEN)


class Case(models.Model):
    """The follow-up for one affected family."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("case status", "Open")
        CLOSED = "closed", pgettext_lazy("case status", "Closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(
        Incident, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    # How the team refers to the family ("family at the corner store"); encrypted.
    family = EncryptedCharField(_("family"), max_length=200)  # encrypted; purged after closing
    contact_phone = EncryptedCharField(_("contact phone"), max_length=32, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    notes = EncryptedTextField(_("notes"), blank=True)  # encrypted; purged after closing
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, db_index=True)
    purged_at = models.DateTimeField(_("personal details removed"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"{_('case')} {str(self.pk)[:8].upper()}"


class CaseTask(models.Model):
    """One thing to do for a family, with who does it."""

    class Kind(models.TextChoices):
        LEGAL = "legal", pgettext_lazy("case task", "Legal referral")
        BOND = "bond", pgettext_lazy("case task", "Bond fund")
        CHILD_CARE = "child_care", pgettext_lazy("case task", "Child care")
        ACCOMPANIMENT = "accompaniment", pgettext_lazy("case task", "Accompaniment to check-ins")
        OTHER = "other", pgettext_lazy("case task", "Other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True)  # encrypted; purged with the case's details
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("case task")
        verbose_name_plural = _("case tasks")
        ordering = ["due_on", "kind"]

    def __str__(self) -> str:
        return self.get_kind_display()
