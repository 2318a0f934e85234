"""Settings for every environment, read from the process environment.

The embedded default needs no service: SQLite in WAL mode, a file cache and a database-backed
task queue, all under VECINOS_DATA_DIR. DATABASE_URL and REDIS_URL switch to PostgreSQL and
Redis for running at scale. DJANGO_DEBUG=false selects production, where the secrets are
required and a missing one stops the start.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

# Everything the platform writes (database, uploads, logs) lives under one folder, so that
# backing it up, encrypting its disk or wiping it is one decision.
DATA_DIR = Path(os.environ.get("VECINOS_DATA_DIR") or BASE_DIR / "var").resolve()
MEDIA_ROOT = DATA_DIR / "media"
LOG_DIR = DATA_DIR / "logs"

if DEBUG:
    SECRET_KEY = (
        os.environ.get("DJANGO_SECRET_KEY") or "insecure-development-key-never-use-in-production"
    )
    ALLOWED_HOSTS = env_list(
        "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"]
    )
else:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to at least 50 random characters in production."
        )
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name the hosts vecinos answers to.")

# The key-encryption key comes from a key file kept outside DATA_DIR, or base64 in VECINOS_KEK.
# Without either, or with VECINOS_LOCKED_START=true, the platform starts locked until staff
# unlock it with their key shares (docs/privacy.md, "Locked start").
VECINOS_KEY_FILE = os.environ.get("VECINOS_KEY_FILE", "")
VECINOS_KEK = os.environ.get("VECINOS_KEK", "")
VECINOS_LOCKED_START = env_bool("VECINOS_LOCKED_START", False)
VECINOS_KEY_AGENT_SOCKET = os.environ.get("VECINOS_KEY_AGENT_SOCKET", "")

# The address the public reaches vecinos at: links in messages and webhook signature checks.
PUBLIC_URL = os.environ.get("VECINOS_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = PUBLIC_URL

INSTALLED_APPS = [
    "vecinos.core",
    "vecinos.accounts",
    "vecinos.privacy",
    "vecinos.content",
    "vecinos.records",
    "vecinos.jobs",
    "vecinos.messaging",
    "vecinos.broadcasts",
    "vecinos.zones",
    "vecinos.workshops",
    "vecinos.hotline",
    "vecinos.fundraising",
    "vecinos.tips",
    "vecinos.coalition",
    "vecinos.knowledge",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "vecinos.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "vecinos.accounts.middleware.AdminContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "vecinos.core.middleware.LocaleMiddleware",
    # /es/hotline/ -> /es/linea-directa/: each language's own paths for the app pages.
    "vecinos.core.middleware.TranslatedPathRedirectMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "vecinos.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "vecinos.privacy.middleware.LockedMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "vecinos" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Django's form renderer, but a checkbox's label gets no colon (vecinos/core/formrenderer.py).
FORM_RENDERER = "vecinos.core.formrenderer.FormRenderer"

# Database: SQLite (WAL) unless DATABASE_URL names another. Connections persist between
# requests; the health check reopens one that the server closed.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "vecinos.sqlite3",
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # IMMEDIATE takes the write lock at the start of a transaction, so two writers
                # wait for each other instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # A file cache is shared by every process on the machine (gunicorn workers and the task
    # worker), which the in-memory cache is not.
    # Sessions have a folder of their own: a file cache keeps 300 entries and, once full,
    # deletes a third of them at random, so one visitor's sign-ups, each a new session,
    # would otherwise erase the two-factor lockouts kept beside them. A session deleted from
    # its cache is read again from the database.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": DATA_DIR / "cache",
        },
        "sessions": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": DATA_DIR / "cache" / "sessions",
        },
    }
    SESSION_CACHE_ALIAS = "sessions"

# Anonymous visitors' pages are kept in each web process and purged on publish
# (vecinos/core/pagecache.py); this is the longest a page is kept. 0 turns the cache off.
PAGECACHE_SECONDS = int(os.environ.get("VECINOS_PAGECACHE_SECONDS", "300"))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if REDIS_URL:
    # At scale, tasks go through Redis to `manage.py rqworker` processes on any machine
    # (docs/deploy.md). Tasks carry only ids and the outbox lives in the database, so a lost
    # Redis loses no message: the outbox sweeper finds the rows again.
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Roles and permissions are read with the user in fewer queries (vecinos/accounts/backends.py).
AUTHENTICATION_BACKENDS = ["vecinos.accounts.backends.StaffBackend"]
# Sessions are read from the cache and written through to the database (a staff page reads
# no session row, and a session outlives a cache that is emptied), and saving what was just
# saved writes nothing (vecinos/core/sessions.py).
SESSION_ENGINE = "vecinos.core.sessions"
# Staff sessions are short and die with the browser: a lost phone or a shared computer at the
# office should not stay logged in to a list of neighbours.
SESSION_COOKIE_AGE = 60 * 60 * 4
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A browser-session cookie: a year-long one would tell whoever holds the phone later that its
# owner opened the raid-report or sign-up page.
CSRF_COOKIE_AGE = None

# HTTPS and browser protections: all on in production (DJANGO_DEBUG=false), so that
# `manage.py check --deploy --fail-level WARNING` reports nothing without further settings.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Regular expressions of paths (without the leading slash) still served over plain HTTP, for
# a load balancer's health check on a private network, for example.
SECURE_REDIRECT_EXEMPT = env_list("DJANGO_SECURE_REDIRECT_EXEMPT", [])
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS") or (0 if DEBUG else 365 * 24 * 60 * 60)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preload lets browsers refuse plain HTTP even on the first visit. The header alone commits
# nothing; an operator who will never submit the domain can set this to false (the deploy
# check then warns, which is expected).
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
if env_bool("VECINOS_BEHIND_PROXY", False):
    # Only behind a proxy that sets this header itself: otherwise a client could claim HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list(
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    [PUBLIC_URL] if PUBLIC_URL.startswith("https://") else [],
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features pages may use (vecinos.core.middleware.PermissionsPolicyMiddleware): the
# location and camera of this site only, for reporting where something happens and scanning
# check-in codes; nothing else, and never for an embedded page from another origin.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": ["self"],
    "display-capture": [],
    "geolocation": ["self"],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

# Two-factor authentication (django-otp): the name authenticator apps show for the account.
OTP_TOTP_ISSUER = os.environ.get("VECINOS_TOTP_ISSUER", "vecinos")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# One date format per language (vecinos/core/formats; texts: vecinos/core/dates.py).
FORMAT_MODULE_PATH = ["vecinos.core.formats"]
USE_TZ = True
TIME_ZONE = os.environ.get("VECINOS_TIME_ZONE", "America/New_York")

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_SITE_NAME = "vecinos"
# One index holds English and Spanish pages, so PostgreSQL uses the "simple" text search
# configuration: words as written, lower-cased, no language's stemming or stop words. It then
# finds what SQLite's tokenizer finds, whatever the server's default configuration is.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "csv", "odt", "docx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_USAGE_COUNT_ENABLED = False
WAGTAILADMIN_COMMENTS_ENABLED = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "vecinos.core.staticstorage.StaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "vecinos <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where staff notices (a new job application, for instance) go when no person is named.
STAFF_NOTIFY_EMAIL = os.environ.get("VECINOS_STAFF_EMAIL", "staff@localhost")

# Request logs carry no IP address, query string or personal data: the only handler writes
# the method, the path and the status, and error reports never include POST bodies.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # UTC on every line, like gunicorn's (vecinos/core/logformat.py).
    "formatters": {"plain": {"()": "vecinos.core.logformat.UTCFormatter"}},
    # Scrubs IP addresses, e-mail addresses and phone numbers from every line and traceback.
    "filters": {
        "no_personal_data": {"()": "vecinos.core.logging.RedactPersonalData"},
        # A secret link's path is its owner's secret: never written where a path is logged.
        "no_secret_paths": {"()": "vecinos.core.logging.RedactSecretPaths"},
        # A request that broke Django's limits (too many files, a forged Host) is the
        # client's mistake: a WARNING line, no traceback (vecinos/core/logging.py).
        "client_mistake": {"()": "vecinos.core.logging.ClientMistakeAsWarning"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {
            "handlers": ["console"],
            "level": "ERROR",
            "propagate": False,
            "filters": ["no_secret_paths"],
        },
        "django.security.csrf": {"level": "WARNING", "filters": ["no_secret_paths"]},
        "vecinos": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
# Django's names for the limits a request can break (vecinos.core.logging.CLIENT_MISTAKES
# keeps the same list, and a test compares them).
CLIENT_MISTAKES = (
    "DisallowedHost",
    "DisallowedRedirect",
    "InvalidSessionKey",
    "RequestDataTooBig",
    "SuspiciousFileOperation",
    "SuspiciousMultipartForm",
    "SuspiciousOperation",
    "SuspiciousSession",
    "TooManyFieldsSent",
    "TooManyFilesSent",
)
for _mistake in CLIENT_MISTAKES:
    LOGGING["loggers"][f"django.security.{_mistake}"] = {"filters": ["client_mistake"]}

DEFAULT_EXCEPTION_REPORTER_FILTER = "vecinos.core.logging.NoPersonalDataReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "vecinos.core.logging.NoPersonalDataExceptionReporter"

# How many reverse proxies in front of vecinos append to X-Forwarded-For. 0 (the default)
# trusts only REMOTE_ADDR, since a client can write any X-Forwarded-For it likes.
VECINOS_TRUSTED_PROXY_COUNT = int(os.environ.get("VECINOS_TRUSTED_PROXY_COUNT", "0"))

# Retention periods in days, by shredder name; docs/privacy.md lists the defaults.
VECINOS_RETENTION: dict[str, float] = {}

# Messaging (vecinos/messaging). Channels are dotted paths, like EMAIL_BACKEND: in development
# every text and e-mail lands on the admin's "Test phone" page instead of leaving the machine.
VECINOS_SMS_CHANNEL = os.environ.get(
    "VECINOS_SMS_CHANNEL",
    "vecinos.messaging.channels.console.ConsoleChannel"
    if DEBUG
    else "vecinos.messaging.channels.twilio_sms.TwilioSMSChannel",
)
VECINOS_EMAIL_CHANNEL = os.environ.get(
    "VECINOS_EMAIL_CHANNEL",
    "vecinos.messaging.channels.console.ConsoleChannel"
    if DEBUG
    else "vecinos.messaging.channels.email.EmailChannel",
)
# Verification texts (sign-up codes) the whole organization sends in a clock hour; past it,
# none until the next hour and one e-mail to the admins (vecinos/messaging/budget.py). 0: none.
VECINOS_VERIFICATION_TEXTS_PER_HOUR = int(
    os.environ.get("VECINOS_VERIFICATION_TEXTS_PER_HOUR", "200")
)
# Posts to one public form per minute from everybody; past it, the form asks for a small proof
# of work and a post without one is held for staff to review (vecinos/privacy/floods.py).
# 0: never. VECINOS_FLOOD_BITS: the proof's difficulty (leading zero bits of a SHA-256).
VECINOS_FLOOD_POSTS_PER_MINUTE = int(os.environ.get("VECINOS_FLOOD_POSTS_PER_MINUTE", "30"))
VECINOS_FLOOD_BITS = int(os.environ.get("VECINOS_FLOOD_BITS", "16"))
TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
TWILIO_FROM_NUMBER = os.environ.get("TWILIO_FROM_NUMBER", "")
TWILIO_MESSAGING_SERVICE_SID = os.environ.get("TWILIO_MESSAGING_SERVICE_SID", "")
TWILIO_API_BASE = os.environ.get("TWILIO_API_BASE", "https://api.twilio.com")
# Messages per second per sender (0: no limit). Twilio allows one per second on a long code
# and more on toll-free numbers and short codes; set what the account is allowed. The
# development console has no limit.
VECINOS_SMS_RATE = float(os.environ.get("VECINOS_SMS_RATE", "0" if DEBUG else "1"))
# Several senders, each with its rate: "+12155550100:1,+12155550101:1" or "MG…:50" (numbers in
# E.164 or Messaging Service SIDs; a rate left out is VECINOS_SMS_RATE). Empty: the one sender
# above. Each recipient keeps one sender (vecinos/messaging/senders.py).
VECINOS_SMS_SENDERS = os.environ.get("VECINOS_SMS_SENDERS", "")
VECINOS_EMAIL_RATE = float(os.environ.get("VECINOS_EMAIL_RATE", "0"))
# A broadcast to more recipients than this needs a second staff member's approval and a
# fresh authenticator code from the sender (vecinos/broadcasts).
VECINOS_BROADCAST_APPROVAL_THRESHOLD = int(
    os.environ.get("VECINOS_BROADCAST_APPROVAL_THRESHOLD", "500")
)

# How many members' contacts one staff member may reveal in an hour (vecinos/zones), and the
# largest GeoJSON file the back office takes for zones and blocks.
VECINOS_REVEAL_LIMIT_PER_HOUR = int(os.environ.get("VECINOS_REVEAL_LIMIT_PER_HOUR", "20"))
VECINOS_SHAPES_UPLOAD_MAX_BYTES = int(
    os.environ.get("VECINOS_SHAPES_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024))
)

# Hours before a workshop starts at which registrants are reminded (vecinos/workshops).
VECINOS_WORKSHOP_REMINDER_HOURS = tuple(
    int(hours) for hours in env_list("VECINOS_WORKSHOP_REMINDER_HOURS", ["24", "2"])
)
# Hours before a coalition event at which those coming are reminded (vecinos/coalition).
VECINOS_EVENT_REMINDER_HOURS = tuple(
    int(hours) for hours in env_list("VECINOS_EVENT_REMINDER_HOURS", ["24", "2"])
)

# The hotline (vecinos/hotline): minutes before the backup dispatcher is paged when
# nobody took a new report, minutes before the next ring of responders is asked when nobody
# went to look, and how long an alert stays worth sending.
VECINOS_HOTLINE_ACK_MINUTES = int(os.environ.get("VECINOS_HOTLINE_ACK_MINUTES", "5"))
# New reports within this many seconds of the dispatcher's last page are paged together, once,
# with a count (vecinos/hotline/services/dispatch.py); 0 pages every report on its own.
VECINOS_HOTLINE_PAGE_BURST_SECONDS = int(
    os.environ.get("VECINOS_HOTLINE_PAGE_BURST_SECONDS", "120")
)
VECINOS_HOTLINE_VERIFY_MINUTES = int(os.environ.get("VECINOS_HOTLINE_VERIFY_MINUTES", "10"))
VECINOS_HOTLINE_ALERT_MINUTES = int(os.environ.get("VECINOS_HOTLINE_ALERT_MINUTES", "360"))
# Step-up: an alert to more people than this needs the dispatcher's second factor proved within
# the last VECINOS_STEP_UP_MINUTES (docs/privacy.md, "Step-up for alerts").
VECINOS_ALERT_STEP_UP_AUDIENCE = int(os.environ.get("VECINOS_ALERT_STEP_UP_AUDIENCE", "50"))
VECINOS_STEP_UP_MINUTES = int(os.environ.get("VECINOS_STEP_UP_MINUTES", "30"))

# Fundraising (vecinos/fundraising). Card gifts go through Stripe Checkout; without a secret
# key the campaign pages offer the offline ways to give only, and in development (DEBUG) a
# local checkout page stands in for Stripe's. STRIPE_API_BASE points the SDK elsewhere (the
# fake Stripe of the tests and the bench).
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "https://api.stripe.com")
# What a US nonprofit's acknowledgment of a gift names: the legal name and the EIN.
VECINOS_LEGAL_NAME = os.environ.get("VECINOS_LEGAL_NAME", "")
VECINOS_TAX_ID = os.environ.get("VECINOS_TAX_ID", "")
# Years a donor's tax record (name, e-mail, gifts) is kept after their last gift.
VECINOS_DONOR_RECORD_YEARS = int(os.environ.get("VECINOS_DONOR_RECORD_YEARS", "7"))

# Map tiles. None by default: maps show only our own shapes, and no visitor's browser asks a
# tile server (which would learn who looked where) for anything. An admin who runs or trusts
# one sets its URL template, e.g. https://tiles.example.org/{z}/{x}/{y}.png ({s} allowed), and
# the credit its licence asks for; the Content-Security-Policy then allows that origin only.
VECINOS_MAP_TILES_URL = os.environ.get("VECINOS_MAP_TILES_URL", "").strip()
VECINOS_MAP_TILES_ATTRIBUTION = os.environ.get("VECINOS_MAP_TILES_ATTRIBUTION", "").strip()


def tiles_origin(url: str) -> str:
    """Return the CSP source for a tile URL template: its scheme and host, {s} as a wildcard."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "*"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured("VECINOS_MAP_TILES_URL must be an http(s) URL template.")
    return f"{parts.scheme}://{parts.netloc}"


