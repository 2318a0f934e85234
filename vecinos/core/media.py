"""Uploaded files served by Django itself, in development only (nginx serves them otherwise)."""

from django.conf import settings
from django.http import Http404
from django.views.static import serve


def serve_media(request, path):
    # A name too long for the file system (or otherwise unreadable) is a missing file, not a
    # server error.
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:
        raise Http404("no such file") from error
