"""Settings shared by every environment; each value comes from the environment.

With no DATABASE_URL / REDIS_URL the portal runs on an embedded default that needs
no server: SQLite for data, kombu's filesystem transport for Celery and a file
cache, all under ``var/``.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="insecure-local-key-only-for-development")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -----------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.admin",
]
THIRD_PARTY_APPS = [
    "crispy_forms",
    "crispy_bootstrap5",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "axes",
    "simple_history",
    "csp",
]
LOCAL_APPS = [
    "thai",  # the floors first: they import no other app
    "accounts",
    "programs",
    "evaluations",
    "meetings",
    "reports",
    "audit",
    "notifications",
    "portal",  # the top floors: they read every other app
    "demo",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "config.null_characters.RefuseNullCharactersMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The user's language, not the browser's (in place of Django's LocaleMiddleware).
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "config.errors.DatabaseUnavailableMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes docs).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
                "evaluations.offline_owner.offline_user",
            ],
        },
    }
]

# --- Data -------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# SQLite for one office, where several people and the worker write at once. WAL: readers
# go on while one connection writes. IMMEDIATE: a transaction takes the write lock when it
# begins, so two never deadlock upgrading a read lock (SQLite then fails one at once, busy
# timeout or not). "timeout": a writer waits up to 20 s for the lock instead of answering
# "database is locked". synchronous=NORMAL is durable in WAL mode but for a power cut.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def with_sqlite_options(database: dict) -> dict:
    """``database`` with ``SQLITE_OPTIONS`` when it is SQLite (options it names win)."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {**SQLITE_OPTIONS, **database.get("OPTIONS", {})}
    return database


with_sqlite_options(DATABASES["default"])

# PostgreSQL without JIT compilation: the portal's queries are short, and the planner
# compiled the club list's and the exports' latest-figure subqueries on every run (0.56 s
# of a 1.58 s export query in EXPLAIN ANALYZE) because their estimated cost is over the
# JIT threshold. A DATABASE_URL naming its own ``options`` keeps them.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
        }
    }

# --- Files ------------------------------------------------------------------------
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: downloads go through scoped views.
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Generated reports, uploads (evidence, attachments, evaluation photos) and backups go
# through Django's storage API only, never a path: a folder under var/ by default (one
# machine, `make run` with no server), an S3-compatible object store (AWS S3, MinIO,
# Ceph...) when AWS_STORAGE_BUCKET_NAME is set, so that web instances and workers on
# several machines see the same files. Its credentials are read by boto3 from the
# environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or the machine's role), never
# written here. The bucket stays private: downloads go through the scoped views.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")


