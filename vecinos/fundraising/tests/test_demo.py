import pytest

from vecinos.fundraising import demo
from vecinos.fundraising.models import Gift

pytestmark = pytest.mark.django_db


def test_demo_campaign_is_about_sixty_percent_raised_with_every_kind_of_gift(homes):
    pages = demo.build(homes)
    assert set(pages) == {"en", "es"}
    progress = pages["es"].progress()
    assert progress.goal == 10_000
    assert 58 <= progress.percent <= 62
    methods = set(Gift.objects.values_list("method", flat=True))
    assert methods == {"card", "cash", "check", "transfer"}
    assert Gift.objects.filter(pledge__isnull=False).exists()
    assert Gift.objects.filter(status=Gift.Status.REFUNDED).exists()
    # Building again adds nothing.
    count = Gift.objects.count()
    assert len(demo.build(homes)) == 2
    assert Gift.objects.count() == count
