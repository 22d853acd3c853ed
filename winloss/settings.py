"""winloss settings: one file, configured by environment variables (docs/configuration.md)."""

import os
import secrets
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from winloss.lib.env import envbool, envint, envlist, envstr, envtimings, envurl

BASE_DIR = Path(__file__).resolve().parent
# django-ninja's own Swagger UI files (its templates and static files), found without importing
# it: listed in INSTALLED_APPS, ninja and pydantic would load at every command's start.
NINJA_DIR = Path(find_spec("ninja").origin).parent  # type: ignore[union-attr,arg-type]  # installed
DATA_DIR = Path(envstr("DATA_DIR", str(Path.cwd() / "data"))).resolve()
DEBUG = envbool("DEBUG", False)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    # Local use: generate once and keep it beside the database, so sessions survive restarts.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
# Every link in an email (respondents, invitations, notifications) starts with this.
SITE_URL = envurl("SITE_URL", "http://127.0.0.1:8000")
TIME_ZONE = envstr("TIME_ZONE", "UTC")
USE_TZ = True
LANGUAGE_CODE = "en"
# Staff pages are in English; respondents' survey pages speak these languages, each
# workspace choosing among them. The translations live in each app's locale/ folder, with
# their compiled .mo files committed, so nothing needs gettext at run time.
USE_I18N = True
LANGUAGES = [("en", "English"), ("de", "Deutsch")]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # Shared foundations, then the SOP stages in the order data flows through them.
    "winloss.lib",
    "winloss.activity",
    "winloss.accounts",
    "winloss.sso",  # sign-in through the company's OpenID Connect provider
    "winloss.jobs",
    "winloss.deals",
    "winloss.crm",  # keeps deals in step with a connected CRM, through the deal imports
    "winloss.programs",
    "winloss.guides",
    "winloss.outreach",
    "winloss.interviews",
    "winloss.escalations",
    "winloss.coding",
    "winloss.surveys",  # buyer surveys: their own evidence, coded with the codebook
    "winloss.honoraria",  # thank-you offers to interview and survey respondents
    "winloss.analysis",
    "winloss.actions",
    "winloss.reports",
    "winloss.evidence",  # searches every stage's coded words, shown as the report would
    "winloss.digests",  # weekly digests of what people follow, built as their role sees it
    "winloss.battlecards",  # a card per competitor from the analysis and the evidence library
    "winloss.retention",  # applies to every stage's words, so it comes after all of them
    "winloss.demo",
    "winloss.operate",  # backups and restores of everything above
]

MIDDLEWARE = [
    # First: gives every request its id (X-Request-ID), logs and times it.
    "winloss.operate.middleware.RequestMiddleware",
    # /healthz and /readyz, answered whatever the Host header and scheme (probes ask by address).
    "winloss.operate.middleware.probes",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Times shown in the person's own zone (their profile's, else their workspace's).
    "winloss.accounts.middleware.TimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A workspace that requires single sign-on refuses a password session, with a way through.
    "winloss.sso.middleware.RequireSignOnMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Turns a blocked respondent page (too many tries) into a clear 429 page.
    "django_ratelimit.middleware.RatelimitMiddleware",
]
RATELIMIT_VIEW = "winloss.outreach.public_views.too_many"

ROOT_URLCONF = "winloss.urls"
WSGI_APPLICATION = "winloss.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates", NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.tz",
                "winloss.accounts.context.workspace_nav",
                "winloss.sso.context.sign_on",
                "winloss.programs.context.sop_steps",
            ],
        },
    },
]

# --- Caches --------------------------------------------------------------------------------
# "default" (rate limits, sign-in lockouts) is each process's own memory. "figures" keeps the
# program figures computed from the data (activity/figures.py) in files beside the database, so
# every worker process on the machine computes a figure once per change, not once each; a
# kept figure's key holds the workspace's data version, so it is never served stale.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "figures": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache" / "figures"),
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# --- Storage -------------------------------------------------------------------------------
DATABASE_URL = envstr("DATABASE_URL", "")
if DATABASE_URL:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # Kept open between requests, like a server database's: opening one (Django's SQL
    # functions, the PRAGMAs below) costs about a millisecond on every request otherwise.
    _db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "winloss.sqlite3"),
        "CONN_MAX_AGE": 600,
    }
