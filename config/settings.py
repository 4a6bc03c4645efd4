"""Stegvis settings, read from the environment.

Runs with no environment at all: SQLite file under var/, debug off unless asked.
Every setting is documented in docs/settings.md (a test checks that).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("STEGVIS_DEBUG", False)
# A fixed key is only acceptable for the local demo; production must set its own.
SECRET_KEY = env_str("STEGVIS_SECRET_KEY", "insecure-local-demo-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env_list("STEGVIS_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("STEGVIS_CSRF_TRUSTED_ORIGINS", [])

# Production hardening; STEGVIS_SECURE=1 turns on everything `check --deploy` asks for.
SECURE = env_bool("STEGVIS_SECURE", False)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31_536_000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("STEGVIS_SESSION_AGE", 8 * 3600, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "stegvis.core",
    "stegvis.accounts",
    "stegvis.projects",
    "stegvis.participants",
    "stegvis.plans",
    "stegvis.activities",
    "stegvis.journal",
    "stegvis.teamwork",
    "stegvis.assessments",
    "stegvis.surveys",
    "stegvis.reports",
    "stegvis.audit",
    "stegvis.api",
    "stegvis.privacy",
    "stegvis.jobs",
    "stegvis.imports",
    "stegvis.analysis",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "stegvis.core.middleware.SecurityHeadersMiddleware",
    "stegvis.core.middleware.NoStoreForAuthenticatedMiddleware",
    "stegvis.accounts.middleware.SessionTimeoutMiddleware",
    "stegvis.accounts.middleware.SecondFactorMiddleware",
    "stegvis.accounts.middleware.RefusedAccessMiddleware",
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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATA_DIR = Path(env_str("STEGVIS_DATA_DIR", str(BASE_DIR / "var")))
# The SQLite file and collected static files live here; create it so a fresh clone just runs.
(DATA_DIR / "static").mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'stegvis.sqlite3'}",
        conn_max_age=env_int("STEGVIS_DB_CONN_MAX_AGE", 0, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Second factor (TOTP with recovery codes). Only the local demo may switch it off, and then
# its login page says so; a user who has set it up is still asked for it.
REQUIRE_2FA = env_bool("STEGVIS_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Stegvis"
# Idle and absolute session limits, enforced by stegvis.accounts.middleware.
SESSION_IDLE_MINUTES = env_int("STEGVIS_SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_MAX_HOURS = env_int("STEGVIS_SESSION_MAX_HOURS", 10, minimum=1)
# Password-reset mail: the console in debug, SMTP otherwise.
EMAIL_BACKEND = env_str(
    "STEGVIS_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("STEGVIS_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("STEGVIS_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("STEGVIS_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("STEGVIS_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("STEGVIS_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("STEGVIS_EMAIL_FROM", "stegvis@localhost")
PASSWORD_RESET_TIMEOUT = 3600

# Optional single sign-on through the organisation's OpenID Connect provider: on only
# when the client id is set. Users are matched by e-mail to existing active accounts.
OIDC_ENABLED = bool(env_str("STEGVIS_OIDC_CLIENT_ID"))
OIDC_COUNTS_AS_2FA = env_bool("STEGVIS_OIDC_COUNTS_AS_2FA", False)
if OIDC_ENABLED:
    OIDC_RP_CLIENT_ID = env_str("STEGVIS_OIDC_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("STEGVIS_OIDC_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("STEGVIS_OIDC_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("STEGVIS_OIDC_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("STEGVIS_OIDC_USERINFO_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("STEGVIS_OIDC_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = env_str("STEGVIS_OIDC_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid email"
    OIDC_CREATE_USER = False
    OIDC_USE_PKCE = True
    LOGIN_REDIRECT_URL_FAILURE = "/konto/logga-in/?sso=fel"
    AUTHENTICATION_BACKENDS.append("stegvis.accounts.oidc.StegvisOIDCBackend")

# Login throttling (django-axes): lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("STEGVIS_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("STEGVIS_LOGIN_THROTTLING", True)

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("STEGVIS_MANIFEST_STATIC", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

# Small counts: cells below this are suppressed for roles without participant-level access.
SMALL_COUNT_THRESHOLD = env_int("STEGVIS_SMALL_COUNT_THRESHOLD", 5, minimum=3)

# Privacy: default retention after a project's end, and the access-log review's burst flag.
RETENTION_YEARS = env_int("STEGVIS_RETENTION_YEARS", 10, minimum=1)
REVIEW_BURST_PERSONS = env_int("STEGVIS_REVIEW_BURST_PERSONS", 20, minimum=2)
REVIEW_BURST_MINUTES = env_int("STEGVIS_REVIEW_BURST_MINUTES", 10, minimum=1)
# Background jobs (stegvis.jobs): "thread" runs them in the web process (demo), "immediate" inline.
_TASK_BACKENDS = {
    "thread": "stegvis.jobs.backends.ThreadBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = env_str("STEGVIS_TASKS_BACKEND", "thread")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"STEGVIS_TASKS_BACKEND must be thread or immediate, got {_task_backend!r}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend]}}
# Uploads and job results: never under STATIC_ROOT, only handed out by views that check access.
PRIVATE_DATA_DIR = DATA_DIR / "private"
JOB_RESULT_HOURS = env_int("STEGVIS_JOB_RESULT_HOURS", 24, minimum=1)
# Imports from Excel/CSV: upload size and row limits (the zip and XML limits live in stegvis/imports/reading.py).
IMPORT_MAX_BYTES = env_int("STEGVIS_IMPORT_MAX_MB", 10, minimum=1) * 1024 * 1024
IMPORT_MAX_ROWS = env_int("STEGVIS_IMPORT_MAX_ROWS", 5000, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("STEGVIS_LOG_LEVEL", "WARNING")},
}
