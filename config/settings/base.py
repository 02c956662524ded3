"""Settings shared by every Rihai deployment.

The chain: ``base`` holds what never changes between machines; ``local`` (a laptop, the
demo), ``test`` (the test suite) and ``production`` each import it and set what differs.
Secrets and the database come from the environment (or, on a laptop, a ``.env`` file
beside ``manage.py``), never from this file.
"""

import os
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
# The laptop reads .env beside manage.py (dev.py writes it); other deployments read only the
# real environment, or the file RIHAI_ENV_FILE names, so a stray .env never supplies secrets.
if os.environ.get("RIHAI_ENV_FILE"):
    environ.Env.read_env(os.environ["RIHAI_ENV_FILE"], overwrite=False)
elif os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.local") == "config.settings.local":
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = False
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our own static files (CSP: no CDN)
    "django_filters",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "rihai.core",
    "rihai.geo",
    "rihai.accounts",
    "rihai.audit",
    "rihai.cases",
    "rihai.portal",
    "rihai.justice",
    "rihai.referrals",
    "rihai.screening",
    "rihai.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Refuse an oversized body before anything reads it; JSON 500s on the API.
    "rihai.core.errors.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "rihai.core.sessions.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "rihai.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "rihai.core.middleware.RequestContextMiddleware",
    # Inside the request context, after authentication: counts refused record requests.
    "rihai.audit.middleware.DenialAuditMiddleware",
    # Axes last: it must see the outcome of authentication to count failures.
    "axes.middleware.AxesMiddleware",
    # Innermost: a database timeout in a view becomes a retryable 503, not a 500.
    "rihai.ops.busy.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "rihai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "rihai.core.context_processors.navigation",
            ],
        },
    }
]

# SQLite is the embedded default; PostgreSQL is chosen by DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'rihai.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions: the audit chain reads its head then appends; a deferred
    # transaction would fail to upgrade its lock under concurrent writers.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections, checked before reuse; no lock wait or statement runs unbounded
    # (a wait past the limit is an error the caller can retry, not a hung worker).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options",
        "-c lock_timeout={} -c statement_timeout={}".format(
            env.int("DATABASE_LOCK_TIMEOUT_MS", default=5000),
            env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=30000),
        ),
    )
# A request cut off by those timeouts answers 503 with this Retry-After (rihai/ops/busy.py).
RIHAI_BUSY_RETRY_AFTER_SECONDS = env.int("RIHAI_BUSY_RETRY_AFTER_SECONDS", default=2)
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
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: idle expiry after 30 minutes, gone when the browser closes. The expiry is renewed
# at most once a minute (rihai/core/sessions.py), not by a database write on every request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Lockout: five failures for one username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# A typed username that names no account is kept only as a keyed hash (rihai/accounts/lockout.py).
AXES_USERNAME_CALLABLE = "rihai.accounts.lockout.lockout_username"

# Two-factor sign-in: roles say whether they need it; this switch lets the laptop demo
# run without an authenticator app. Production forces it on.
RIHAI_ENFORCE_MFA = env.bool("RIHAI_ENFORCE_MFA", default=True)
OTP_TOTP_ISSUER = "Rihai"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ur", _("Urdu"))]
# ISO dates (2026-12-02) in both languages: config/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["config.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Karachi"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Personal data: Fernet keys (first encrypts, all decrypt) and HMAC keys for blind indexes
# (first computes new indexes, all are searched). Kept apart from SECRET_KEY so each can rotate.
FIELD_ENCRYPTION_KEYS: list[str] = env.list("FIELD_ENCRYPTION_KEYS", default=[])
BLIND_INDEX_KEYS: list[str] = env.list("BLIND_INDEX_KEYS", default=[])

