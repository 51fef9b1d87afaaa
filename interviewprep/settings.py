"""Settings for interviewprep, read once from the environment (and a local .env file).

Every variable is documented in .env.example.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
# What .env.example says, and the length Django's own deployment check asks for.
EXAMPLE_SECRET_KEY = "change-me-to-a-long-random-string-of-at-least-50-characters"
MIN_SECRET_KEY_LENGTH = 50
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if DEBUG:
    SECRET_KEY = SECRET_KEY or "insecure-development-key-do-not-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]"]
elif not SECRET_KEY or not ALLOWED_HOSTS:
    missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS") if not globals()[name]]
    raise ImproperlyConfigured(
        f"{' and '.join(missing)} must be set when DEBUG is off. "
        "Set them in the environment or in .env (see .env.example); "
        "`make run` writes a local .env for you."
    )
elif len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH or SECRET_KEY == EXAMPLE_SECRET_KEY:
    raise ImproperlyConfigured(
        f"SECRET_KEY must be a random string of at least {MIN_SECRET_KEY_LENGTH} characters, "
        "not the example's, when DEBUG is off. Make one with "
        '`python3 -c "import secrets; print(secrets.token_urlsafe(50))"`.'
    )

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Database: MongoDB when MONGODB_URI is set, otherwise the embedded SQLite file.
MONGODB_URI = env.str("MONGODB_URI", default="")
if MONGODB_URI:
    MONGODB_NAME = env.str("MONGODB_NAME", default="") or urlsplit(MONGODB_URI).path.strip("/")
    if not MONGODB_NAME:
        raise ImproperlyConfigured(
            "MONGODB_URI names no database: add it to the URI path "
            "(mongodb://host/interviewprep) or set MONGODB_NAME."
        )
    DATABASES = {
        "default": {
            # django_mongodb_backend with one fix: see interviewprep/mongodb/base.py.
            "ENGINE": "interviewprep.mongodb",
            "HOST": MONGODB_URI,
            "NAME": MONGODB_NAME,
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.str("SQLITE_PATH", default="") or str(BASE_DIR / "var" / "db.sqlite3"),
            "OPTIONS": {
                # Several gunicorn workers write to one file: readers never block the
                # writer (WAL), a writer waits for the lock instead of failing at once,
                # and a transaction takes the write lock when it begins, so two workers
                # cannot both read and then both fail to upgrade to a write.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
IS_MONGODB = bool(MONGODB_URI)

DEFAULT_AUTO_FIELD = "interviewprep.db.PortableAutoField"

# The cache holds the analytics reports and the sign-in throttle's counters, so every worker
# and every app machine must share it: by default a table (SQLite) or a collection (MongoDB)
# in the app's own database; CACHE_URL=redis://host:6379/0 puts it in Redis instead.
CACHE_URL = env.str("CACHE_URL", default="")
if CACHE_URL:
    CACHES = {"default": env.cache_url_config(CACHE_URL)}
elif IS_MONGODB:
    CACHES = {
        "default": {"BACKEND": "interviewprep.caches.MongoDBCache", "LOCATION": "django_cache"}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "interviewprep.caches.DatabaseCache",
            "LOCATION": "django_cache",
            # Culling would drop throttle counters early; expired rows go when culled.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# Sign-in throttling (accounts/throttle.py) counts attempts per client address. Behind a
# proxy every request comes from the proxy: CLIENT_IP_HEADER names the header in which the
# proxy passes the client's address (X-Forwarded-For in deploy/nginx.conf).
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")
RATELIMIT_IP_META_KEY = "accounts.throttle.client_ip"
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
# The default caches above increment atomically (interviewprep/caches.py), as do Redis and
# memcached; django-ratelimit warns about any backend it does not list.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

if IS_MONGODB:
    # Django's own apps pin integer primary keys; on MongoDB they use ObjectIds
    # and the matching migrations in interviewprep/mongo_migrations/.
    CONTRIB_APPS = [
        "interviewprep.apps.MongoAdminConfig",
        "interviewprep.apps.MongoAuthConfig",
        "interviewprep.apps.MongoContentTypesConfig",
    ]
    MIGRATION_MODULES = {
        "admin": "interviewprep.mongo_migrations.admin",
        "auth": "interviewprep.mongo_migrations.auth",
        "contenttypes": "interviewprep.mongo_migrations.contenttypes",
    }
else:
    CONTRIB_APPS = [
        "django.contrib.admin",
        "django.contrib.auth",
        "django.contrib.contenttypes",
    ]

INSTALLED_APPS = [
    *CONTRIB_APPS,
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_ratelimit",
    "csp",
    "interviews",
    "performance",
    "dashboard",
    "accounts",
    "api",
    "sharing",
]
if IS_MONGODB:
    INSTALLED_APPS.append("django_mongodb_backend")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "interviewprep.urls"
WSGI_APPLICATION = "interviewprep.wsgi.application"

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
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:index"
LOGOUT_REDIRECT_URL = "login"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="interviewprep@localhost")

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default="") or BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security headers on every response. The policy allows no inline script or style: page data
# reaches scripts through json_script, and Bootstrap and Chart.js set styles through the CSSOM,
# which CSP permits. data: images are Bootstrap's inline SVG icons (select arrows, close button).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# HTTPS=true for a deployment behind TLS (directly or through a proxy that sets
# X-Forwarded-Proto): redirect plain HTTP, send HSTS and keep cookies off plain HTTP.
HTTPS = env.bool("HTTPS", default=False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Asking browsers to preload HSTS for the domain cannot be undone quickly; that is the
    # domain owner's decision, not a default of the app.
    SILENCED_SYSTEM_CHECKS += ["security.W021"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The password of the `demo` account that `manage.py seed_demo` creates.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="")

# Who judges an answer: the person, ticking the key points they covered ("self"), or a model
# behind any server speaking the OpenAI chat-completions protocol ("openai"), see
# interviews/evaluators.py. A failing model falls back to the person's own ticks.
EVALUATOR = env.str("EVALUATOR", default="") or "self"
EVALUATOR_BASE_URL = env.str("EVALUATOR_BASE_URL", default="")
EVALUATOR_MODEL = env.str("EVALUATOR_MODEL", default="")
EVALUATOR_API_KEY = env.str("EVALUATOR_API_KEY", default="")
EVALUATOR_TIMEOUT = env.float("EVALUATOR_TIMEOUT", default=20.0)
if EVALUATOR not in ("self", "openai"):
    raise ImproperlyConfigured(
        f"EVALUATOR must be self (the person ticks the key points) or openai (a model behind "
        f"an OpenAI-compatible server), not {EVALUATOR!r}. See .env.example."
    )
if EVALUATOR == "openai" and not EVALUATOR_MODEL:
    raise ImproperlyConfigured(
        "EVALUATOR=openai needs EVALUATOR_MODEL, the model name the server knows "
        "(e.g. gpt-4o-mini, or llama3.1 on Ollama). See .env.example."
    )
if EVALUATOR_TIMEOUT <= 0:
    raise ImproperlyConfigured("EVALUATOR_TIMEOUT must be a positive number of seconds.")

# Practice sessions: questions asked in each round, by experience level.
QUESTIONS_PER_ROUND = {
    "entry": env.int("QUESTIONS_PER_ROUND_ENTRY", default=3),
    "mid": env.int("QUESTIONS_PER_ROUND_MID", default=4),
    "senior": env.int("QUESTIONS_PER_ROUND_SENIOR", default=5),
}
for _level, _count in QUESTIONS_PER_ROUND.items():
    if not 1 <= _count <= 20:
        raise ImproperlyConfigured(
            f"QUESTIONS_PER_ROUND_{_level.upper()} must be from 1 to 20 (got {_count})."
        )


def _without_traceback(record):
    # A request for a host not in ALLOWED_HOSTS is the client's mistake (or a scan): one
    # line says it; a traceback per request would bury the log.
    record.exc_info = record.exc_text = None
    return True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "without_traceback": {
            "()": "django.utils.log.CallbackFilter",
            "callback": _without_traceback,
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.security.DisallowedHost": {"filters": ["without_traceback"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
