"""Zones, their blocks, and the neighbours who join them.

A zone is an area (a neighbourhood) and its blocks are the smallest organizing unit (in the
demo city, Philadelphia's ward divisions). Shapes are GeoJSON geometries in WGS84 kept as
text; `geo.py` builds the in-memory spatial index that answers "which block is this point
in?" and stores which blocks touch (`Block.neighbours`), for alerts to a block and its
neighbours.

A member holds as little as the work needs: a name or nickname, a phone and/or an e-mail
(encrypted, found through blind indexes), a language, a block, availability and skills. Never
immigration status, documents or identity numbers.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vecinos.privacy.blind_index import BlindIndexField
from vecinos.privacy.fields import EncryptedCharField, EncryptedEmailField, EncryptedTextField


class Zone(models.Model):
    """An area organized block by block, usually a neighborhood."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    # The feature's GeoJSON geometry (Polygon or MultiPolygon, WGS84), as text.
    geometry = models.TextField(_("shape (GeoJSON geometry)"))
    attribution = models.CharField(
        _("attribution"),
        max_length=300,
        blank=True,
        help_text=_("Who made the shapes and under which license, shown under every map."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Block(models.Model):
    """The smallest organizing unit of a zone: a few streets with a shape."""

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="blocks"
    )
    # The identifier in the source data ("3903" for ward 39, division 03), unique per zone.
    code = models.CharField(_("code"), max_length=40)
    # What people on the block call it (cross streets or a landmark: "10th & Christian").
    # Texts, alerts and menus show this, never the code; empty until staff or an import name
    # it, and then texts speak of the zone alone.
    name = models.CharField(_("name"), max_length=120, blank=True)
    geometry = models.TextField(_("shape (GeoJSON geometry)"))
    # A point inside the shape, for distances and for labels on maps.
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    # Blocks whose shapes touch this one, computed when shapes are imported.
    neighbours = models.ManyToManyField("self", verbose_name=_("neighboring blocks"), blank=True)
    # Staff accounts of block captains, who see this block's members and no other's.
    captain_accounts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("captain accounts"),
        blank=True,
        related_name="captain_blocks",
    )

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["zone__name", "name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "code"], name="zones_block_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.zone.name} · {self.name or self.code}"

    @property
    def place(self) -> str:
        """The block as texts name it: "10th & Christian, Bella Vista", or the zone alone
        while the block has no name."""
        return f"{self.name}, {self.zone.name}" if self.name else self.zone.name