# The audit chain (docs/security.md). HMAC keys for the chain: the first signs new rows, all
# verify (each row names its key), so a key rotates by putting the new one first.
AUDIT_CHAIN_KEYS: list[str] = env.list("AUDIT_CHAIN_KEYS", default=[])
# Rows up to this id may be unkeyed SHA-256 rows written before the chain was keyed; set it
# once, on upgrade, to the last such row (audit_verify names it). 0: none may be unkeyed.
AUDIT_CHAIN_LEGACY_UNTIL = env.int("AUDIT_CHAIN_LEGACY_UNTIL", default=0)
# Ed25519 keys (32 bytes, URL-safe base64) signing checkpoints: the first signs, all verify;
# public-only keys verify checkpoints where the private key is not kept.
AUDIT_CHECKPOINT_KEYS: list[str] = env.list("AUDIT_CHECKPOINT_KEYS", default=[])
AUDIT_CHECKPOINT_PUBLIC_KEYS: list[str] = env.list("AUDIT_CHECKPOINT_PUBLIC_KEYS", default=[])
# Where checkpoints are appended: a directory the database (and its users) cannot write.
AUDIT_CHECKPOINT_DIR = env.path(
    "AUDIT_CHECKPOINT_DIR", default=BASE_DIR / "var" / "audit-checkpoints"
)
# Also anchor every N-th row as it commits (0: only the periodic audit_checkpoint command).
AUDIT_CHECKPOINT_EVERY = env.int("AUDIT_CHECKPOINT_EVERY", default=1000)
# Views of personal data go to an unchained journal first (rihai/audit/journal.py), so reads
# never queue on the chain's head lock. When to seal them into the chain: "commit" right after
# the read commits (no worker, the laptop), "worker" by Celery (production), "now" inside the
# reading transaction (the test suite only: its transactions never commit).
AUDIT_JOURNAL_SEAL = env.str("AUDIT_JOURNAL_SEAL", default="")
# A web process asks a worker to seal at most this often (beat also seals every few seconds).
AUDIT_JOURNAL_ENQUEUE_EVERY_SECONDS = env.float("AUDIT_JOURNAL_ENQUEUE_EVERY_SECONDS", default=2)
# audit_verify, /readyz and /metrics name views waiting longer than this to be sealed.
AUDIT_JOURNAL_MAX_UNSEALED_SECONDS = env.int("AUDIT_JOURNAL_MAX_UNSEALED_SECONDS", default=300)
# Refused requests: sample ids kept per user, kind of record and minute.
AUDIT_DENIAL_SAMPLE_IDS = env.int("AUDIT_DENIAL_SAMPLE_IDS", default=10)
# The "unusual activity" page lists users at or above either threshold in the chosen window.
AUDIT_UNUSUAL_DENIALS = env.int("AUDIT_UNUSUAL_DENIALS", default=20)
AUDIT_UNUSUAL_PERSONAL_DATA_VIEWS = env.int("AUDIT_UNUSUAL_PERSONAL_DATA_VIEWS", default=300)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    # JSON with a depth limit (rihai.core.json_input); the form parsers are DRF's defaults.
    "DEFAULT_PARSER_CLASSES": [
        "rihai.core.json_input.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "rihai.core.api_errors.rihai_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "2000/hour"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rihai API",
    "DESCRIPTION": "Case management, referral and screening against human trafficking.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "rihai.cases.choices.CaseStatus",
        "AdReviewStatusEnum": "rihai.screening.models.ads.ReviewStatus",
        "SuspectLinkDecisionEnum": "rihai.justice.choices.LinkDecision",
        "RecruiterRoleEnum": "rihai.cases.models.recruiters.RecruiterRole",
        "StatusChangeDecisionEnum": "rihai.cases.models.cases.StatusChange.Decision",
        # referrals: one name per choice set, whatever the field is called
        "ReferralStatusEnum": "rihai.referrals.choices.ReferralStatus",
        "TransferStatusEnum": "rihai.referrals.choices.TransferStatus",
        "ServiceTypeEnum": "rihai.referrals.choices.ServiceType",
        "DeclineReasonEnum": "rihai.referrals.choices.DeclineReason",
        "DischargeReasonEnum": "rihai.referrals.choices.DischargeReason",
        "BedTypeEnum": "rihai.referrals.choices.BedType",
        "ProviderKindEnum": "rihai.referrals.choices.ProviderKind",
        "SharedFieldEnum": "rihai.referrals.choices.SharedField",
        "ReferralLanguageEnum": "rihai.referrals.choices.Language",
        "LegalBasisEnum": "rihai.cases.consent_gate.LegalBasis",
        "PlanItemKindEnum": "rihai.referrals.choices.PlanItemKind",
        "PlanItemStatusEnum": "rihai.referrals.choices.PlanItemStatus",
        "NoteKindEnum": "rihai.cases.casework.choices.NoteKind",
        "FlagKindEnum": "rihai.cases.casework.choices.FlagKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "rihai.core.openapi_errors.add_shared_errors",
    ],
}

