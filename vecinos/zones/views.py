"""Public pages of the zones: joining, confirming, and a member's own management page."""

from django.http import Http404


def join(request):
    raise Http404


confirm_code = confirm_link = manage = block_choices = zone_shapes = join
