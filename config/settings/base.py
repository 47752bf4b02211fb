"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    # The admin behind the product's sign-in and second factor (accounts/admin_site.py).
    "accounts.admin_apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Recovery codes: one-use codes for a user without their authenticator app.
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "common",
    "jobs",
    "audit",
    "accounts",
    "catalogue",
    "candidates",
    "claims",
    "moderation",
    "verification",
    "certificates",
    "results",
    "reviews",
    "notifications",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.CurrentCentreMiddleware",
    "common.middleware.DomainErrorMiddleware",
    "common.middleware.MethodNotAllowedMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# Seconds a connection is kept between requests: none here; the production settings keep them.
_conn_max_age = int(os.environ.get("CONN_MAX_AGE", "0"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=_conn_max_age,
    )
}
# Behind PgBouncer in transaction-pooling mode, server-side cursors cannot be used.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DB_DISABLE_SERVER_SIDE_CURSORS")
# A PostgreSQL read replica (streaming replication of the primary) for reports and the API's
# heavy lists: the views marked with common.replica.reads_from_replica read from it.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=_conn_max_age,
    )
    DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASES["default"][
        "DISABLE_SERVER_SIDE_CURSORS"
    ]
    # Tests read the replica's alias through the primary's connection.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["common.replica.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Waiting for a lock beats failing at once when the web server and the worker write together.
    # SQLite waits (up to `timeout` seconds) only for a transaction that asks for the write lock
    # when it begins: one that begins by reading and then writes fails at once with "database
    # is locked" if another has written meanwhile. So every transaction begins IMMEDIATE.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses sign-in while an email address and IP are locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

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

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Idle timeout: the session ends after this long without a request. A signed-in user's requests
# renew it at most once a minute (accounts.middleware.SessionLimitsMiddleware), not on every
# request, which would write to the database on every page.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = False
# Absolute timeout: however active, a session ends this long after sign-in.
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", str(10 * 60 * 60)))

# Sign-in protection (django-axes): after 5 failures for one email address from one IP address,
# sign-in is refused for 30 minutes. The page says so without saying whether the account exists.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"

# Two-factor authentication (TOTP, django-otp): required for the awarding body's roles,
# optional for centre users.
OTP_REQUIRED_FOR_AWARDING_BODY = env_bool("OTP_REQUIRED_FOR_AWARDING_BODY", True)
OTP_TOTP_ISSUER = "CertClaims"

# Content Security Policy: no inline script or style, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Every email is a row of the outbox (which users read), written with the change it reports;
# a task delivers it through EMAIL_BACKEND. The default delivers nowhere (the demo, a laptop);
# production names `notifications.backends.SMTPEmailBackend` and the relay below.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "notifications.backends.OutboxEmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "certclaims@awarding.test")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
# Seconds a delivery waits on the mail server before the try counts as failed.
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "10"))
# After a try that failed for a reason that may pass (a 4xx reply, no connection, a timeout),
# wait this long before the next; when the list is used up the email is failed (operations can
# retry it). A permanent refusal (5xx) fails it at once. 1, 5 and 30 minutes, then hourly for a
# day: 28 tries.
OUTBOX_RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 30)] + [timedelta(hours=1)] * 24
# A worker's claim on the email it is sending lasts this long (seconds): far longer than any
# conversation with the mail server, so that only a worker that died leaves an email Sending past
# it; the email is then due again.
OUTBOX_SENDING_SECONDS = float(os.environ.get("OUTBOX_SENDING_SECONDS", "300"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Long jobs (imports, results processing, the reminder checks) hold a lease that their worker
# renews every third of its length; a job whose lease runs out is taken over by the sweep in the
# scheduled tick, which runs every REMINDER_CHECK_INTERVAL_SECONDS. A job taken JOB_MAX_ATTEMPTS
# times without finishing fails, with a "Try again" button. See jobs/leases.py.
JOB_LEASE_SECONDS = float(os.environ.get("JOB_LEASE_SECONDS", "60"))
JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", "3"))
JOB_LEASE_RENEW_IN_BACKGROUND = True
REMINDER_CHECK_INTERVAL_SECONDS = float(os.environ.get("REMINDER_CHECK_INTERVAL_SECONDS", "300"))
# The periodic jobs the scheduled tick (jobs/tasks.py) queues every
# REMINDER_CHECK_INTERVAL_SECONDS, in this order: claims processed now are announced in the same
# round. Leave processing out to process Finalised claims only from operations' page.
SCHEDULED_JOBS = [
    "results.tasks.process_finalised_claims",
    "moderation.tasks.send_due_reminders",
    "results.tasks.send_results_notices",
    "notifications.tasks.send_due_emails",
]

REST_FRAMEWORK = {
    # Personal API tokens for centres' systems; the session too, for the documentation page.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON objects only, no deeper than the bodies go (a deeply nested body is a 400, not 500).
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONObjectParser"],
    # OPTIONS: the methods and media types, and a link to the schema that describes the bodies.
    "DEFAULT_METADATA_CLASS": "api.metadata.SchemaMetadata",
}
# Requests per API token (DRF rate syntax: "120/min", "5000/hour").
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "120/min")
SPECTACULAR_SETTINGS = {
    "TITLE": "CertClaims API",
    "DESCRIPTION": (
        "For centres' management information systems: candidates and entries, claims, "
        "claim history, results and certificates. Send a personal API token as "
        "`Authorization: Bearer <token>`; it acts as its user at the centre it was created "
        "for, with that user's role there. "
        'Errors have the body `{"errors": [{"field", "message", "code"}]}`.'
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # The documentation page's scripts are served from here, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CertificateKindEnum": "certificates.models.CertificateKind",
        "CertificateStatusEnum": "certificates.models.CertificateStatus",
        "StatusEnum": "claims.models.ClaimStatus",
    },
}

# Where links in emails point: unless set, the address this machine serves on (`PORT`, as
# `make run` and gunicorn read it).
SITE_URL = os.environ.get("SITE_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"

# The product speaks of the awarding body by this name wherever the original service says "OCR".
AWARDING_BODY_NAME = os.environ.get("AWARDING_BODY_NAME", "OCR")
# The claim grid shows a graded unit by its grade's letter (P, M, D); off, the seed's plain C.
CLAIM_GRID_GRADE_LETTERS = env_bool("CLAIM_GRID_GRADE_LETTERS", True)
# Results are published this long after a claim is processed.
RESULTS_DELAY = timedelta(hours=float(os.environ.get("RESULTS_DELAY_HOURS", "48")))
# The centre sends the candidate work this long after submitting a claim; past it, the work
# not arrived is flagged and the centre reminded.
EVIDENCE_DUE_AFTER = timedelta(hours=float(os.environ.get("EVIDENCE_DUE_HOURS", "24")))
# A claim still Submitted this long after submission is flagged as overdue.
OVERDUE_AFTER = timedelta(days=float(os.environ.get("OVERDUE_DAYS", "35")))
# A centre may ask for a review of moderation this many days after the claim is finalised.
REVIEW_WINDOW_DAYS = int(os.environ.get("REVIEW_WINDOW_DAYS", "30"))
# Certificate look-ups on /verify/ allowed per client address, in each window (DRF's rate
# format); counted in the cache, like the API's limit.
VERIFY_RATE_LIMITS = [
    rate.strip()
    for rate in os.environ.get("VERIFY_RATE_LIMITS", "10/min,60/day").split(",")
    if rate.strip()
]

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # PDF rendering reports every stylesheet it parses at INFO; only its warnings matter.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