# Content Security Policy: no inline script, no third-party origin (htmx ships with django-htmx).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Background work (config/celery.py). With no broker configured the tasks run eagerly, in the
# process that asks for them: the laptop default needs no Redis. Production sets
# CELERY_BROKER_URL (Redis) and runs workers; a task is acknowledged only after it finished
# and re-queued if its worker dies, so a lost worker loses no job.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL.startswith("memory://")
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis gone: a web process that publishes a task retries for ~15 s before the request fails
# with an error (workers reconnect with Celery's own backoff, 100 tries, then systemd restarts).
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 6,
    "interval_start": 0.5,
    "interval_step": 1,
    "interval_max": 4,
}
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="rihai")
AUDIT_JOURNAL_SEAL = AUDIT_JOURNAL_SEAL or ("commit" if CELERY_TASK_ALWAYS_EAGER else "worker")
if AUDIT_JOURNAL_SEAL not in {"now", "commit", "worker"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured('AUDIT_JOURNAL_SEAL must be "now", "commit" or "worker".')

# A refused form (missing or foreign CSRF token) gets a bilingual page saying what to do.
CSRF_FAILURE_VIEW = "rihai.core.errors.csrf_failure"

# One size cap for every request body (uploads included), checked before the body is read.
RIHAI_MAX_REQUEST_BYTES = env.int("RIHAI_MAX_REQUEST_BYTES", default=20 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "rihai.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# A shared cache (throttles, rate limits) across processes when REDIS_CACHE_URL is set;
# the laptop default keeps it in the process.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_CACHE_URL"),
        }
        if env("REDIS_CACHE_URL", default="")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# With a shared cache, sessions are read from it and written through to PostgreSQL (a restart
# of Redis signs nobody out); without one, from the database.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if env("REDIS_CACHE_URL", default="")
    else "django.contrib.sessions.backends.db"
)

# --- Operations (rihai/ops, docs/operations.md lists every setting) -------------------------
# Each value is checked here: a malformed one stops start-up with a message naming it.
from rihai.ops import config as _ops  # noqa: E402 - reads the environment only, no models

# Backups: sealed with BACKUP_ENCRYPTION_KEY (32 bytes, URL-safe base64), manifest signed with
# BACKUP_SIGNING_KEY. Only the backup and restore commands need them, and refuse without them.
BACKUP_ENCRYPTION_KEY = _ops.backup_encryption_key(env)
BACKUP_SIGNING_KEY = _ops.min_length_secret(env, "BACKUP_SIGNING_KEY")
# Sessions are not backed up: after a restore everyone signs in again.
BACKUP_EXCLUDE_MODELS = env.list("BACKUP_EXCLUDE_MODELS", default=["sessions.Session"])
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# /metrics: a bearer token or client addresses may read it; with neither it answers 404.
METRICS_TOKEN = _ops.min_length_secret(env, "METRICS_TOKEN", minimum=16)
METRICS_ALLOWED_IPS: list[str] = _ops.ip_list(env, "METRICS_ALLOWED_IPS")
# /readyz answers 503 when less than this many megabytes are free for uploads and var/.
READYZ_MIN_FREE_MB = _ops.positive_int(env, "READYZ_MIN_FREE_MB", 500)
# Retention: days each record type is kept before `manage.py purge` anonymises or deletes
# it, overriding the apps' declared defaults ("cases.person=3650,..."; docs/operations.md).
RETENTION_DAYS: dict[str, int] = _ops.retention_days(env)
# Logs: "json" (one object per line, production) or "plain"; both carry the request id.
LOG_FORMAT = _ops.choice(env, "LOG_FORMAT", _ops.LOG_FORMATS, "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "rihai.ops.logs.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "filters": {"request_context": {"()": "rihai.ops.logs.RequestContextFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
# Metrics first, so every answer (even one a later middleware gives) is counted and timed;
# the request-id middleware just inside the one that sets the request's context.
MIDDLEWARE = ["rihai.ops.metrics.MetricsMiddleware", *MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("rihai.core.middleware.RequestContextMiddleware") + 1,
    "rihai.ops.logs.RequestIdMiddleware",
)
# The audit chain is verified every night by a worker (celery beat schedules it).
CELERY_BEAT_SCHEDULE = {
    "verify-audit-chain": {
        "task": "rihai.ops.verify_audit_chain",
        "schedule": 24 * 60 * 60,
    },
    # Views of personal data wait in the journal until this seals them into the chain.
    "seal-audit-journal": {"task": "rihai.audit.seal_journal", "schedule": 5},
    # Supervisors read it at the start of the day: 07:00 in TIME_ZONE (Asia/Karachi).
    # Ads citing an OEP licence that expired by date (no import) are flagged: 00:15 local.
    "screening-licence-expiry": {
        "task": "rihai.screening.expire_licences",
        "schedule": crontab(hour=0, minute=15),
    },
    "referral-daily-digest": {
        "task": "rihai.referrals.daily_digest",
        "schedule": crontab(hour=7, minute=0),
    },
}
CELERY_TIMEZONE = TIME_ZONE
# Where staff open Rihai: the links in e-mails (referral notices, the daily digest) start here.
RIHAI_SITE_URL = env("RIHAI_SITE_URL", default="http://127.0.0.1:8000")
# Workers log through LOGGING above (JSON in production), not Celery's own root handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The referrals incoming-list index carries extra columns (INCLUDE) on PostgreSQL; SQLite, the
# laptop's database, ignores them and Django warns on every command. Nothing to act on there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
