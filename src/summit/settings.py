"""Settings of the summit project, read from environment variables with safe defaults.

Every value a deployment changes comes from the environment (see docs/deployment.md):

- ``SUMMIT_DATA_DIR``: folder for the SQLite database and the generated secret key
  (default ``./data``, created when missing).
- ``DATABASE_URL``: any URL dj-database-url understands (default SQLite in the data folder,
  in WAL mode with IMMEDIATE transactions and ``SUMMIT_SQLITE_BUSY_TIMEOUT_S`` (30) of
  waiting for a busy database).
- ``SECRET_KEY``: when absent, a key is generated once and kept in ``<data>/secret_key``.
- ``DEBUG`` (``1``/``0``, default off), ``ALLOWED_HOSTS`` (comma-separated).
- ``EMAIL_BACKEND``, ``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``,
  ``EMAIL_HOST_PASSWORD``, ``EMAIL_USE_TLS``, ``DEFAULT_FROM_EMAIL`` (default: console),
  ``EMAIL_FILE_PATH`` (file-based backend; default ``<data dir>/sent-mail``).
- ``SUMMIT_TASK_BACKEND``: ``database`` (default; `python -m summit db_worker` runs tasks),
  ``rq`` (Redis at ``REDIS_URL``; `python -m summit rqworker` runs tasks) or ``immediate``.
- ``SUMMIT_CACHE_URL``: ``locmem://`` (default), ``redis://...`` or ``db://`` — use a shared
  cache when several web processes run, so the authentication guard counts across them.
- ``SUMMIT_LOGIN_FAILURE_LIMIT`` (per account, 5), ``SUMMIT_LOGIN_ADDRESS_FAILURE_LIMIT`` (per
  client address, 20), ``SUMMIT_LOGIN_FAILURE_WINDOW_S`` (900), ``SUMMIT_PASSWORD_RESET_*``:
  the authentication guard (summit.accounts.domain.guard).
- ``SUMMIT_SECURE_COOKIES``, ``SUMMIT_SSL_REDIRECT``, ``SUMMIT_HSTS_SECONDS``,
  ``SUMMIT_BEHIND_HTTPS_PROXY`` (HTTPS in production), ``SUMMIT_BASE_URL`` (links in e-mails).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("SUMMIT_DATA_DIR", "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    from_env = os.environ.get("SECRET_KEY", "").strip()
    if from_env:
        return from_env
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        # Written with owner-only permissions so other local users cannot forge sessions.
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_flag("DEBUG")
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", "")
BASE_URL = os.environ.get("SUMMIT_BASE_URL", "").rstrip("/")

INSTALLED_APPS = [
    "summit.core",
    "summit.accounts",
    "summit.events",
    "summit.organizations",
    "summit.api",
    "summit.matching",
    "summit.meetings",
    "summit.scheduling",
    "summit.lounge",
    "summit.agenda",
    "summit.outcomes",
    "summit.participants",
    "summit.reports",
    # Above the apps whose figures it reads: the command center and reminders to segments.
    "summit.program",
    "summit.archive",
    # Above every other app: it builds the demo summit through their domain functions.
    "summit.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    # django-axes: the authentication guard (see summit.accounts.domain.guard).
    "axes",
    # django-ninja: its bundled Swagger UI files (the API docs must not load a CDN).
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "summit.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "summit.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a lock-out flagged during the request into a 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "summit.urls"
WSGI_APPLICATION = "summit.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "summit.core.context_processors.event_context",
            ],
        },
    },
]

#: Seconds a SQLite connection waits for another's write to finish before giving up.
SQLITE_BUSY_TIMEOUT_S = int(os.environ.get("SUMMIT_SQLITE_BUSY_TIMEOUT_S", "30"))


def _database_config() -> dict[str, object]:
    config: dict[str, object] = dict(
        dj_database_url.config(
            default=f"sqlite:///{DATA_DIR / 'summit.sqlite3'}",
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        )
    )
    if config.get("ENGINE") == "django.db.backends.sqlite3":
        # SQLite as a real default for a laptop event with a few dozen people at once:
        # WAL lets pages read while a write is under way; IMMEDIATE transactions take the
        # write lock when they begin, so two of them queue (up to the busy timeout) instead
        # of one failing at once with "database is locked" when both turn from reading to
        # writing; NORMAL sync is safe with WAL and much faster.
        options = dict(config.get("OPTIONS") or {})
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", SQLITE_BUSY_TIMEOUT_S)
        config["OPTIONS"] = options
    return config


DATABASES = {"default": _database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _cache_config(url: str) -> dict[str, str]:
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url.startswith("db://"):
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "summit_cache",
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


CACHES = {"default": _cache_config(os.environ.get("SUMMIT_CACHE_URL", "locmem://"))}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# The authentication guard (summit.accounts.domain.guard, on django-axes) checks every
# password before Django's own backend does.
AUTHENTICATION_BACKENDS = [
    "summit.accounts.domain.guard.GuardBackend",
    "django.contrib.auth.backends.ModelBackend",
]
#: Failed log-ins allowed per account (from any address) before it is locked.
LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("SUMMIT_LOGIN_FAILURE_LIMIT", "5"))
#: Failed log-ins allowed per client address (any accounts) before it is locked; higher than
#: the account limit because a venue's Wi-Fi puts many honest people behind one address.
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SUMMIT_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
#: A lock lasts this long after the last failure.
LOGIN_FAILURE_WINDOW_S = int(os.environ.get("SUMMIT_LOGIN_FAILURE_WINDOW_S", "900"))
#: Password-reset e-mails: at most this many requests per e-mail address and per client
#: address within the window; more are answered as usual but send nothing.
PASSWORD_RESET_EMAIL_LIMIT = int(os.environ.get("SUMMIT_PASSWORD_RESET_EMAIL_LIMIT", "3"))
PASSWORD_RESET_ADDRESS_LIMIT = int(os.environ.get("SUMMIT_PASSWORD_RESET_ADDRESS_LIMIT", "10"))
PASSWORD_RESET_WINDOW_S = int(os.environ.get("SUMMIT_PASSWORD_RESET_WINDOW_S", "3600"))
AXES_HANDLER = "summit.accounts.domain.guard.LoginGuardHandler"
AXES_LOCKOUT_CALLABLE = "summit.accounts.domain.guard.lockout_response"
# The handler has its own per-account and per-address limits; these two keep axes' own
# helpers (messages, checks) consistent with them.
AXES_FAILURE_LIMIT = LOGIN_ACCOUNT_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = LOGIN_FAILURE_WINDOW_S / 3600
# Counts live in the cache; axes' database tables and admin pages would stay empty.
AXES_ENABLE_ADMIN = False
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
#: Days an invitation link stays valid.
INVITATION_VALID_DAYS = int(os.environ.get("SUMMIT_INVITATION_VALID_DAYS", "30"))

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ko", "한국어")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# One date and time format per language: summit/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["summit.formats"]
USE_I18N = True
# Stored times are UTC; pages activate the event's own time zone (Event.time_zone).
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("SUMMIT_STATIC_ROOT", DATA_DIR / "static"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Used by the file-based backend (`make demo` writes its e-mails there).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "sent-mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_flag("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "partnering@summit.invalid")

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _env_flag("SUMMIT_SECURE_COOKIES")
# Behind an HTTPS-terminating proxy (docs/deployment.md) these are switched on by environment.
SECURE_SSL_REDIRECT = _env_flag("SUMMIT_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("SUMMIT_HSTS_SECONDS", "0"))
if _env_flag("SUMMIT_BEHIND_HTTPS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
_TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
TASK_BACKEND_NAME = os.environ.get("SUMMIT_TASK_BACKEND", "database")
if TASK_BACKEND_NAME not in _TASK_BACKENDS:
    raise ValueError(
        f"SUMMIT_TASK_BACKEND={TASK_BACKEND_NAME!r}: expected one of {sorted(_TASK_BACKENDS)}"
    )
TASKS = {"default": _TASK_BACKENDS[TASK_BACKEND_NAME]}
if TASK_BACKEND_NAME == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Expected refusals (403, 400 for suspicious input) are logged in one line, no traceback.
    "filters": {"expected_refusals": {"()": "summit.core.logs.ExpectedRefusalFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["expected_refusals"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
