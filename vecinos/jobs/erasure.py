"""What hiring holds about a person, for export and erasure on request."""

from vecinos.jobs.models import JobApplication
from vecinos.jobs.shredders import job_applications
from vecinos.privacy.erasure import PersonalDataSource, register


class JobApplicationSource(PersonalDataSource):
    name = "job_applications"
    model = JobApplication
    email_field = "email"
    phone_field = "phone"
    export_fields = (
        "job_title",
        "name",
        "email",
        "phone",
        "language",
        "cover_letter",
        "resume_format",
        "submitted_at",
        "status",
        "staff_notes",
    )

    def erase(self, rows):
        # The shredder also removes the encrypted résumé files once the rows are gone.
        return job_applications.shred(self.model.objects.filter(pk__in=[row.pk for row in rows]))


register(JobApplicationSource())
