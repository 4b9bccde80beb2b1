"""Gaung settings: every value comes from the environment (documented in .env.example)."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[3]
SRC_DIR = BASE_DIR / "src" / "gaung"


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("GAUNG_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    # A fresh install must run without set-up; the generated key is kept beside the data so
    # that every process of the same install (web, worker, beat) shares it.
    if key := os.environ.get("GAUNG_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("GAUNG_DEBUG")
ALLOWED_HOSTS = env_list("GAUNG_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("GAUNG_CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("GAUNG_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Reverse proxies in front of gunicorn whose X-Forwarded-For entries are trusted (nginx: 1).
# The tracked links tell visitors apart by address; behind a proxy every REMOTE_ADDR is the
# proxy's own.
GAUNG_TRUSTED_PROXY_COUNT = int(os.environ.get("GAUNG_TRUSTED_PROXY_COUNT", "0"))
if GAUNG_TRUSTED_PROXY_COUNT:
    # The proxy says whether the visitor came over HTTPS (links built for them use it).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Fernet keys (comma-separated, the first encrypts) for secrets stored in the database;
# empty: derived from SECRET_KEY (see gaung/core/crypto.py).
GAUNG_ENCRYPTION_KEY = os.environ.get("GAUNG_ENCRYPTION_KEY", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "gaung.core",
    "gaung.registry",
    "gaung.socials",
    "gaung.imports",
    "gaung.content",
    "gaung.amplification",
    "gaung.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gaung.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "gaung.core.middleware.RequireAdminMfaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "gaung.config.urls"
WSGI_APPLICATION = "gaung.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gaung.core.context_processors.navigation",
            ],
        },
    },
]

_default_database = f"sqlite:///{DATA_DIR / 'gaung.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or _default_database, conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web app, worker and beat read while one of them writes;
        # IMMEDIATE transactions avoid "database is locked" upgrades mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache shared by every process of the install: allauth's login rate limits live here.
if cache_url := os.environ.get("GAUNG_CACHE_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gaung_cache",
        }
    }

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "gaung.core.auth.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
# Failed logins: 10 a minute per IP address, and N per timeout per account.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,{}/{}s/key".format(
        int(os.environ.get("GAUNG_LOGIN_ATTEMPTS_LIMIT", "5")),
        int(os.environ.get("GAUNG_LOGIN_ATTEMPTS_TIMEOUT", "300")),
    ),
    # ASN activation (registry/activation.py): code requests per NIP and per address,
    # and wrong codes per address.
    "activation_code_request": "3/10m/key,20/h/ip",
    "activation_code_failed": "30/h/ip",
}
# The login form accepts a NIP typed with the spaces printed on the SK.
ACCOUNT_FORMS = {"login": "gaung.registry.activation_forms.LoginForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("GAUNG_MFA_ISSUER", "Gaung")
GAUNG_REQUIRE_ADMIN_MFA = env_bool("GAUNG_REQUIRE_ADMIN_MFA")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "gaung.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min"},
    "EXCEPTION_HANDLER": "gaung.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gaung API",
    "DESCRIPTION": "Social media operations for Indonesian government agencies. "
    "Every endpoint is scoped to what the caller's role and organisation may see.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ImportKindEnum": "gaung.imports.choices.ImportKind",
        "ImportStatusEnum": "gaung.imports.choices.ImportStatus",
        "CompilationStatusEnum": "gaung.reports.choices.CompilationStatus",
        "PlatformEnum": "gaung.socials.choices.Platform",
        "CampaignStatusEnum": "gaung.amplification.choices.CampaignStatus",
        "CampaignActionEnum": "gaung.amplification.choices.CampaignAction",
        "RecapStatusEnum": "gaung.amplification.choices.RecapStatus",
        "ProofKindEnum": "gaung.amplification.choices.ProofKind",
        "ProofStatusEnum": "gaung.amplification.choices.ProofStatus",
        "ContentStateEnum": "gaung.content.choices.ContentState",
        "ContentActionEnum": "gaung.content.api.serializers.CONTENT_ACTIONS",
    },
    # Swagger UI is served from our own static files: /api/docs/ works offline and under CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge fetched from swagger.io: the image would be blocked by CSP (and needs internet).
    "SWAGGER_UI_SETTINGS": {
        "deepLinking": True,
        "persistAuthorization": True,
        "validatorUrl": None,
    },
}

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
FORMAT_MODULE_PATH = ["gaung.formats"]
TIME_ZONE = os.environ.get("GAUNG_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [SRC_DIR / "static"]
_node_modules = BASE_DIR / "node_modules"
for _prefix, _folder in [
    ("vendor/tabler", "@tabler/core/dist"),
    ("vendor/tabler-icons", "@tabler/icons-webfont/dist"),
    ("vendor/htmx", "htmx.org/dist"),
    ("vendor/echarts", "echarts/dist"),
    ("vendor/fullcalendar", "fullcalendar"),
]:
    if (_node_modules / _folder).is_dir():
        STATICFILES_DIRS.append((_prefix, _node_modules / _folder))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("GAUNG_MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "media/"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("GAUNG_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

_email_backend = os.environ.get(
    "GAUNG_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
MAILERS = {"default": {"BACKEND": _email_backend}}
if _email_backend.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("GAUNG_EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("GAUNG_EMAIL_PORT", "25")),
        "username": os.environ.get("GAUNG_EMAIL_USER", ""),
        "password": os.environ.get("GAUNG_EMAIL_PASSWORD", ""),
        "use_tls": env_bool("GAUNG_EMAIL_TLS"),
    }
DEFAULT_FROM_EMAIL = os.environ.get("GAUNG_FROM_EMAIL", "Gaung <no-reply@localhost>")

CELERY_BROKER_URL = os.environ.get(
    "CELERY_BROKER_URL", f"sqla+sqlite:///{DATA_DIR / 'celery-broker.sqlite3'}"
)
CELERY_RESULT_BACKEND = os.environ.get(
    "CELERY_RESULT_BACKEND", f"db+sqlite:///{DATA_DIR / 'celery-results.sqlite3'}"
)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The DatabaseScheduler copies these into its table at start-up (editable in Django admin).
CELERY_BEAT_SCHEDULE = {
    "amplification-reminders": {
        "task": "gaung.amplification.send_reminders",
        "schedule": 3600.0,
    },
    "content-overdue": {
        "task": "gaung.content.notify_overdue",
        "schedule": 3600.0,
    },
    "imports-discard-stale-previews": {
        "task": "gaung.imports.discard_stale_previews",
        "schedule": 3600.0,
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GAUNG_LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step at INFO; its warnings still show.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}

# Activation codes and invitations for ASN self-service.
GAUNG_INVITATION_DAYS = int(os.environ.get("GAUNG_INVITATION_DAYS", "14"))
GAUNG_ACTIVATION_CODE_MINUTES = int(os.environ.get("GAUNG_ACTIVATION_CODE_MINUTES", "30"))

# Content images and videos: larger uploads are refused (the reverse proxy's body limit must
# allow at least this much).
GAUNG_MAX_ASSET_MB = int(os.environ.get("GAUNG_MAX_ASSET_MB", "500"))
