"""The public statistics page and the page of what vecinos holds about a person.

Both are plain views for anonymous visitors with nothing personal in them, so the page cache
(vecinos/core/pagecache.py) keeps and serves them like any Wagtail page.
"""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from vecinos.core import publicstats
from vecinos.core.disclosure import THRESHOLD
from vecinos.knowledge.inventory import holdings, never_stored


@require_safe
def statistics(request):
    return render(
        request,
        "knowledge/statistics.html",
        {
            "sections": publicstats.sections(),
            "threshold": THRESHOLD,
            "built_at": timezone.localtime(),
        },
    )


@require_safe
def what_we_hold(request):
    return render(
        request,
        "knowledge/what_we_hold.html",
        {"holdings": holdings(), "never": never_stored()},
    )
