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
from vecinos.zones.models import Block, Zone


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

    @property
    def place(self) -> str:
        """Where it is, as texts say it: the block's name and its zone, or the zone alone."""
        if self.block is not None:
            return self.block.place
        return self.zone.name if self.zone is not None else ""


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
    # A voice message's address at the provider until it is fetched into a Recording and
    # deleted there (services/recordings.py); encrypted, purged with the report.
    recording_url = EncryptedCharField(_("recording"), max_length=300, blank=True)  # encrypted
    # A keyed hash of the provider's RecordingSid (or CallSid) for a report left by phone, so
    # that a retried callback files nothing twice; not the id itself. Purged with the report.
    provider_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
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


class Recording(models.Model):
    """A voice report's message, fetched once from the provider and deleted there.

    The audio is what the caller said, in their voice: encrypted on disk under a random name,
    played to dispatchers only through vecinos (every play audited), purged with the report.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="recording")
    audio = models.FileField(storage=EncryptedFileStorage(), upload_to="rapidresponse/recordings/")
    content_type = models.CharField(max_length=40, default="audio/x-wav")
    size = models.PositiveIntegerField(default=0)
    fetched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("voice recording")
        verbose_name_plural = _("voice recordings")

    def __str__(self) -> str:
        return f"{_('voice recording')} {str(self.pk)[:8]}"


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