if _db["ENGINE"].endswith("sqlite3"):
    # WAL lets readers work while a writer writes; IMMEDIATE takes the write lock up front so
    # two writers queue (busy timeout) instead of failing with "database is locked".
    # secure_delete overwrites what a purge removes: otherwise the words stay readable in the
    # file's free pages.
    _db.setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA secure_delete=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": envint("SQLITE_BUSY_TIMEOUT", 20),
        }
    )
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background work -------------------------------------------------------------------------
TASK_BACKEND = envstr("TASK_BACKEND", "immediate" if DEBUG else "database")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASK_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASK_BACKEND must be 'immediate' or 'database'; got {TASK_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASK_BACKEND]}}
# A running job's worker stamps it every JOB_HEARTBEAT_SECONDS; a job unstamped for
# JOB_STALE_MINUTES lost its worker and is shown as stopped, with a retry button.
JOB_HEARTBEAT_SECONDS = envint("JOB_HEARTBEAT_SECONDS", 30)
JOB_STALE_MINUTES = envint("JOB_STALE_MINUTES", 5)
# Scheduled work (reminders, the purge …) runs inside the workers, each due run once however
# many there are: every worker looks for due work each SCHEDULE_TICK_SECONDS, and SCHEDULE
# changes a schedule's timing or turns it off ("retention.purge=02:30, actions.reminders=off").
SCHEDULE_TICK_SECONDS = envint("SCHEDULE_TICK_SECONDS", 30)
if SCHEDULE_TICK_SECONDS < 1:
    raise ImproperlyConfigured(
        f"SCHEDULE_TICK_SECONDS must be at least 1; got {SCHEDULE_TICK_SECONDS}"
    )
SCHEDULE = envtimings("SCHEDULE")

