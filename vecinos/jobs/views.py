"""The public side of hiring: sending an application and the thank-you page."""

from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpResponseRedirect, UnreadablePostError
from django.http.multipartparser import MultiPartParserError, TooManyFilesSent
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from vecinos.core.ratelimit import refuse_if_flooded
from vecinos.jobs.forms import MAX_RESUME_BYTES, JobApplicationForm
from vecinos.jobs.models import JobPage
from vecinos.jobs.services import NotAcceptingApplications, submit_application

# A request bigger than this is refused before any of it is read. Below it, a résumé over
# MAX_RESUME_BYTES is dropped while it streams in and the typed fields are still shown back.
MAX_REQUEST_BYTES = 20 * 1024 * 1024
# Applications from one source per period, generous enough for a shared library computer.
RATE_LIMIT = 10
RATE_PERIOD = 60 * 60
PARSE_ERRORS = (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    MultiPartParserError,
    BadRequest,
    UnreadablePostError,
)


class ResumeSizeLimit(FileUploadHandler):
    """Stop keeping an uploaded file once it passes the limit, and remember that it did."""

    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.skipped = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.skipped = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def open_job(page_id: int) -> JobPage:
    """Return the live posting of the current language with this id, or answer 404."""
    return get_object_or_404(
        JobPage.objects.live().select_related("locale"),
        pk=page_id,
        locale__language_code=get_language(),
    )


def render_job_page(request, job, form, *, status):
    context = job.get_context(request)
    context["form"] = form
    return TemplateResponse(request, job.get_template(request), context, status=status)


def blank_form(job, message):
    form = JobApplicationForm(initial={"language": job.locale.language_code})
    form.page_error = message
    return form


@never_cache
@csrf_exempt  # checked in _apply_checked, once the upload limit is in place
@require_POST
def apply(request, page_id):
    job = open_job(page_id)
    if not job.is_open:
        return closed_response(request, job)
    too_large = _("Your application is too large to send. Please attach a smaller file.")
    if _content_length(request) > MAX_REQUEST_BYTES:
        return render_job_page(request, job, blank_form(job, too_large), status=413)

    limit = ResumeSizeLimit(request, limit=MAX_RESUME_BYTES)
    request.upload_handlers.insert(0, limit)
    try:
        request.POST  # noqa: B018 - parse now, so a malformed body is answered here
    except PARSE_ERRORS:
        return render_job_page(request, job, blank_form(job, too_large), status=400)
    return _apply_checked(request, job, limit)


@csrf_protect
def _apply_checked(request, job, limit):
    form = JobApplicationForm(request.POST, request.FILES, resume_too_large=limit.skipped)
    if refuse_if_flooded(
        request,
        form,
        "jobs.apply",
        limit=RATE_LIMIT,
        period=RATE_PERIOD,
        message=_("Too many applications were sent from here just now. Please try again later."),
    ):
        return render_job_page(request, job, form, status=429)
    if not form.is_valid():
        return render_job_page(request, job, form, status=400)

    data = form.cleaned_data
    try:
        submit_application(
            job,
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            language=data["language"],
            cover_letter=data["cover_letter"],
            resume=data["resume"],
        )
    except NotAcceptingApplications:
        # The closing date passed while the person was typing.
        return closed_response(request, job)
    return HttpResponseRedirect(reverse("jobs:application-thanks", args=[job.pk]))


def closed_response(request, job):
    response = render_job_page(request, job, None, status=405)
    response["Allow"] = "GET, HEAD"
    return response


@require_GET
def applied(request, page_id):
    job = open_job(page_id)
    return render(request, "jobs/application_thanks.html", {"job": job, "page": job})


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