def s3_storage(*, bucket: str, location: str) -> dict:
    """The STORAGES entry of a private bucket (``location``: the prefix of its objects)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "location": location,
            # Empty: AWS itself; MinIO or another store: its address (http://minio:9000).
            "endpoint_url": env("S3_ENDPOINT_URL", default="") or None,
            "region_name": env("AWS_S3_REGION_NAME", default="") or None,
            # "path" for MinIO and most self-hosted stores (no bucket.host DNS names).
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default="") or None,
            "signature_version": "s3v4",
            "default_acl": None,  # private: the bucket's own policy, never public-read
            "querystring_auth": True,
            # Two requests saving the same name get two objects, as on a folder.
            "file_overwrite": False,
            # A file read from the store spools to disk past this size, not to memory.
            "max_memory_size": 8 * 1024 * 1024,
        },
    }


if AWS_STORAGE_BUCKET_NAME:
    _default_storage = s3_storage(
        bucket=AWS_STORAGE_BUCKET_NAME, location=env("S3_MEDIA_LOCATION", default="media")
    )
    # Archives hold every file of the bucket: a bucket of their own if one is given
    # (recommended, with its own retention), else a prefix beside the files.
    _backup_storage = s3_storage(
        bucket=env("AWS_BACKUP_BUCKET_NAME", default=AWS_STORAGE_BUCKET_NAME),
        location=env("S3_BACKUP_LOCATION", default="backups"),
    )
else:
    _default_storage = {
        "BACKEND": env(
            "FILE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        ),
    }
    # Where `manage.py backup` and the daily backup put their archives: a folder by
    # default, or another storage class (BACKUP_STORAGE_BACKEND; BACKUP_LOCATION its folder
    # or prefix). Kept apart from MEDIA_ROOT, which the archives contain.
    _backup_storage = {
        "BACKEND": env(
            "BACKUP_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": {"location": env("BACKUP_LOCATION", default=str(VAR_DIR / "backups"))},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        # Static files are not in the object store: each web instance serves its own copy
        # (collectstatic at deploy, WhiteNoise), so the pages never wait on the store.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
    "backups": _backup_storage,
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Users and sessions -----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Django's validators with Thai messages (Django's Thai locale leaves them in English).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.password_validation.MinimumLengthValidator"},
    {"NAME": "accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.password_validation.NumericPasswordValidator"},
]
# An officer's working day; the session also ends when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"  # JSON for the token endpoint
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy every request comes from the proxy: the lock keys on the client
# address the trusted proxies put in X-Forwarded-For (config/client_address.py). Empty
# (the default) trusts no header: the address is the TCP peer's.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_address"

# The change history is a log: it is read, never edited or "reverted" through a screen.
SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_EDIT = False
# Record failed sign-ins (for the lockout), not every successful one (PDPA: only what is needed).
AXES_DISABLE_ACCESS_LOG = True

# --- Browser security (every environment, so the browser tests prove pages work) ---
# No inline script, style or event handler anywhere: pages load their code and style
# from /static/ only. Bootstrap's CSS draws its icons as data: SVGs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True

# --- Language, time, formats ------------------------------------------------------
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("ภาษาไทย")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
# Our format modules accept only ISO dates in Django's own date fields, so that
# "8/6/2566" can never be read as the Christian year 2566; Thai input goes
# through thai.forms.ThaiDateField.
FORMAT_MODULE_PATH = ["config.formats"]
# The same with translations switched off (management commands, `override(None)`).
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]

# --- Forms, API -------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous API call answers 401 with WWW-Authenticate.
        "accounts.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "core.api.exception_handler",  # a service's refusals → 400 / 403
    "DEFAULT_FILTER_BACKENDS": ["core.filters.ApiFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "config.api_pagination.ApiPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "DEFAULT_THROTTLE_RATES": {"token": "10/minute"},
}
# API tokens (django-rest-knox): stored as SHA-512 digests, each with an end. The API's
# clients are scripts (a provincial system pulling indicators, the benchmarks), not
# people at a screen: a 10-hour token would make every script keep a password to sign
# in again each day, which is worse than a token that lasts a month and can be revoked.
# A token does not renew itself when used, so every token ends at a known date.
KNOX_TOKEN_MODEL = "accounts.ApiToken"
# Knox's migrations would create the table of its own model, which is swapped out here.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
    "TOKEN_TTL": timedelta(hours=env.float("API_TOKEN_TTL_HOURS", default=30 * 24)),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
    # A script that asks for a new token on every run cannot pile them up.
    "TOKEN_LIMIT_PER_USER": env.int("API_TOKEN_LIMIT_PER_USER", default=10),
}
# "Last used" is written at most this often per token, not on every request.
API_TOKEN_LAST_USED_INTERVAL = timedelta(minutes=1)

SPECTACULAR_SETTINGS = {
    "TITLE": "Provincial Program Monitoring API",
    "DESCRIPTION": "API ของพอร์ทัลติดตามโครงการระดับจังหวัด (ทุกคำตอบจำกัดตามสิทธิ์ของผู้ใช้)",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Club / district / province: one choice set shared by tier awards, contest entries,
    # rubrics and evaluation visits.
    "ENUM_NAME_OVERRIDES": {
        "EntityLevelEnum": "programs.models.clubs.EntityLevel",
        "ApprovalStateEnum": "programs.models.approvals.ApprovalState",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api_schema.document_error_responses",
        "config.api_schema.allow_empty_query_values",
        "config.api_schema.forbid_null_characters_in_text",
    ],
}

# --- Celery -----------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://localhost/")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# The database row of a job is the truth about it; Celery keeps no results.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# A request that enqueues a report must not hang while Redis is down: one quick retry,
# then the job stays queued (unsent) for the sweeper; see reports.services.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]

# --- Logging ----------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes logs every login and logout at INFO; keep lockouts (WARNING).
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Where the shared public data sets live beside the checkout (tests, benchmarks).
SHARED_DATA_DIR = Path(env("SHARED_DATA_DIR", default=str(BASE_DIR.parent / "shared" / "data")))

ADMIN_URL = env("ADMIN_URL", default="backoffice/")
# /healthz shows its details (each part, its error, the workers' host names) to staff
# signed in and to monitoring that sends "Authorization: Bearer <HEALTHZ_TOKEN>". Empty
# (the default): no token is accepted, anyone else learns only up or down.
HEALTHZ_TOKEN = env("HEALTHZ_TOKEN", default="")
AXES_VERBOSE = False

# --- Evaluations (score sheets from phones) ---------------------------------------
# A phone's clock may run a little ahead of the portal's: an edit time up to this far past
# the moment a sheet is received is kept as sent; a later one (a clock set to 9999) would
# win over every real edit after it, so it is stored as the receive time, marked clamped.
EVALUATIONS_CLOCK_ALLOWANCE = timedelta(
    seconds=env.int("EVALUATIONS_CLOCK_ALLOWANCE_SECONDS", default=10 * 60)
)

# --- งานของฉัน (portal/work.py) ----------------------------------------------------
WORK_DUE_SOON_DAYS = env.int("WORK_DUE_SOON_DAYS", default=7)  # an action item "due soon"
WORK_UPCOMING_DAYS = env.int("WORK_UPCOMING_DAYS", default=7)  # meetings and visits ahead

# --- E-mail and notifications (notifications/) ------------------------------------
# SMTP from the environment: EMAIL_URL (smtp://user:password@host:587, submission://…
# for STARTTLS, smtps://… for TLS) or EMAIL_HOST/EMAIL_PORT/… one by one.
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
    EMAIL_HOST = env("EMAIL_HOST", default="localhost")
    EMAIL_PORT = env.int("EMAIL_PORT", default=25)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="พอร์ทัลติดตามโครงการ <noreply@localhost>")
# Where links in e-mail and LINE messages point.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# LINE Messaging API of the portal's Official Account; no defaults for the secrets.
LINE_API_BASE_URL = env("LINE_API_BASE_URL", default="https://api.line.me")
LINE_CHANNEL_ACCESS_TOKEN = env("LINE_CHANNEL_ACCESS_TOKEN", default="")
LINE_CHANNEL_SECRET = env("LINE_CHANNEL_SECRET", default="")
LINE_LINK_CODE_MINUTES = env.int("LINE_LINK_CODE_MINUTES", default=15)
NOTIFY_PROVIDER_TIMEOUT = env.int("NOTIFY_PROVIDER_TIMEOUT", default=10)  # seconds
NOTIFY_MAX_ATTEMPTS = env.int("NOTIFY_MAX_ATTEMPTS", default=8)  # then the row is "failed"
NOTIFY_RETRY_BASE_SECONDS = env.int("NOTIFY_RETRY_BASE_SECONDS", default=30)  # 30 s, 60 s, 2 min…
NOTIFY_QUIET_HOURS = env("NOTIFY_QUIET_HOURS", default="20:00-07:00")  # local time; "" for none
NOTIFY_DUE_IN_DAYS = env.list("NOTIFY_DUE_IN_DAYS", cast=int, default=[3, 1])
# Daily at 07:30.
_digest_at = crontab.from_string(env("NOTIFY_DIGEST_SCHEDULE", default="30 7 * * *"))
NOTIFY_DISPATCH_SECONDS = env.int("NOTIFY_DISPATCH_SECONDS", default=60)

# --- Reports (PDF jobs) -----------------------------------------------------------

# A report task is stopped softly (the job ends "failed" with a message) and then hard.
REPORTS_SOFT_TIME_LIMIT = env.int("REPORTS_SOFT_TIME_LIMIT", default=240)
REPORTS_TIME_LIMIT = env.int("REPORTS_TIME_LIMIT", default=300)
REPORTS_MAX_RETRIES = env.int("REPORTS_MAX_RETRIES", default=3)  # transient errors only
REPORTS_MAX_ATTEMPTS = env.int("REPORTS_MAX_ATTEMPTS", default=3)  # deliveries after a worker died
REPORTS_SWEEP_GRACE = env.int("REPORTS_SWEEP_GRACE", default=120)  # seconds past the hard limit
# How often the sweeper runs: it sends again what no worker has taken, and hands the
# jobs of a worker that died to another.
REPORTS_SWEEP_SECONDS = env.int("REPORTS_SWEEP_SECONDS", default=20)
# A queued job that no worker has taken this long after it was sent is sent again (Redis
# lost it on a restart without persistence, or no worker had registered the queue yet).
# Safe: a job already finished or being made ignores the extra message.
REPORTS_RESEND_AFTER = env.int("REPORTS_RESEND_AFTER", default=60)
# A running job's worker touches the job this often; a job untouched for the stale
# period has lost its worker (killed, machine restarted) and is made again elsewhere.
REPORTS_HEARTBEAT_SECONDS = env.float("REPORTS_HEARTBEAT_SECONDS", default=10)
REPORTS_HEARTBEAT_STALE = env.int("REPORTS_HEARTBEAT_STALE", default=30)
# Crontab fields "minute hour day month weekday"; default 06:00 on the 1st of each month.
_monthly = crontab.from_string(env("REPORTS_MONTHLY_SCHEDULE", default="0 6 1 * *"))
# --- Signed records (reports/signing/) -------------------------------------------
# Certified minutes and approved summaries are signed (PAdES) with the province's
# certificate (reports.SigningCertificate, installed by an administrator). The RFC 3161
# timestamp authority: empty uses the demo certificate's own demo TSA, never for real use.
SIGNING_TIMESTAMP_URL = env("SIGNING_TIMESTAMP_URL", default="")
# The portal's public address, printed in the verification line and its QR code.
SIGNING_PUBLIC_URL = env("SIGNING_PUBLIC_URL", default="http://127.0.0.1:8000")
# Where `make run` keeps its demo CA and demo signing keys (never committed).
SIGNING_DEMO_DIR = Path(env("SIGNING_DEMO_DIR", default=str(VAR_DIR / "signing")))
SIGNING_MAX_RETRIES = env.int("SIGNING_MAX_RETRIES", default=5)
# The largest file the public verification page accepts.
SIGNING_VERIFY_MAX_BYTES = env.int("SIGNING_VERIFY_MAX_BYTES", default=20 * 1024 * 1024)

# --- Backups (portal/backup.py) --------------------------------------------------
# The passphrase of the daily and the web's backups; no default: without it they are
# refused with a message. Keep it somewhere other than the machine it protects.
BACKUP_PASSPHRASE = env("BACKUP_PASSPHRASE", default="")
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)  # the newest N archives are kept
BACKUP_TIME_LIMIT = env.int("BACKUP_TIME_LIMIT", default=3 * 60 * 60)
_backup_at = crontab.from_string(env("BACKUP_SCHEDULE", default="30 2 * * *"))  # daily, 02:30

CELERY_BEAT_SCHEDULE = {
    "portal-daily-backup": {
        "task": "portal.tasks.backup_daily_task",
        "schedule": _backup_at,
    },
    "reports-monthly-provincial-summaries": {
        "task": "reports.tasks.report_monthly_summaries_task",
        "schedule": _monthly,
    },
    "reports-sweep-stuck-jobs": {
        "task": "reports.tasks.report_jobs_sweep_task",
        "schedule": REPORTS_SWEEP_SECONDS,
    },
    # Due-soon and overdue action items: once a day, before the digest.
    "notifications-action-items-sweep": {
        "task": "notifications.tasks.action_items_sweep_task",
        "schedule": crontab(minute=0, hour=7),
    },
    "notifications-daily-digest": {
        "task": "notifications.tasks.digests_send_task",
        "schedule": _digest_at,
    },
    # What is due again: deferred past quiet hours, a provider that was down, a lost message.
    "notifications-dispatch": {
        "task": "notifications.tasks.outbox_dispatch_task",
        "schedule": NOTIFY_DISPATCH_SECONDS,
    },
    # Expired API tokens of users who never call again are deleted, not kept (PDPA).
    "accounts-purge-expired-api-tokens": {
        "task": "accounts.tasks.api_tokens_purge_expired_task",
        "schedule": crontab(minute=30, hour=3),
    },
}
