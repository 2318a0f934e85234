"""The project's URLs plus one view that reads personal data, for the locked-start tests."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

from .models import Neighbour


def neighbour_name(request, pk):
    return HttpResponse(get_object_or_404(Neighbour, pk=pk).name)


urlpatterns = [
    path("test-neighbour/<uuid:pk>/", neighbour_name),
    path("admin/test-neighbour/<uuid:pk>/", neighbour_name),
    *project_urlpatterns,
]
