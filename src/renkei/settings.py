"""Settings, all read from the environment.

Every variable is declared once in ``renkei.config.VARIABLES`` with its default and help text;
the README's configuration table is generated from that list (``renkei config``).
"""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from renkei.config import env_value

BASE_DIR = Path(__file__).resolve().parent
RENKEI_HOME = Path(env_value("RENKEI_HOME")).resolve()

DEBUG = env_value("DEBUG")
SECRET_KEY = env_value("SECRET_KEY")
ALLOWED_HOSTS = env_value("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_value("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_ratelimit",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "renkei.core",
    "renkei.audit",
    "renkei.accounts",
    "renkei.agreements",
    "renkei.exchange",
    "renkei.registry",
    "renkei.publication",
    "renkei.consultations",
    "renkei.screening",
    "renkei.attention",
    "renkei.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "renkei.core.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the locale (its refusals are translated), before anything reads a body.
    "renkei.core.input_guard.InputGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "renkei.accounts.middleware.SecondFactorMiddleware",
    "renkei.accounts.middleware.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "renkei.urls"
WSGI_APPLICATION = "renkei.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "renkei.exchange.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {"default": env_value("DATABASE_URL")}
# Keep connections open between requests: a new PostgreSQL connection, or a new SQLite one with
# its PRAGMAs, costs more than most queries. Checked before reuse.
DATABASES["default"].setdefault("CONN_MAX_AGE", env_value("DB_CONN_MAX_AGE"))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the single writer work at once; the transaction mode makes
    # write transactions take the lock up front instead of failing half-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_value(
    "DB_PREPARED_STATEMENTS"
):
    # Parameters bound on the server, and a statement prepared after five uses: the scope and
    # index-version reads every check makes are planned once per connection (ADR 11).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )
if env_value("DATABASE_REPLICA_URL"):
    # The replica's connection is read-only by its own settings too: a write routed there by
    # mistake fails loudly instead of being lost to the next replication.
    replica = {**DATABASES["default"], **env_value("DATABASE_REPLICA_URL")}
    replica["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "options": "-c default_transaction_read_only=on",
    }
    replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = replica
    DATABASE_ROUTERS = ["renkei.core.db_router.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(0, "renkei.core.db_router.ReadPrimaryMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = env_value("AXES_FAILURE_LIMIT")
RENKEI_AXES_COOLOFF_MINUTES = env_value("AXES_COOLOFF_MINUTES")
AXES_COOLOFF_TIME = "renkei.accounts.lockout.cool_off"
# Lock a user name at one address, never the user name alone: whoever knows an officer's user
# name could otherwise lock them out from anywhere. Each lock at the same address lasts twice
# as long as the one before (accounts/lockout.py).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_CLIENT_IP_CALLABLE = "renkei.core.client_ip.client_ip"
RENKEI_PROXY_COUNT = env_value("PROXY_COUNT")
SILENCED_SYSTEM_CHECKS = [
    "axes.W006",
    # The database cache, with the atomic increment of core/rate_limits.py (ADR 20).
    "django_ratelimit.W001",
]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "renkei"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Behind HTTPS (the default unless DEBUG): cookies only over TLS, and browsers told to come back
# only over TLS for a year. The TLS-terminating proxy says the request was https in
# X-Forwarded-Proto; it must set that header itself, never pass on a client's.
HTTPS = env_value("HTTPS")
HTTPS = (not DEBUG) if HTTPS is None else HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Nothing inline, nothing from elsewhere: scripts, styles, images and fonts come from our own
# static files (docs/adr/0019). A page that needs more asks for it in its view.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "manifest-src": ["'self'"],
    },
}
# Powerful browser features no renkei page uses, switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), xr-spatial-tracking=()"
)

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Tokyo"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = RENKEI_HOME / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = RENKEI_HOME / "media"
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = env_value("EMAIL_BACKEND")
EMAIL_HOST = env_value("EMAIL_HOST")
EMAIL_PORT = env_value("EMAIL_PORT")
EMAIL_HOST_USER = env_value("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_value("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_value("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env_value("DEFAULT_FROM_EMAIL")

RENKEI_API_TOKEN_DAYS = env_value("API_TOKEN_DAYS")
RENKEI_ATTACHMENT_MAX_BYTES = env_value("ATTACHMENT_MAX_MB") * 1024 * 1024
RENKEI_SITE_URL = env_value("SITE_URL")
RENKEI_RETENTION_VISIBLE_DAYS = env_value("RETENTION_VISIBLE_DAYS")
RENKEI_RETENTION_ERASE_DAYS = env_value("RETENTION_ERASE_DAYS")
RENKEI_RETENTION_BY_AGREEMENT = env_value("RETENTION_BY_AGREEMENT")
RENKEI_LEDGER_ORIGIN = env_value("LEDGER_ORIGIN")
RENKEI_LEDGER_CHECKPOINT_MINUTES = env_value("LEDGER_CHECKPOINT_MINUTES")
# The ledger's signing key and the checkpoints it signed live in files, never in the database:
# whoever can rewrite the database must not be able to sign for what it then holds (ADR 17).
RENKEI_LEDGER_KEYS = RENKEI_HOME / "ledger-keys"
RENKEI_CHECKPOINTS = RENKEI_HOME / "checkpoints"
RENKEI_LEDGER_JOURNAL = RENKEI_HOME / "ledger-journal.jsonl"  # ADR 18
# A name pair scoring at least this is a hit. Fixed here, not per deployment or per run, so that
# bench/screening_quality.py measures what the product ships (docs/adr/0009).
RENKEI_SCREENING_THRESHOLD = 0.83
# The check endpoint and page list candidates from this score up: below it a name has less than
# half in common with the one asked about, which is noise to the official reading the list.
RENKEI_SCREENING_CANDIDATE_FLOOR = 0.5
# A batch of this many names or more is shared among forked processes (screening/batch.py):
# below it the fork costs more than it saves.
RENKEI_SCREENING_BATCH_FROM = 2000
RENKEI_SCREENING_BATCH_PROCESSES = env_value("SCREENING_BATCH_PROCESSES") or os.cpu_count() or 1

# The rate limits' counters live in the database, shared by every server process (ADR 20).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "renkei.core.rate_limits.AtomicDatabaseCache",
        "LOCATION": "renkei_rate_limits",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_IP_META_KEY = "renkei.core.client_ip.client_ip"
RENKEI_API_RATE_LIMIT = env_value("API_RATE_LIMIT")
RENKEI_LOGIN_RATE_LIMIT = env_value("LOGIN_RATE_LIMIT")

# Background work (e-mail notices, reminders) on django-tasks' database backend; `renkei worker`
# runs the queue.
TASKS = {"default": {"BACKEND": env_value("TASKS_BACKEND")}}
# A JSON or form body (files aside) over this is refused before it is read; each uploaded file
# is held to the attachment limit while it streams in (core/input_guard.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_value("REQUEST_MAX_KB") * 1024
FILE_UPLOAD_HANDLERS = [
    "renkei.core.input_guard.AttachmentLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