# --- Email -----------------------------------------------------------------------------------
_email = dj_email_url.parse(envstr("EMAIL_URL", "console:" if DEBUG else "smtp://localhost:25"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "winloss <winloss@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Days after the invitation on which a respondent who has not answered is reminded, in order;
# empty sends no reminders. The workers send the ones due (the outreach.reminders schedule).
_reminder_days = envlist("OUTREACH_REMINDER_DAYS", ["4", "9"])
if not all(d.isdigit() and int(d) > 0 for d in _reminder_days):
    raise ImproperlyConfigured(
        f"OUTREACH_REMINDER_DAYS must be whole numbers of days above 0, comma-separated, "
        f"e.g. 4,9; got {os.environ.get('OUTREACH_REMINDER_DAYS')!r}"
    )
OUTREACH_REMINDER_DAYS = sorted({int(d) for d in _reminder_days})
# Interviewers' free/busy calendars, fetched from the address each one saved: the largest file
# read, and whether a private-network address may be fetched (a local setup; DEBUG allows it).
CALENDAR_FETCH_MAX_BYTES = envint("CALENDAR_FETCH_MAX_MB", 10) * 1_000_000
REMOTE_FETCH_ALLOW_PRIVATE = envbool("REMOTE_FETCH_ALLOW_PRIVATE", False)
# CRM sync: the Fernet key that encrypts each connection's client secret or token at rest (with
# DEBUG and no key, one derived from SECRET_KEY), and how often a rate-limited or failing CRM
# call is tried before the run fails.
CRM_SECRET_KEY = envstr("CRM_SECRET_KEY", "")
CRM_SYNC_ATTEMPTS = envint("CRM_SYNC_ATTEMPTS", 5)

# --- People ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Answers only the OpenID Connect callback, and only when single sign-on is configured.
    "winloss.sso.backend.CompanyAccountBackend",
    # Keeps the sessions a SAML sign-in begins; authenticates nobody itself.
    "winloss.sso.backend.SamlSessionBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling: five wrong passwords for one account from one IP address lock that account
# from that address for a while, right password included; colleagues behind the same address
# keep their own count. Admins see and lift lockouts in the admin ("Access attempts") or with
# `winloss axes_reset_username <email>`.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form posts the email address as "username" (axes would look for "email").
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "winloss.accounts.lockout.attempted_account"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# --- Single sign-on (docs/configuration.md#single-sign-on) ---------------------------------
# The company's OpenID Connect provider (Google Workspace, Microsoft Entra, Okta …). Off unless
# OIDC_CLIENT_ID is set; the endpoints come from the issuer's discovery document unless each
# is given. mozilla-django-oidc reads the OIDC_RP_* / OIDC_OP_* names below.
OIDC_RP_CLIENT_ID = envstr("OIDC_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = envstr("OIDC_CLIENT_SECRET", "")
OIDC_ISSUER = envstr("OIDC_ISSUER", "").strip().rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = envstr("OIDC_AUTHORIZATION_ENDPOINT", "").strip()
OIDC_OP_TOKEN_ENDPOINT = envstr("OIDC_TOKEN_ENDPOINT", "").strip()
OIDC_OP_USER_ENDPOINT = envstr("OIDC_USERINFO_ENDPOINT", "").strip()
OIDC_OP_JWKS_ENDPOINT = envstr("OIDC_JWKS_ENDPOINT", "").strip()
OIDC_RP_SCOPES = envstr("OIDC_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = envstr("OIDC_SIGN_ALGO", "RS256")
OIDC_GROUPS_CLAIM = envstr("OIDC_GROUPS_CLAIM", "groups").strip()
OIDC_EMAIL_VERIFIED_CLAIM = envstr("OIDC_EMAIL_VERIFIED_CLAIM", "email_verified").strip()
# A verified address with no account yet gets one (then roles from its groups, if mapped).
OIDC_CREATE_USER = envbool("OIDC_CREATE_USERS", True)
OIDC_TIMEOUT = envint("OIDC_TIMEOUT", 10)
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"
if OIDC_RP_CLIENT_ID:
    if not OIDC_RP_CLIENT_SECRET.strip():
        raise ImproperlyConfigured("OIDC_CLIENT_SECRET must be set with OIDC_CLIENT_ID.")
    _explicit = [
        OIDC_OP_AUTHORIZATION_ENDPOINT,
        OIDC_OP_TOKEN_ENDPOINT,
        OIDC_OP_USER_ENDPOINT,
        OIDC_OP_JWKS_ENDPOINT,
    ]
    if not OIDC_ISSUER and not all(_explicit):
        raise ImproperlyConfigured(
            "Single sign-on needs OIDC_ISSUER (its endpoints are then discovered), or all of "
            "OIDC_AUTHORIZATION_ENDPOINT, OIDC_TOKEN_ENDPOINT, OIDC_USERINFO_ENDPOINT and "
            "OIDC_JWKS_ENDPOINT."
        )
    if "openid" not in OIDC_RP_SCOPES.split() or "email" not in OIDC_RP_SCOPES.split():
        raise ImproperlyConfigured(
            f"OIDC_SCOPES must include openid and email; got {OIDC_RP_SCOPES!r}"
        )

# SAML 2.0 instead (ADR 0015, python3-saml): off unless the identity provider's metadata is
# given, as a file or an address read at the first sign-in. Assertions must be signed by the
# certificate in that metadata. The SP's own certificate and key are optional: with them,
# winloss signs its requests and publishes the certificate in its metadata (/saml/metadata/).
SAML_IDP_METADATA_FILE = envstr("SAML_IDP_METADATA_FILE", "").strip()
SAML_IDP_METADATA_URL = envstr("SAML_IDP_METADATA_URL", "").strip()
SAML_SP_ENTITY_ID = envstr("SAML_SP_ENTITY_ID", "").strip() or f"{SITE_URL}/saml/metadata/"
SAML_SP_CERT_FILE = envstr("SAML_SP_CERT_FILE", "").strip()
SAML_SP_KEY_FILE = envstr("SAML_SP_KEY_FILE", "").strip()
# The attributes carrying the address, the name and the groups (Entra sends claim URIs).
SAML_EMAIL_ATTRIBUTE = envstr("SAML_EMAIL_ATTRIBUTE", "email").strip()
SAML_NAME_ATTRIBUTE = envstr("SAML_NAME_ATTRIBUTE", "name").strip()
SAML_GROUPS_ATTRIBUTE = envstr("SAML_GROUPS_ATTRIBUTE", "groups").strip()
# What makes the address verified: its domain is one the company owns, and/or an attribute
# the identity provider sets to "true". At least one must be given.
SAML_EMAIL_DOMAINS = [d.strip().lower().lstrip("@") for d in envlist("SAML_EMAIL_DOMAINS", [])]
SAML_EMAIL_VERIFIED_ATTRIBUTE = envstr("SAML_EMAIL_VERIFIED_ATTRIBUTE", "").strip()
SAML_CREATE_USER = envbool("SAML_CREATE_USERS", True)
SAML_TIMEOUT = envint("SAML_TIMEOUT", 10)
if SAML_IDP_METADATA_FILE or SAML_IDP_METADATA_URL:
    if OIDC_RP_CLIENT_ID:
        raise ImproperlyConfigured(
            "Single sign-on speaks one protocol: set OIDC_CLIENT_ID or SAML_IDP_METADATA_FILE/"
            "SAML_IDP_METADATA_URL, not both."
        )
    if SAML_IDP_METADATA_FILE and SAML_IDP_METADATA_URL:
        raise ImproperlyConfigured("Set SAML_IDP_METADATA_FILE or SAML_IDP_METADATA_URL, not both.")
    if bool(SAML_SP_CERT_FILE) != bool(SAML_SP_KEY_FILE):
        raise ImproperlyConfigured("SAML_SP_CERT_FILE and SAML_SP_KEY_FILE go together.")
    if not SAML_EMAIL_DOMAINS and not SAML_EMAIL_VERIFIED_ATTRIBUTE:
        raise ImproperlyConfigured(
            "SAML needs SAML_EMAIL_DOMAINS (the domains whose addresses the identity provider "
            "vouches for) or SAML_EMAIL_VERIFIED_ATTRIBUTE, so that an address is known to be "
            "the person's."
        )

# --- Security --------------------------------------------------------------------------------
HTTPS_ONLY = envbool("HTTPS_ONLY", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS_ONLY
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", 31_536_000) if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = HTTPS_ONLY
if envbool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, read with a statement written once (accounts/sessions.py).
SESSION_ENGINE = "winloss.accounts.sessions"
SESSION_COOKIE_AGE = envint("SESSION_AGE_HOURS", 12) * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("UPLOAD_MAX_MB", 50) * 1024 * 1024
IMPORT_MAX_MB = envint("IMPORT_MAX_MB", 200)  # largest CRM export an import accepts
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# ZIP-based files (.docx, .xlsx) are checked before parsing: what they unpack to, in all and
# against their own size (docs/security.md).
ARCHIVE_MAX_RATIO = envint("ARCHIVE_MAX_RATIO", 100)
DOCUMENT_MAX_UNPACKED_MB = envint("DOCUMENT_MAX_UNPACKED_MB", 25)  # a Word transcript
IMPORT_MAX_UNPACKED_MB = envint("IMPORT_MAX_UNPACKED_MB", 1024)  # an .xlsx import

# --- Shared files ----------------------------------------------------------------------------
# Every file winloss keeps (CRM uploads, rejected rows, published report files) goes through
# the default storage: MEDIA_ROOT on this machine, or an S3-compatible bucket that every app
# and worker process shares (docs/deploy.md, "Shared files"). No MEDIA_URL: nothing is served
# from the storage by address, only through winloss's own permission-checked views.
MEDIA_ROOT = DATA_DIR / "media"
S3_ADDRESSING_STYLES = ("auto", "path", "virtual")


def files_storage() -> dict:
    """``STORAGES["default"]`` from the environment: the file system unless S3_BUCKET is set."""
    bucket = envstr("S3_BUCKET", "").strip()
    if not bucket:
        # MEDIA_ROOT is read when the storage is first used, so a changed setting (a test's)
        # applies.
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    endpoint = envstr("S3_ENDPOINT_URL", "").strip()
    if endpoint:
        endpoint = envurl("S3_ENDPOINT_URL", endpoint)
    key, secret = envstr("S3_ACCESS_KEY_ID", "").strip(), envstr("S3_SECRET_ACCESS_KEY", "")
    if bool(key) != bool(secret.strip()):
        raise ImproperlyConfigured(
            "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together, or neither (to use the "
            "machine's own AWS credentials: an instance role, AWS_PROFILE)."
        )
    # An S3-compatible server on its own address usually serves buckets as paths.
    style = envstr("S3_ADDRESSING_STYLE", "path" if endpoint else "auto").strip()
    if style not in S3_ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"S3_ADDRESSING_STYLE must be one of {', '.join(S3_ADDRESSING_STYLES)}; got {style!r}"
        )
    options: dict = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": envstr("S3_REGION", "").strip() or None,
        "addressing_style": style,
        # A taken name gets a free one beside it, as on disk: a stored file is never replaced.
        "file_overwrite": False,
        # No ACL header: new objects are private to the bucket's owner, and a bucket with ACLs
        # disabled (AWS's default) refuses any ACL but that one.
        "default_acl": None,
        # winloss never asks for a file's address; were one made, it would be signed and short.
        "querystring_auth": True,
        "querystring_expire": 60,
        # A file read back (an import of up to IMPORT_MAX_MB) spills to a temporary file past
        # this size instead of staying in memory.
        "max_memory_size": FILE_UPLOAD_MAX_MEMORY_SIZE,
    }
    if key:
        options |= {"access_key": key, "secret_key": secret.strip()}
    # Seconds to connect and to wait for each answer, over at most three tries.
    options["timeout"] = envint("S3_TIMEOUT", 20)
    return {"BACKEND": "winloss.lib.s3.LimitedS3Storage", "OPTIONS": options}


# --- Static files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
# Where `winloss collectstatic` puts them. The container image collects them at build, outside
# the DATA_DIR volume: a volume keeps what it was first given, so an upgraded image would go on
# serving the old release's files from it.
STATIC_ROOT = Path(envstr("STATIC_DIR", str(DATA_DIR / "static"))).resolve()
STATICFILES_DIRS = [BASE_DIR / "static", NINJA_DIR / "static"]
STORAGES = {
    "default": files_storage(),
    # With DEBUG off: hashed, compressed names once collected, plain names until then.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "winloss.lib.staticfiles.ManifestOnceCollected"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or not STATIC_ROOT.joinpath("staticfiles.json").exists()

# --- Logs, errors and metrics (docs/deploy.md#logs-errors-and-metrics) ----------------------
# Text for people at a terminal; JSON, one object a line, for a log collector.
LOG_FORMAT = envstr("LOG_FORMAT", "text" if DEBUG else "json")
_FORMATTERS = {
    "text": "winloss.operate.logs.TextFormatter",
    "json": "winloss.operate.json_format.JsonFormatter",
}
if LOG_FORMAT not in _FORMATTERS:
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'text' or 'json'; got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "winloss.operate.logs.RequestContextFilter"}},
    # Only the chosen one: the JSON formatter's library is not loaded for text.
    "formatters": {"console": {"()": _FORMATTERS[LOG_FORMAT]}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": "console",
        }
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's records go to the root's handler like everyone's (not, with DEBUG, to a
        # second console handler of Django's own, printing each line twice).
        "django": {"handlers": [], "level": "INFO"},
        # runserver's line for each request: winloss.request writes one, with the request's
        # id and without the secret part of a respondent's link.
        "django.server": {"handlers": [], "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Unexpected errors to Sentry, without respondents' words (winloss/operate/sentry.py).
SENTRY_DSN = envstr("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = envstr("SENTRY_ENVIRONMENT", "development" if DEBUG else "production")
SENTRY_RELEASE = envstr("SENTRY_RELEASE", "")
if SENTRY_DSN:
    from importlib.metadata import version

    from winloss.operate.sentry import start_sentry

    start_sentry(
        dsn=SENTRY_DSN,
        environment=SENTRY_ENVIRONMENT,
        release=SENTRY_RELEASE or f"winloss@{version('winloss')}",
    )

# Prometheus metrics at /metrics, for a scraper sending this bearer token; no token, no metrics
# (the address answers 404 and prometheus_client is never loaded).
METRICS_TOKEN = envstr("METRICS_TOKEN", "")
if METRICS_TOKEN and len(METRICS_TOKEN) < 16:
    raise ImproperlyConfigured(
        "METRICS_TOKEN must be at least 16 characters. Generate one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
    )
# Read by prometheus_client itself: where every process of this machine writes its counts.
_multiproc_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
if METRICS_TOKEN and _multiproc_dir and not Path(_multiproc_dir).is_dir():
    raise ImproperlyConfigured(
        f"PROMETHEUS_MULTIPROC_DIR must be an existing folder; got {_multiproc_dir!r}"
    )
