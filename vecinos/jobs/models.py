"""Job postings and the applications people send for them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from vecinos.core.pageroutes import RememberedRestrictions
from vecinos.privacy.fields import EncryptedCharField, EncryptedEmailField, EncryptedTextField
from vecinos.privacy.storage import EncryptedFileStorage


class JobIndexPage(RememberedRestrictions, Page):
    """The list of open positions of one language's site."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["content.HomePage"]
    subpage_types = ["jobs.JobPage"]
    max_count_per_parent = 1
    show_in_menus_default = True

    class Meta:
        verbose_name = _("jobs index")

    def open_jobs(self) -> PageQuerySet:
        """Return the live postings under this index that still accept applications."""
        return (
            JobPage.objects.child_of(self)
            .live()
            .accepting_applications()
            .order_by("closing_date", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["jobs"] = self.open_jobs()
        return context


class JobPageQuerySet(PageQuerySet):
    def accepting_applications(self):
        """Postings with no closing date or one that has not passed yet (inclusive)."""
        today = timezone.localdate()
        return self.filter(models.Q(closing_date__isnull=True) | models.Q(closing_date__gte=today))


JobPageManager = PageManager.from_queryset(JobPageQuerySet)


class JobPage(RememberedRestrictions, Page):
    """One position, with the public application form while it is open."""

    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", pgettext_lazy("employment type", "Full-time")
        PART_TIME = "part_time", pgettext_lazy("employment type", "Part-time")
        CONTRACT = "contract", pgettext_lazy("employment type", "Contract")

    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("One or two sentences shown in the list.")
    )
    description = RichTextField(_("description"))
    location = models.CharField(_("location"), max_length=200)
    employment_type = models.CharField(
        _("employment type"),
        max_length=20,
        choices=EmploymentType.choices,
        default=EmploymentType.FULL_TIME,
    )
    salary_range = models.CharField(
        _("salary range"), max_length=120, blank=True, help_text=_("For example: $48,000–$54,000")
    )
    closing_date = models.DateField(
        _("closing date"),
        null=True,
        blank=True,
        help_text=_("The last day applications are accepted. Leave empty to keep it open."),
    )
    how_we_hire = RichTextField(_("how we hire"), blank=True)

    objects = JobPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("location"),
                FieldPanel("employment_type"),
                FieldPanel("salary_range"),
                FieldPanel("closing_date"),
            ],
            heading=_("Terms"),
        ),
        FieldPanel("description"),
        FieldPanel("how_we_hire"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("closing_date"),
    ]

    parent_page_types = ["jobs.JobIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")

    @property
    def is_open(self) -> bool:
        return self.closing_date is None or self.closing_date >= timezone.localdate()

    def get_context(self, request, *args, **kwargs):
        # Imported here because the form module imports this one.
        from vecinos.jobs.forms import JobApplicationForm

        context = super().get_context(request, *args, **kwargs)
        if self.is_open and "form" not in context:
            context["form"] = JobApplicationForm(initial={"language": self.locale.language_code})
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if self.is_open:
            # The form carries a CSRF token bound to this visitor's cookie: no shared cache
            # may keep this response and hand it to someone else.
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


# The default for how long an application is kept after it was sent (VECINOS_RETENTION
# ["job_applications"] overrides it); shredders.py deletes it then, and the applicant is told.
RETENTION_DAYS = 180


class JobApplicationQuerySet(models.QuerySet):
    def submitted_before(self, moment):
        return self.filter(submitted_at__lt=moment)


class JobApplication(models.Model):
    """What one person sent for one job. Only hiring staff (admins) ever see it."""

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("application status", "New")
        REVIEWING = "reviewing", pgettext_lazy("application status", "Reviewing")
        INTERVIEW = "interview", pgettext_lazy("application status", "Interview")
        NOT_SELECTED = "not_selected", pgettext_lazy("application status", "Not selected")
        HIRED = "hired", pgettext_lazy("application status", "Hired")

    # The encrypted fields bind their ciphertext to the row's key, so it exists before saving.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    job = models.ForeignKey(
        JobPage,
        verbose_name=_("job"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    job_title = models.CharField(
        _("job title"),
        max_length=255,
        help_text=_("Kept so the application still says what it was for if the page goes."),
    )
    name = EncryptedCharField(_("name"), max_length=200)  # encrypted; purged after 180 days
    email = EncryptedEmailField(_("e-mail"))  # encrypted; purged after 180 days
    phone = EncryptedCharField(
        _("phone"), max_length=40, blank=True
    )  # encrypted; purged after 180 days
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    cover_letter = EncryptedTextField(_("cover letter"))  # encrypted; purged after 180 days
    resume = models.FileField(
        _("résumé"),
        storage=EncryptedFileStorage(),
        upload_to="jobs/resumes/",
        max_length=200,
    )  # encrypted on disk, random name; deleted with the row
    # The stored file has no extension; this says how to name and label it on download.
    resume_format = models.CharField(_("résumé format"), max_length=4, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    staff_notes = EncryptedTextField(
        _("staff notes"), blank=True
    )  # encrypted; purged after 180 days

    objects = JobApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("job application")
        verbose_name_plural = _("job applications")
        ordering = ["-submitted_at"]

    def __str__(self):
        # Wagtail copies this into its own logs, so it names the job and never the person.
        return f"{self.job_title} · {str(self.pk)[:8]}"
