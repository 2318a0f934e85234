import pytest


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGECACHE_SECONDS = 0