# Pages load nothing from other origins and run no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"]
        + ([tiles_origin(VECINOS_MAP_TILES_URL)] if VECINOS_MAP_TILES_URL else []),
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# The anonymous tip box (vecinos/tips). An onion address (without http://) is shown on the tip
# pages and sent as their Onion-Location header. Argon2id costs: "interactive" for codenames
# (every login pays it), "moderate" for the tip readers' passphrase. How long an unlocked tip
# key stays open in a tip reader's session.
VECINOS_ONION_ADDRESS = os.environ.get("VECINOS_ONION_ADDRESS", "").strip()
VECINOS_TIPS_CODENAME_COST = os.environ.get("VECINOS_TIPS_CODENAME_COST", "interactive")
VECINOS_TIPS_PASSPHRASE_COST = os.environ.get("VECINOS_TIPS_PASSPHRASE_COST", "moderate")
VECINOS_TIPS_UNLOCK_MINUTES = int(os.environ.get("VECINOS_TIPS_UNLOCK_MINUTES", "30"))
# How many codenames (each one slow hash: a first tip, or a source coming back) the tip box
# works out a minute, for everybody together; 0 for no limit.
VECINOS_TIPS_CODENAMES_PER_MINUTE = int(os.environ.get("VECINOS_TIPS_CODENAMES_PER_MINUTE", "60"))
# Pillow's debug lines quote the EXIF tags of every photo it opens (a camera's make and
# serial, a description): never below WARNING, whatever level the root logger is set to.
LOGGING["loggers"]["PIL"] = {"level": "WARNING"}
