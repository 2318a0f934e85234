"""Settings for the test suite: the base settings with fast, in-process stand-ins."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("VECINOS_DATA_DIR", tempfile.mkdtemp(prefix="vecinos-test-"))

from .base import *  # noqa: E402,F403
from .base import DATA_DIR, INSTALLED_APPS  # noqa: E402

# Models that exist only in tests (encrypted fields on real tables), with their own migration.
INSTALLED_APPS = [*INSTALLED_APPS, "vecinos.privacy.tests.apps.PrivacyTestsConfig"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
    for alias in ("default", "sessions")
}
SESSION_CACHE_ALIAS = "sessions"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(DATA_DIR) / "media"

# A throwaway key-encryption key, in its own folder outside DATA_DIR as in production.
VECINOS_KEY_FILE = str(Path(tempfile.mkdtemp(prefix="vecinos-test-key-")) / "vecinos.key")
Path(VECINOS_KEY_FILE).write_bytes(os.urandom(32))
VECINOS_KEK = ""
VECINOS_LOCKED_START = False
VECINOS_KEY_AGENT_SOCKET = ""
# Tests empty the key table between cases, so no process may keep keys from an earlier one.
VECINOS_KEY_CACHE_SECONDS = 0

# Messages stay in memory (vecinos.messaging.channels.locmem.outbox); no rate limit.
VECINOS_SMS_CHANNEL = "vecinos.messaging.channels.locmem.LocmemChannel"
VECINOS_EMAIL_CHANNEL = "vecinos.messaging.channels.locmem.LocmemChannel"
VECINOS_SMS_RATE = 0
VECINOS_EMAIL_RATE = 0
# The cache that holds the counts lives for the whole run, so the organization's hourly budget
# of verification texts would run out across tests; its own tests set one.
VECINOS_VERIFICATION_TEXTS_PER_HOUR = 0
# Likewise the per-minute count of posts to a form that turns on its proof of work.
VECINOS_FLOOD_POSTS_PER_MINUTE = 0
# The cheapest Argon2id costs: tests derive many codename and passphrase keys.
VECINOS_TIPS_CODENAME_COST = "min"
VECINOS_TIPS_PASSPHRASE_COST = "min"  # noqa: S105 (a cost, not a password)
# Rate limits count in the cache, which tests empty between cases (production uses the
# database or Redis: vecinos/core/ratelimit.py); tests of those stores choose them.
VECINOS_RATELIMIT_STORE = "cache"