class ConsentText(models.Model):
    """The words a person agrees to when joining, in both languages, by version.

    A member's record points to the version they saw, so changing the wording later never
    rewrites what someone agreed to.
    """

    version = models.CharField(_("version"), max_length=20, unique=True)
    text_en = models.TextField(_("text in English"))
    text_es = models.TextField(_("text in Spanish"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.version

    def text(self, language: str) -> str:
        return self.text_es if language == "es" else self.text_en

    @classmethod
    def current(cls) -> "ConsentText | None":
        return cls.objects.order_by("-created_at", "-pk").first()


class Tag(models.Model):
    """A label organizers put on members ("speaks Mixteco", "church group")."""

    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Member.Status.ACTIVE)

    def responders(self):
        """Active members trained to respond (captains are responders too)."""
        return self.active().filter(role__in=[Member.Role.RESPONDER, Member.Role.CAPTAIN])

    def in_block(self, block):
        return self.filter(block=block)


class Member(models.Model):
    """A neighbor who joined a zone. No password: they act by SMS, e-mail and one-time links."""

    class Role(models.TextChoices):
        MEMBER = "member", pgettext_lazy("member role", "Member")
        RESPONDER = "responder", pgettext_lazy("member role", "Responder")
        CAPTAIN = "captain", pgettext_lazy("member role", "Block captain")

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("member status", "Pending confirmation")
        ACTIVE = "active", pgettext_lazy("member status", "Active")
        STOPPED = "stopped", pgettext_lazy("member status", "Stopped")

    class Source(models.TextChoices):
        WEB = "web", pgettext_lazy("sign-up source", "Web form")
        SMS = "sms", pgettext_lazy("sign-up source", "Text message")
        STAFF = "staff", pgettext_lazy("sign-up source", "Entered by staff")

    # Encrypted values are bound to the row's key, so it exists before the first save.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = EncryptedCharField(_("name or nickname"), max_length=100)  # encrypted
    phone = EncryptedCharField(_("phone"), max_length=32, blank=True)  # encrypted, E.164
    phone_index = BlindIndexField()
    email = EncryptedEmailField(_("e-mail"), blank=True)  # encrypted, lower-cased
    email_index = BlindIndexField()
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    zone = models.ForeignKey(
        Zone,
        verbose_name=_("zone"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    # Empty when the person does not know their block yet ("no sé"): organizers place them.
    block = models.ForeignKey(
        Block,
        verbose_name=_("block"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    role = models.CharField(
        _("role"), max_length=12, choices=Role.choices, default=Role.MEMBER, db_index=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    source = models.CharField(_("joined by"), max_length=8, choices=Source.choices)
    # Availability and skills, for choosing who to ask when something happens.
    available_mornings = models.BooleanField(_("available mornings"), default=False)
    available_evenings = models.BooleanField(_("available evenings"), default=False)
    has_car = models.BooleanField(_("has a car"), default=False)
    # Language codes the member speaks, comma-separated ("es,en,mix").
    languages_spoken = models.CharField(_("languages spoken"), max_length=100, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="members")
    notes = EncryptedTextField(_("organizers' notes"), blank=True)  # encrypted
    consent = models.ForeignKey(
        ConsentText, verbose_name=_("consent text"), on_delete=models.PROTECT, null=True
    )
    consented_at = models.DateTimeField(_("consented"), null=True, blank=True)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True, db_index=True)
    # Set when the member became a trained responder, and until when that training holds.
    trained_at = models.DateTimeField(_("trained"), null=True, blank=True)
    training_expires_at = models.DateTimeField(_("training expires"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # Wagtail copies this into its logs, so it never names the person.
        return f"{_('member')} {str(self.pk)[:8]}"

    @property
    def is_responder(self) -> bool:
        return self.status == self.Status.ACTIVE and self.role in (
            self.Role.RESPONDER,
            self.Role.CAPTAIN,
        )


class MemberToken(models.Model):
    """A one-time code or link for a member: confirming a sign-up or managing their record.

    Only a keyed hash of the secret is stored, so the table cannot be used to act for anyone.
    """

    class Purpose(models.TextChoices):
        CONFIRM = "confirm", pgettext_lazy("token purpose", "Confirm sign-up")
        MANAGE = "manage", pgettext_lazy("token purpose", "Manage membership")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="tokens")
    purpose = models.CharField(max_length=8, choices=Purpose.choices)
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)
    # Wrong codes typed against this token; it stops working after a few.
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("member token")
        verbose_name_plural = _("member tokens")

    def __str__(self) -> str:
        return f"{self.purpose} · {self.secret_hash[:8]}"


class CoverageSnapshot(models.Model):
    """A zone's counts on one day, kept so progress over time survives members leaving."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="snapshots")
    day = models.DateField(_("day"))
    blocks = models.PositiveIntegerField(_("blocks"))
    blocks_covered = models.PositiveIntegerField(_("blocks with a member"))
    blocks_with_responder = models.PositiveIntegerField(_("blocks with a responder"))
    blocks_with_captain = models.PositiveIntegerField(_("blocks with a captain"))
    members = models.PositiveIntegerField(_("members"))
    responders = models.PositiveIntegerField(_("responders"))

    class Meta:
        verbose_name = _("coverage snapshot")
        verbose_name_plural = _("coverage snapshots")
        ordering = ["zone", "day"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "day"], name="zones_snapshot_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.zone.name} · {self.day}"
