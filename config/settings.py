"""One settings module: every difference between environments comes from environment variables."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or os.environ.get("DJANGO_TESTING"):
        SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105
    else:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for development).")

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "govuk_frontend_django",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "ninja",  # its Swagger UI files, served from here rather than a CDN
    "innovation_fund.core",
    "innovation_fund.accounts",
    "innovation_fund.places",
    "innovation_fund.organisations",
    "innovation_fund.programmes",
    "innovation_fund.innovations",
    "innovation_fund.grants",
    "innovation_fund.evidence",
    "innovation_fund.spread",
    "innovation_fund.insights",
    "innovation_fund.applications",
    "innovation_fund.assessment",
    "innovation_fund.opendata",
    "innovation_fund.otherfunders",
    "innovation_fund.public",
    "innovation_fund.api",
    "innovation_fund.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "innovation_fund.accounts.middleware.end_old_sessions",
    "django.contrib.messages.middleware.MessageMiddleware",
    "innovation_fund.organisations.middleware.acting_for_organisation",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "innovation_fund.core.context_processors.service",
                "innovation_fund.organisations.context_processors.acting_for",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite by default so `make run` needs nothing installed; PostgreSQL when DATABASE_URL is set.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# People sign in with a one-time link sent by email (decision 0006); nobody has a password.
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "accounts:home"
SIGN_IN_LINK_MINUTES = int(os.environ.get("SIGN_IN_LINK_MINUTES", "30"))
# A session ends after 2 hours without a request, and 8 hours after signing in whatever happens.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(2 * 60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_MAX_SECONDS = int(os.environ.get("SESSION_MAX_SECONDS", str(8 * 60 * 60)))
# The public address used in links inside emails.
SERVICE_BASE_URL = os.environ.get("SERVICE_BASE_URL", "http://127.0.0.1:8000")

# Sign in with GOV.UK One Login or DfE Sign-in (OpenID Connect, decision 0027): offered when
# OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_PRIVATE_KEY_PATH are set. The email link stays on unless
# SIGN_IN_BY_EMAIL_LINK=false. The provider must know {SERVICE_BASE_URL}/sign-in/oidc/callback/.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "")  # exactly as the provider writes it
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_PRIVATE_KEY_PATH = os.environ.get("OIDC_PRIVATE_KEY_PATH", "")  # PEM, RSA or EC
OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid email")
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "GOV.UK One Login")
OIDC_CLOCK_LEEWAY_SECONDS = int(os.environ.get("OIDC_CLOCK_LEEWAY_SECONDS", "30"))
OIDC_TIMEOUT_SECONDS = int(os.environ.get("OIDC_TIMEOUT_SECONDS", "10"))
SIGN_IN_BY_EMAIL_LINK = env_flag("SIGN_IN_BY_EMAIL_LINK", True)

# Background work (emails, exports) runs outside the request through Django's tasks framework.
# "database" queues tasks for `manage.py db_worker`; "immediate" runs them at once (tests).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_DEFAULT_TASK_BACKEND = "immediate" if os.environ.get("DJANGO_TESTING") else "database"
# /health/ answers 503 once a background task has waited longer than this for the worker.
HEALTH_MAX_TASK_WAIT_SECONDS = int(os.environ.get("HEALTH_MAX_TASK_WAIT_SECONDS", "600"))
TASKS = {
    "default": {"BACKEND": _TASK_BACKENDS[os.environ.get("TASK_BACKEND", _DEFAULT_TASK_BACKEND)]}
}

# The cache holds the rate limits' counts: a table in the database by default (made by
# `manage.py createcachetable`), Redis when REDIS_URL is set (pip install '.[redis]').
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }


# Rate limits (innovation_fund/core/rate_limits.py): (uses, seconds) per window, each
# overridable as RATE_LIMIT_<NAME>="uses/seconds". Sign-in links are also limited to 5 an hour
# per email address (accounts/services.py).
def _rate_limit(name: str, uses: int, seconds: int) -> tuple[int, int]:
    overridden = os.environ.get(f"RATE_LIMIT_{name.upper()}")
    if overridden:
        uses, seconds = (int(part) for part in overridden.split("/"))
    return uses, seconds


RATE_LIMITS = {
    "sign_in_links_per_client": _rate_limit("sign_in_links_per_client", 10, 15 * 60),
    "invitations_per_person": _rate_limit("invitations_per_person", 30, 60 * 60),
}
# How many proxies in front of the service append the client's address to X-Forwarded-For.
# 0 (the default) takes the address from the connection itself and ignores the header.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Email goes through one small interface (innovation_fund.core.notifications): GOV.UK Notify in
# production, printed to the console in development, kept in memory by the tests.
NOTIFICATIONS_BACKEND = os.environ.get(
    "NOTIFICATIONS_BACKEND", "fake" if os.environ.get("DJANGO_TESTING") else "console"
)
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
# GOV.UK Notify template ids, one per kind of email: NOTIFY_TEMPLATE_SIGN_IN_LINK and so on.
NOTIFY_TEMPLATE_IDS = {
    key.removeprefix("NOTIFY_TEMPLATE_").lower(): value
    for key, value in os.environ.items()
    if key.startswith("NOTIFY_TEMPLATE_")
}

# Uploaded documents are private: kept outside the static and media URLs, served only through
# views that check who is asking.
PRIVATE_STORAGE_ROOT = Path(os.environ.get("PRIVATE_STORAGE_ROOT", BASE_DIR / "private-files"))
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    ("govuk-frontend", BASE_DIR / "node_modules" / "govuk-frontend"),
    BASE_DIR / "build" / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_STORAGE_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or os.environ.get("DJANGO_TESTING")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Serve straight from the finders in development and tests, so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Where the real data lives: ../shared/data beside the repository unless told otherwise.
SHARED_DATA_DIR = Path(os.environ.get("SHARED_DATA_DIR", BASE_DIR.parent / "shared" / "data"))

SERVICE_NAME = "Children's Social Care Innovation Programme"
SERVICE_PHASE = "Beta"

# Security headers and HTTPS (decision 0025). In production the service runs behind a proxy
# that ends TLS and sets X-Forwarded-Proto (it must overwrite any value the client sent).
_PRODUCTION = not DEBUG and not os.environ.get("DJANGO_TESTING")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", _PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers check health over plain HTTP
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 60 * 60 if _PRODUCTION else 0))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", True)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_flag("DJANGO_SECURE_COOKIES", _PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts, styles and everything else only from the service itself; the one inline script (GOV.UK
# Frontend's js-enabled snippet in base.html) carries the response's nonce. No 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Open data in the 360Giving Data Standard. Grant ids start with this publisher prefix, which
# must be registered with 360Giving ("360G-" and the publisher's own code).
OPENDATA_GRANT_ID_PREFIX = os.environ.get("OPENDATA_GRANT_ID_PREFIX", "360G-cscip-")
OPENDATA_STANDARD_DIR = SHARED_DATA_DIR / "360giving"
# Other funders' 360Giving files a programme manager may import (the real government file is 1 MB
# as a spreadsheet, 6 MB as JSON).
OTHERFUNDERS_MAX_UPLOAD_BYTES = int(
    os.environ.get("OTHERFUNDERS_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024))
)
# The memory a check of one uploaded file may take beyond the worker's own: the check runs in a
# child process capped at this, so a file built to exhaust memory fails only its own check
# (otherfunders/check_process.py). A real spreadsheet of 50,000 grants in 22 columns took 1.3 GB.
OTHERFUNDERS_CHECK_MEMORY_LIMIT_BYTES = int(
    os.environ.get("OTHERFUNDERS_CHECK_MEMORY_LIMIT_BYTES", str(3 * 1024 * 1024 * 1024))
)
# Keep each imported file's upload as it came (the grants keep their data either way): off by
# default, so storage does not grow with every import (otherfunders/retention.py).
OTHERFUNDERS_KEEP_ORIGINALS = env_flag("OTHERFUNDERS_KEEP_ORIGINALS")
# A check or import not finished this long after it was queued or a worker started it is given up
# for lost (the worker died) and the file can be checked or imported again from its page
# (otherfunders/leases.py). The longest legitimate one measured, 93,000 grants, takes about a
# minute; the lease is not renewed while the work runs (an import is one transaction).
OTHERFUNDERS_TASK_LEASE_SECONDS = int(os.environ.get("OTHERFUNDERS_TASK_LEASE_SECONDS", "600"))
# An announced decision's letter not written this long after the announcement is asked for again
# by `manage.py write_overdue_letters` (grants/overdue_letters.py); a letter takes about a second.
GRANTS_LETTER_OVERDUE_SECONDS = int(os.environ.get("GRANTS_LETTER_OVERDUE_SECONDS", "1800"))
