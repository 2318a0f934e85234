import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

from vecinos.core.pagecache import PageCache  # noqa: E402  (needs the settings above)

# Cached public pages are answered before Django's middleware stack runs.
application = PageCache(get_wsgi_application())
