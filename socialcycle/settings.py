"""All settings, each read from the environment with a working default.

docs/operations.md lists every variable. Anything malformed stops start-up with one
sentence naming the variable (see socialcycle.lib.config).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
import plotly
from django.core.exceptions import ImproperlyConfigured

from socialcycle.lib.config import (
    check_redis_url,
    env_bool,
    env_int,
    env_list,
    load_secret_key,
    parse_email_url,
    redact_url,
)

# Lets admin classes be written as ModelAdmin[Model] for the type checker.
django_stubs_ext.monkeypatch()

ENV = dict(os.environ)
PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
DATA_DIR = Path(ENV.get("DATA_DIR") or BASE_DIR / "var").resolve()

DEBUG = env_bool(ENV, "DEBUG", False)
SECRET_KEY = load_secret_key(ENV, DATA_DIR)
ALLOWED_HOSTS = env_list(ENV, "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list(ENV, "CSRF_TRUSTED_ORIGINS", [])
SITE_URL = ENV.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "socialcycle.accounts",
    "socialcycle.listening",
    "socialcycle.understanding",
    "socialcycle.acting",
    "socialcycle.responding",
    "socialcycle.community",
    "socialcycle.measuring",
    "socialcycle.privacy",
]

MIDDLEWARE = [
    # First, so every response carries the policy: static files and HTTPS redirects too.
    "socialcycle.lib.headers.ContentSecurityPolicyMiddleware",
    # Before anything reads a body: an oversized one gets 413 with the limit.
    "socialcycle.lib.body_limits.BodyLimitMiddleware",
    # A NUL in the query string: 400 before a view passes it to the database.
    "socialcycle.lib.params.NulInQueryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records a staff change that no service recorded (socialcycle/accounts/audit.py).
    "socialcycle.accounts.audit.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "socialcycle.urls"
WSGI_APPLICATION = "socialcycle.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "socialcycle.lib.preparing.preparing_notice",
            ],
        },
    },
]


def _database_config() -> dict[str, object]:
    default_url = f"sqlite:///{DATA_DIR / 'socialcycle.sqlite3'}"
    url = ENV.get("DATABASE_URL") or default_url
    try:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database address that socialcycle understands "
            f"({redact_url(url)!r}): {error}."
        ) from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        config["CONN_MAX_AGE"] = 0
        # WAL lets the web process read while a background task writes; IMMEDIATE
        # transactions plus a busy timeout (seconds, SQLITE_BUSY_TIMEOUT) turn lock
        # contention into waiting, not errors.
        config["OPTIONS"] = {
            "timeout": env_int(ENV, "SQLITE_BUSY_TIMEOUT", 20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        # A file, not memory, so a worker process started by a test sees the same database.
        config["TEST"] = {"NAME": str(DATA_DIR / "test-socialcycle.sqlite3")}
    return config


DATABASES = {"default": _database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = ENV.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    # plotly.js comes from the plotly Python package itself: no CDN, same version as the server.
    ("plotly", Path(plotly.__file__).resolve().parent / "package_data"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

REDIS_URL = check_redis_url(ENV["REDIS_URL"]) if ENV.get("REDIS_URL") else ""

# Background work: Celery on Redis when REDIS_URL is set; otherwise the same tasks run
# in-process (eagerly), so the embedded default needs no broker.
CELERY_BROKER_URL = REDIS_URL or "memory://"
# No task's result is ever read: without a result store, a broker outage costs a request
# one failed send instead of the result store's reconnection attempts (about 20 s).
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request sends its wake-ups after its commit; with the broker down it gives up
# within about a second (lib/tasks.py logs it; the periodic sweeps do the work later).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BEAT_SCHEDULE = {
    "analyse-pending-posts": {
        "task": "understanding.analyse_pending_posts",
        "schedule": 15.0,
    },
    "sweep-uploads": {"task": "listening.sweep_uploads", "schedule": 3600.0},
    "watch-imports": {"task": "listening.watch_imports", "schedule": 5.0},
    "discover-topics": {"task": "understanding.discover_topics", "schedule": 86400.0},
    # Queued discovery runs, runs whose worker died, posts that fit no topic.
    "topic-upkeep": {"task": "understanding.topic_upkeep", "schedule": 60.0},
    "retry-webhooks": {"task": "acting.retry_webhooks", "schedule": 30.0},
    "suggest-insights": {"task": "acting.suggest_insights", "schedule": 3600.0},
    "send-notifications": {"task": "responding.send_notifications", "schedule": 60.0},
    "refresh-influence": {"task": "listening.refresh_influence", "schedule": 3600.0},
    "record-share-advocacy": {"task": "measuring.record_share_advocacy", "schedule": 3600.0},
    "check-alerts": {"task": "measuring.check_alerts", "schedule": 900.0},
    "refresh-rollups": {"task": "measuring.refresh_rollups", "schedule": 60.0},
    # ladder_figures.REFRESH_SECONDS; settings cannot import the app.
    "refresh-ladder-figures": {"task": "measuring.refresh_ladder_figures", "schedule": 600.0},
    # Hourly, not weekly: the embedded scheduler knows only intervals; the task itself sends
    # once a week from Monday 07:00 in each workspace's time zone (measuring/digest/sending.py).
    "send-weekly-digests": {"task": "measuring.send_weekly_digests", "schedule": 3600.0},
    # Workspaces whose tracked names changed (the change itself wakes it too).
    "redetect-mentions": {"task": "understanding.redetect_mentions", "schedule": 60.0},
    # Live sources, each at its own interval; "poll now" makes one due at once.
    "poll-connections": {"task": "listening.poll_connections", "schedule": 60.0},
    # Replies waiting to be published on their platform (and those whose worker died).
    "publish-replies": {"task": "responding.publish_waiting_replies", "schedule": 30.0},
}
ANALYSE_BATCH_SIZE = env_int(ENV, "ANALYSE_BATCH_SIZE", 500)
# Request bodies (socialcycle/lib/body_limits.py): the API takes 1,000 posts of 50,000
# characters of mostly ASCII text; a page's form far less. Uploads have their own limit.
API_MAX_BODY_BYTES = env_int(ENV, "API_MAX_BODY_BYTES", 64 * 1024 * 1024)
PAGE_MAX_BODY_BYTES = env_int(ENV, "PAGE_MAX_BODY_BYTES", 2_621_440)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(API_MAX_BODY_BYTES, PAGE_MAX_BODY_BYTES)
# After tracked names change, posts of this many recent days are searched for them again.
REDETECT_DAYS = env_int(ENV, "REDETECT_DAYS", 90)
# A worker's claim on a batch of posts lapses after this long (it died): another takes them.
ANALYSIS_CLAIM_SECONDS = env_int(ENV, "ANALYSIS_CLAIM_SECONDS", 600)
# An import whose worker has written no progress for this long stopped; it can be resumed.
IMPORT_STALE_SECONDS = env_int(ENV, "IMPORT_STALE_SECONDS", 300)
# Without REDIS_URL these tasks are left to the embedded scheduler's sweep (every 15 s)
# instead of running inside the request that stored the posts. ANALYSE_INLINE=true runs
# them right after the commit instead (simpler, but requests wait for the models).
# Webhook deliveries likewise go out from the scheduler (a pending delivery is due at once),
# so a request never waits for someone else's server, nor for names found again in
# months of posts after tracked names change; and an uploaded file is imported by the
# scheduler's `listening.watch_imports` (every 5 s), never in the upload's request.
EMBEDDED_SCHEDULED_TASKS: tuple[str, ...] = (
    () if env_bool(ENV, "ANALYSE_INLINE", False) else ("understanding.analyse_pending_posts",)
) + (
    "acting.deliver_webhook",
    "responding.publish_reply",
    "responding.send_notifications",
    "listening.run_import",
    "understanding.run_topic_discovery",
    "understanding.redetect_mentions",
)
# A topic holding more than this share of the posts it was found in is split again.
TOPIC_MAX_SHARE_PERCENT = env_int(ENV, "TOPIC_MAX_SHARE_PERCENT", 20)
# This many new posts that fit no topic start a discovery among them.
TOPIC_UNPLACED_TRIGGER = env_int(ENV, "TOPIC_UNPLACED_TRIGGER", 200)
# A search matching more posts ranks only this many of them, the most recently added
# (understanding/search.py; the cost of ranking grows with the matches).
SEARCH_RANK_WINDOW = env_int(ENV, "SEARCH_RANK_WINDOW", 10_000)
# Prepared encoder, retrained heads and embedding caches (the committed heads live in the
# package); training data for `socialcycle train` and `socialcycle evaluate`.
MODEL_DIR = Path(ENV.get("MODEL_DIR") or DATA_DIR / "models").resolve()
TRAINING_DATA_DIR = Path(ENV.get("TRAINING_DATA_DIR") or BASE_DIR.parent / "shared" / "data")
# Feeds on loopback, private or link-local addresses are refused unless allowed: otherwise
# anyone who may follow a feed could make the server fetch internal services.
FEEDS_ALLOW_PRIVATE_ADDRESSES = env_bool(ENV, "FEEDS_ALLOW_PRIVATE_ADDRESSES", False)
# Fernet keys that seal connectors' credentials, newest first (lib/credentials.py);
# empty: one key derived from SECRET_KEY.
CREDENTIAL_KEYS = env_list(ENV, "CREDENTIAL_KEYS", [])
# Connectors may reach private addresses and another base URL than the platform's: for
# tests against a local server only (listening/connectors/base.py).
CONNECTORS_ALLOW_PRIVATE_ADDRESSES = env_bool(ENV, "CONNECTORS_ALLOW_PRIVATE_ADDRESSES", False)
# Any signed-in user may create a workspace of their own (and becomes its admin); false
# leaves it to superusers and admins of a workspace, and the page says to ask one.
ALLOW_WORKSPACE_CREATION = env_bool(ENV, "ALLOW_WORKSPACE_CREATION", True)
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool(ENV, "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False)

CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that hangs fails a request in seconds, as one that refuses does.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    # Files every process of the embedded default shares (both web workers, the scheduler),
    # so that rate limits and lockout count once per deployment, not once per worker.
    CACHES = {
        "default": {
            "BACKEND": "socialcycle.lib.file_cache.SharedFileCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

_email = parse_email_url(ENV.get("EMAIL_URL", "console://"))
EMAIL_BACKEND = _email.backend
EMAIL_HOST = _email.host
EMAIL_PORT = _email.port
EMAIL_HOST_USER = _email.user
EMAIL_HOST_PASSWORD = _email.password
EMAIL_USE_TLS = _email.use_tls
EMAIL_USE_SSL = _email.use_ssl
EMAIL_FILE_PATH = _email.file_path
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = ENV.get("DEFAULT_FROM_EMAIL", "socialcycle <noreply@localhost>")

# Served over HTTPS behind a proxy: trust its X-Forwarded-Proto, send plain HTTP to HTTPS,
# ask browsers to stay on HTTPS (HSTS) and keep cookies off plain HTTP. The embedded
# default serves http://127.0.0.1:8000, so none of this is on without the variable.
BEHIND_HTTPS_PROXY = env_bool(ENV, "BEHIND_HTTPS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_HTTPS_PROXY else None
SECURE_SSL_REDIRECT = BEHIND_HTTPS_PROXY
# A load balancer checks health over plain HTTP inside the network; a redirect would fail it.
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health$"]
SECURE_HSTS_SECONDS = env_int(ENV, "HSTS_SECONDS", 31_536_000) if BEHIND_HTTPS_PROXY else 0
if SECURE_HSTS_SECONDS < 0:
    raise ImproperlyConfigured(
        f"HSTS_SECONDS must be 0 (no HSTS) or more, not {SECURE_HSTS_SECONDS}."
    )
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is a request to the browser makers that takes months to undo, so it is a
# decision an operator takes (HSTS_PRELOAD=true), not a default; check --deploy would
# otherwise warn about it (W021) on every deployment that did not take it.
SECURE_HSTS_PRELOAD = env_bool(ENV, "HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_SECURE = env_bool(ENV, "SECURE_COOKIES", BEHIND_HTTPS_PROXY)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: htmx gets the token from hx-headers in base.html, the
# API docs from a data attribute.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Sent by socialcycle.lib.headers on every response that has no policy of its own.
# Scripts come only from our own files: no inline script, event handler or eval. Styles
# keep 'unsafe-inline' on purpose: Plotly injects <style> elements while it draws, and the
# weekly digest's preview shows the inline styles its e-mail needs (mail clients drop
# style sheets). htmx's indicator <style> needs the same.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": ENV.get("LOG_LEVEL", "INFO")},
    # In-process, every task would log a "succeeded" line into the web or CLI output.
    "loggers": {
        # WeasyPrint logs every rendering step (and its stylesheets at import) at INFO.
        "weasyprint.progress": {"level": "WARNING"},
        **({} if REDIS_URL else {"celery.app.trace": {"level": "WARNING"}}),
    },
}
