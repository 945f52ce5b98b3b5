"""Django settings, built from `gazzetta.config` (the one place the environment is read)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from whitenoise.compress import Compressor

from gazzetta import config

CONFIG = config.load()
PACKAGE_DIR = Path(__file__).resolve().parent
HOME = CONFIG.home

DEBUG = CONFIG.debug
SECRET_KEY = CONFIG.secret_key
ALLOWED_HOSTS = list(CONFIG.allowed_hosts)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "ninja",  # the API docs page with its own (same-origin) Swagger UI files
    "gazzetta.newsroom",
    "gazzetta.search",
    "gazzetta.ingest",
    "gazzetta.tokens",
    "gazzetta.relate",
    "gazzetta.reader",
    "gazzetta.syndication",
    "gazzetta.server",
    "gazzetta.demo",
    "gazzetta.desk",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after security: sees the final headers (cookies set by anything below) of reader pages.
    "gazzetta.server.http.ReaderCaching",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into its lockout answer.
    "axes.middleware.AxesMiddleware",
]

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one user name from
# one address, that pair is locked out for AXES_COOLOFF_TIME. Locking the pair, not the
# user name alone, keeps an attacker from locking editors out from elsewhere.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

ROOT_URLCONF = "gazzetta.urls"
WSGI_APPLICATION = "gazzetta.wsgi.application"

# Reader, search and preview pages are Jinja2 (gazzetta.reader.jinja); the admin and the desk's
# other pages are Django templates. Jinja2 comes first: the pages read most are found at once.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "gazzetta.reader.jinja.environment",
            "context_processors": ["gazzetta.reader.context.reader"],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gazzetta.reader.context.reader",
            ],
        },
    },
]


def _database() -> dict:
    if CONFIG.database_url:
        return dj_database_url.parse(CONFIG.database_url, conn_max_age=60, conn_health_checks=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": HOME / "gazzetta.sqlite3",
        # Keep each thread's connection: opening one (PRAGMAs, schema) cost an uncached page ~2.5 ms.
        "CONN_MAX_AGE": 60,
        "OPTIONS": {
            # SQLite's default 2 MB page cache misses on every random read of a file of hundreds of MB:
            # ingest's band-key index and search's joins of matches with articles (docs/decisions/
            # ingest.md and search.md). 64 MiB of cache per connection, the file memory-mapped (shared
            # through the OS page cache), and a checkpoint every 64 MiB of WAL instead of every 4 MiB.
            "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
                             "PRAGMA mmap_size=1073741824; PRAGMA wal_autocheckpoint=16384;"),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        "TEST": {"NAME": HOME / "test.sqlite3"},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _cache() -> dict:
    if CONFIG.cache_url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CONFIG.cache_url}
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gazzetta"}


CACHES = {"default": _cache()}

# The full-page cache in front of Django (gazzetta.server.pagecache) and the HTTP caching of
# reader pages (gazzetta.server.http): entries live PAGE_CACHE_SECONDS at most, which bounds
# how late a list shows an article whose embargo ends; every change removes its pages at once.
PAGE_CACHE = CONFIG.page_cache
PAGE_CACHE_SECONDS = 60
PAGE_S_MAXAGE = 60
PAGE_STALE_WHILE_REVALIDATE = 30
CDN_PURGE_URL = CONFIG.cdn_purge_url

# Background work: without a broker every task runs in-process; with CELERY_BROKER_URL the same
# named tasks (gazzetta.tasks) run in Celery workers, acknowledged only when done.
CELERY_BROKER_URL = CONFIG.broker_url or "memory://"
CELERY_TASK_ALWAYS_EAGER = not CONFIG.broker_url
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = CONFIG.task_time_limit
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A message a killed worker held comes back after this (Redis brokers); longer than any task.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2 * CONFIG.task_time_limit,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(HOME / "celerybeat-schedule")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = CONFIG.languages[0]
LANGUAGES = [(code, LANG_INFO.get(code, {}).get("name_local", code)) for code in CONFIG.languages]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = CONFIG.time_zone
LANGUAGE_COOKIE_NAME = "gazzetta_language"

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = HOME / "media"
for _folder in (HOME, STATIC_ROOT, MEDIA_ROOT):
    _folder.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "gazzetta.server.staticfiles.StaticStorage"},
}
if CONFIG.media_bucket:
    # Media on S3-compatible storage (django-storages) shared by every node; credentials come from
    # boto3's own environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY). See docs/deploy.md.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": CONFIG.media_bucket,
            "endpoint_url": CONFIG.media_endpoint or None,
            "custom_domain": CONFIG.media_domain or None,
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
WHITENOISE_MAX_AGE = 3600
WHITENOISE_USE_FINDERS = True
# Compress only the hashed copies, and never source maps: halves `collectstatic` (and so the
# start of `gazzetta serve` on a fresh home); plain names are still served from the apps.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 3600
# Messages wait in the session, not in a cookie: a new API token's secret is shown in one.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
if CONFIG.https:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "script-src": [SELF],
        "style-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SEARCH_BACKEND = CONFIG.search_backend  # "": the database's own engine; or "sqlite", "postgresql", a dotted path
GAZZETTA_FETCH_ALLOWED_NETWORKS = list(CONFIG.fetch_allowed_networks)
GAZZETTA_FEED_CONTENT = CONFIG.feed_content
GAZZETTA_CORS_ORIGINS = list(CONFIG.cors_origins)
GAZZETTA_API_RATE = CONFIG.api_rate

GAZZETTA = CONFIG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO" if DEBUG else "WARNING"},
}
