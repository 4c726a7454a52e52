"""Settings shared by every environment. Secrets and hosts come from the environment."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

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
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "iro.core",
    "iro.accounts",
    "iro.audit",
    "iro.web",
    "iro.caseloads",
    "iro.children",
    "iro.reviews",
    "iro.monitoring",
    "iro.disputes",
    "iro.voice",
    "iro.conferences",
    "iro.fostering",
    "iro.orders",
    "iro.childpage",
    "iro.independence",
    "iro.reporting",
    "iro.ssda903",
    "iro.cin",
    "iro.notifications",
    "iro.api",
    "iro.operations",
    "iro.seeding",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "iro.audit.middleware.RequestIdMiddleware",
    "iro.operations.logs.RequestLogMiddleware",
    "iro.core.middleware.CouncilMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "iro.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "iro.accounts.middleware.TwoFactorMiddleware",
    "iro.accounts.access.AccessMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        # Product pages: Jinja2 with the GOV.UK Frontend macros.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "config.jinja2.environment",
            "context_processors": ["iro.web.context_processors.page"],
        },
    },
    {
        # Django's admin keeps its own templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
# Several people on `make run` (SQLite): readers never wait for a writer (WAL), a writer waits
# up to 20 s for another (timeout) and takes the write lock when its transaction begins
# (IMMEDIATE), so a read-then-write transaction cannot fail at once with "database is locked".
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the scorecard's aggregates (many FILTER clauses over a few thousand
    # rows) are costed high enough to be compiled on every request, and compiling took longer
    # than running them (profiled: 190 ms of JIT for a 80 ms query; docs/performance.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Sign-in throttling and lockout (django-axes): the standalone backend goes first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
# Counted separately (iro.accounts.throttling): a username locks after 5 failures from anywhere
# and with any browser string; an address after SIGN_IN_ADDRESS_FAILURE_LIMIT failures across
# usernames (higher, as a whole council office shares one address).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "iro.accounts.throttling.AccountAndAddressHandler"
SIGN_IN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_ADDRESS_FAILURE_LIMIT", "30"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "iro.accounts.views.locked_out"
AXES_VERBOSE = False

# Two-factor sign-in with an authenticator app (TOTP). Required for every member of staff in
# production (config.settings.production); off by default elsewhere.
OTP_REQUIRED = env_bool("OTP_REQUIRED", False)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "IRO Oversight")
# The enrolment codes (iro.accounts.services.enrolment_code_send) go through Django's mail.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "iro-oversight@localhost")

# Optional single sign-on through OpenID Connect (e.g. Microsoft Entra ID): switched on only when
# the council's identity provider is configured in the environment. Only existing accounts (matched
# by email) may sign in this way; roles are still given here.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
    OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
    OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid email profile"
    OIDC_CREATE_USER = False
    OIDC_USE_PKCE = True
    LOGIN_REDIRECT_URL_FAILURE = "/sign-in"
    OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
    AUTHENTICATION_BACKENDS.append("iro.accounts.oidc.CouncilOIDCBackend")
# The council's identity provider already asks for a second factor.
OIDC_SATISFIES_TWO_FACTOR = env_bool("OIDC_SATISFIES_TWO_FACTOR", True)

LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:sign_in"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static_build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the build folder too, so `make run` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# verify_audit appends the audit chain's head to this file (somewhere the application's own
# database account cannot rewrite: another server, a write-once share) and compares the trail
# with the last head there; it also always logs it to the "iro.audit.head" logger.
AUDIT_HEAD_FILE = os.environ.get("AUDIT_HEAD_FILE", "")

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(30 * 60)))
# However active, a sign-in ends after this long (iro.accounts.middleware.SessionLifetimeMiddleware).
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12")))
# Demo data (load_demo: made-up children, one password for every account) only where allowed;
# config.settings.production never allows it.
DEMO_DATA_ALLOWED = env_bool("DEMO_DATA_ALLOWED", False)
# An online feedback link stops working this many days after it is made.
FEEDBACK_LINK_LIFETIME_DAYS = int(os.environ.get("FEEDBACK_LINK_LIFETIME_DAYS", "60"))
SESSION_SAVE_EVERY_REQUEST = True  # inactivity timeout rather than a fixed lifetime
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# No inline script or style: the one inline script of the GOV.UK template carries a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
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

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Notifications (docs/operations.md): "email" (Django's e-mail settings) or "notify" (GOV.UK Notify).
NOTIFICATIONS_CHANNEL = os.environ.get("NOTIFICATIONS_CHANNEL", "email")
NOTIFICATIONS_ALLOWED_DOMAINS = env_list("NOTIFICATIONS_ALLOWED_DOMAINS", "")
NOTIFICATIONS_FROM_EMAIL = os.environ.get("NOTIFICATIONS_FROM_EMAIL", "iro-oversight@localhost")
NOTIFICATIONS_BASE_URL = os.environ.get("NOTIFICATIONS_BASE_URL", "http://127.0.0.1:8000")
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_TEMPLATE_ID = os.environ.get("NOTIFY_TEMPLATE_ID", "")
# Optional per-kind Notify templates: "review_overdue=<id>,dispute_escalated=<id>".
NOTIFY_TEMPLATE_IDS = dict(
    item.split("=", 1) for item in env_list("NOTIFY_TEMPLATE_IDS", "") if "=" in item
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# Calls an API client may make in a minute (docs/api.md).
API_RATE_LIMIT_PER_MINUTE = int(os.environ.get("API_RATE_LIMIT_PER_MINUTE", "600"))

# The status page and /healthz call the worker stopped when its heartbeat is older than this.
WORKER_STALE_MINUTES = int(os.environ.get("WORKER_STALE_MINUTES", "10"))

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# 903 uploads (iro.ssda903.uploads): per file and in total as received, and each file once
# unpacked; the check of an upload stops after SSDA903_CHECK_TIME_LIMIT_SECONDS.
SSDA903_UPLOAD_MAX_FILE_BYTES = int(os.environ.get("SSDA903_UPLOAD_MAX_FILE_BYTES", 50 << 20))
SSDA903_UPLOAD_MAX_TOTAL_BYTES = int(os.environ.get("SSDA903_UPLOAD_MAX_TOTAL_BYTES", 200 << 20))
SSDA903_UPLOAD_MAX_UNPACKED_BYTES = int(
    os.environ.get("SSDA903_UPLOAD_MAX_UNPACKED_BYTES", 500 << 20)
)
SSDA903_UPLOAD_MAX_LINES = int(os.environ.get("SSDA903_UPLOAD_MAX_LINES", 2_000_000))
SSDA903_CHECK_TIME_LIMIT_SECONDS = int(os.environ.get("SSDA903_CHECK_TIME_LIMIT_SECONDS", 900))

# Where the synthetic 903 returns live (beside the checkout); used by demo and benchmark data.
SSDA903_SAMPLE_DIR = Path(
    os.environ.get("SSDA903_SAMPLE_DIR", BASE_DIR.parent / "shared" / "data" / "ssda903")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "iro.operations.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "iro.operations.logs.ServiceJsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # One line per request and per task (docs/operations.md, "Logs").
        "iro.request": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")},
        "iro.task": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")},
        "iro.operations": {"level": "INFO"},
        # The audit chain's published head (verify_audit): always logged, whatever LOG_LEVEL is.
        "iro.audit.head": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
