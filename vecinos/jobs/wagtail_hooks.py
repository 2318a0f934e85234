from wagtail import hooks
from wagtail.permissions import register_permission_policy

from vecinos.jobs.backoffice.applications import HiringStaffPolicy, job_application_viewset
from vecinos.jobs.models import JobApplication

# Registered before the viewset, which would otherwise build a policy from Django permissions
# that a group could be granted by mistake.
register_permission_policy(JobApplication, HiringStaffPolicy(JobApplication))


@hooks.register("register_admin_viewset")
def register_job_application_viewset():
    return job_application_viewset
