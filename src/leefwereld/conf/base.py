"""Settings shared by every environment. Environment-specific files import * from here.

Operator settings come from environment variables (see docs/operator-guide.md); nothing
secret is ever written here.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SRC_DIR.parent.parent  # the repository root


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int, *, minimum: int = 1) -> int:
    """A whole number from the environment; a typo stops the start instead of being ignored."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}.")
    return number


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leefwereld.core",
    "leefwereld.vault",
    "leefwereld.socialmap",
    "leefwereld.debts",
    "leefwereld.support",
    "leefwereld.routes",
    "leefwereld.democracy",
    "leefwereld.democracy.panels",
    "leefwereld.finance",
    "leefwereld.ombudsman",
    "leefwereld.work",
    "leefwereld.youth",
    "leefwereld.objections",
    "leefwereld.monitor",
    "leefwereld.api",
    "leefwereld.demo",
    # Going live (issue 17): DigiD/eHerkenning (SAML, configured in the admin; needs
    # privates, simple_certmanager and solo for its certificates and settings), staff
    # OpenID Connect, the BRP and BAG connections.
    "privates",
    "simple_certmanager",
    "solo",
    "digid_eherkenning",
    "mozilla_django_oidc",
    "leefwereld.connections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the header too.
    "leefwereld.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "leefwereld.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "leefwereld.core.middleware.RequireSecondFactorMiddleware",
    "leefwereld.core.middleware.ActorMiddleware",
    # Public forms and code entry: a burst from one address is refused with a 429 page.
    "leefwereld.core.middleware.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes goes last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "leefwereld.urls"
WSGI_APPLICATION = "leefwereld.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "leefwereld.core.context_processors.platform",
            ],
        },
    },
]

# SQLite is the embedded default so the platform runs with no server; production sets
# DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'leefwereld.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A connection kept between requests is checked before reuse (a restarted server).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make install` then `leefwereld migrate` must work: the database's folder (var/ by
    # default) is created here, not only by `make run`.
    _sqlite_name = str(DATABASES["default"].get("NAME") or "")
    if _sqlite_name and _sqlite_name != ":memory:" and not _sqlite_name.startswith("file:"):
        Path(_sqlite_name).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server read while a worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed-login throttling: lock a username+address pair after 5 failures for one hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy every request comes from the proxy's address: set
# LEEFWERELD_TRUSTED_PROXY_COUNT to the number of proxies in front of Django (1 for one
# nginx that sets X-Forwarded-For) so that login throttling and the rate limits key on the
# resident's address. 0 (default): REMOTE_ADDR, and X-Forwarded-For is ignored, since a
# client could forge it. See docs/operator-guide.md.
LEEFWERELD_TRUSTED_PROXY_COUNT = env_int("LEEFWERELD_TRUSTED_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "leefwereld.core.clientip.client_ip"

# Staff roles must pass a second factor (TOTP) before they see anything. The demo may
# switch this off; every page then says so in a banner.
LEEFWERELD_REQUIRE_SECOND_FACTOR = env_bool("LEEFWERELD_REQUIRE_SECOND_FACTOR", True)
OTP_TOTP_ISSUER = "Leefwereld"
# The first set-up of a staff member's authenticator needs a one-time enrolment code that an
# administrator issues (`leefwereld issue_enrolment_code USERNAME`); it works this many days.
LEEFWERELD_ENROLMENT_CODE_DAYS = env_int("LEEFWERELD_ENROLMENT_CODE_DAYS", 7)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [SRC_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Security headers. The Content-Security-Policy allows no inline script or style at all.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No page uses the camera, microphone, location, payment or other powerful browser features.
LEEFWERELD_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
# Rate limits (leefwereld.core.ratelimit): URL name -> (requests, seconds, methods), counted
# per client address (per account for the second factor) in the cache. Burst beyond it: a
# plain-Dutch 429 page. The LocMem cache of dev/CI counts per process; production uses the
# database cache so the limits hold across gunicorn workers (conf/production.py).
LEEFWERELD_RATE_LIMITS = {
    # the second factor and its one-time enrolment code: per account
    "second_factor": (5, 300, ("POST",)),
    # one-time codes from letters: voting, panel registration, network invitations
    "democracy:vote_with_code": (20, 600, ("POST",)),
    "panels:register": (10, 600, ("POST",)),
    "vault:invitation_accept": (20, 600, ("GET", "POST")),
    # login: axes locks a username+address after AXES_FAILURE_LIMIT failures; this bounds
    # password spraying over many usernames from one address
    "login": (100, 600, ("POST",)),
    # public pages with a search form (no login)
    "socialmap:search": (120, 60, ("GET",)),
    # complaints: filing without login, and following one with its number and code
    "ombudsman:file": (20, 600, ("POST",)),
    "ombudsman:follow": (30, 600, ("POST",)),
}
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

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Leefwereld <noreply@localhost>")

# --- the vault (docs/vault.md; docs/operator-guide.md lists these for operators) ---
# The master key that wraps every resident's data key: base64 of exactly 32 random bytes
# (`leefwereld vault_rotate_master_key --generate`). Production refuses to start without one.
LEEFWERELD_MASTER_KEY = os.environ.get("LEEFWERELD_MASTER_KEY", "")
# The public demo key of dev and CI (32 bytes). It protects demo data only; production
# refuses to start with it.
LEEFWERELD_DEMO_MASTER_KEY = "vFLYXtm+kk1j/f0tZ/JRvju9faywro8KQNcnrNNoFLI="
# During a master-key rotation: the old key(s), comma-separated, until
# `vault_rotate_master_key --check` reports nothing left under them.
LEEFWERELD_PREVIOUS_MASTER_KEYS = os.environ.get("LEEFWERELD_PREVIOUS_MASTER_KEYS", "")
# The longest grant a resident can give, in days (a grant is 90 days unless they choose).
LEEFWERELD_GRANT_MAX_DAYS = env_int("LEEFWERELD_GRANT_MAX_DAYS", 365)
# How long break-glass access lasts, in hours.
LEEFWERELD_BREAK_GLASS_HOURS = env_int("LEEFWERELD_BREAK_GLASS_HOURS", 24)
# How long access-log rows are kept (`vault_purge_access_log`). NEN 7513 practice is at
# least 5 years; the exact term is not in a law we could verify — set it from the
# municipality's own policy (docs/vault.md §6).
LEEFWERELD_ACCESS_LOG_RETENTION_YEARS = env_int("LEEFWERELD_ACCESS_LOG_RETENTION_YEARS", 5)
# Years a Wmo decision (beschikking) in the vault is kept (support app). Archiefwet
# selection lists decide the real term: unconfirmed, ask the municipal archivist.
LEEFWERELD_DECISION_RETENTION_YEARS = env_int("LEEFWERELD_DECISION_RETENTION_YEARS", 7)
# Retention terms of the other vault record kinds, in years (docs/retention.md). The
# Selectielijst terms are unconfirmed: set them from the municipal archivist's decision.
# Unset (None): the rule's own, dated term (rules/retention.py), e.g. the Jeugdwet's
# 15 years before 2020 and 20 years from 2020.
LEEFWERELD_WMO_FILE_RETENTION_YEARS = (
    env_int("LEEFWERELD_WMO_FILE_RETENTION_YEARS", 7)
    if os.environ.get("LEEFWERELD_WMO_FILE_RETENTION_YEARS")
    else None
)
LEEFWERELD_DEBT_ASSISTANCE_RETENTION_YEARS = (
    env_int("LEEFWERELD_DEBT_ASSISTANCE_RETENTION_YEARS", 7)
    if os.environ.get("LEEFWERELD_DEBT_ASSISTANCE_RETENTION_YEARS")
    else None
)
LEEFWERELD_YOUTH_CARE_RETENTION_YEARS = (
    env_int("LEEFWERELD_YOUTH_CARE_RETENTION_YEARS", 20)
    if os.environ.get("LEEFWERELD_YOUTH_CARE_RETENTION_YEARS")
    else None
)

# --- the debt fund ---
# The fund's own account: the debtor of every SEPA payment file. No default: production
# refuses to start without it, and the demo sets a demo account (conf/dev.py).
LEEFWERELD_DEBT_FUND_NAME = os.environ.get(
    "LEEFWERELD_DEBT_FUND_NAME", "Gemeentelijk schuldenfonds"
)
LEEFWERELD_DEBT_FUND_IBAN = os.environ.get("LEEFWERELD_DEBT_FUND_IBAN", "").replace(" ", "")

# --- care finance ---
# The municipality's paying account for providers' declarations (pain.001); without the
# IBAN no payment file is made. Days a mandated person has to decide a hardship proposal.
LEEFWERELD_FINANCE_NAME = os.environ.get("LEEFWERELD_FINANCE_NAME", "Gemeente")
LEEFWERELD_FINANCE_IBAN = os.environ.get("LEEFWERELD_FINANCE_IBAN", "").replace(" ", "")
LEEFWERELD_HARDSHIP_DECISION_DAYS = env_int("LEEFWERELD_HARDSHIP_DECISION_DAYS", 5)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Documents the 400/403/404 refusals of every operation, not only its success.
    "DEFAULT_SCHEMA_CLASS": "leefwereld.api.schema.LeefwereldAutoSchema",
    # limit 1–200, offset within bigint; anything else is a 400 naming the parameter.
    "DEFAULT_PAGINATION_CLASS": "leefwereld.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    # Verbs refuse with Django's ValidationError/PermissionDenied: answered as 400/403.
    "EXCEPTION_HANDLER": "leefwereld.core.refusals.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Leefwereld API",
    "DESCRIPTION": "The Leefwereld REST API. Every endpoint shows only what the caller may see.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Self-hosted Swagger UI: no CDN, and the split view keeps inline scripts out (CSP).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name get their own, stable enum names (not a hash).
    "ENUM_NAME_OVERRIDES": {
        "HelpRequestOutcomeEnum": "leefwereld.routes.models.HelpRequest.Outcome",
        "HelpRequestStatusEnum": "leefwereld.routes.models.HelpRequest.Status",
        "HandoverStatusEnum": "leefwereld.routes.models.Handover.Status",
        "DecisionOutcomeEnum": "leefwereld.support.models.Decision.Outcome",
        "ReviewOutcomeEnum": "leefwereld.vault.models.BreakGlass.Outcome",
        "AccessLogOutcomeEnum": "leefwereld.vault.models.AccessLog.Outcome",
        "AccessRequestStatusEnum": "leefwereld.vault.models.AccessRequest.Status",
        "PanelStatusEnum": "leefwereld.democracy.panels.models.Panel.Status",
        "CategoryEnum": "leefwereld.vault.models.Category",
    },
}

# Long computations (e.g. a citizen panel's selection) run in a real worker process:
# `leefwereld db_worker`. Tasks are stored in the database, so no broker is needed.
# A selection claimed by a worker longer ago than this is taken to be orphaned (the worker
# was killed) and `leefwereld selection_recover` queues it again. Longer than any real run.
LEEFWERELD_SELECTION_STALE_MINUTES = env_int("LEEFWERELD_SELECTION_STALE_MINUTES", 120)
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Going live: logins and connections (docs/going-live.md, leefwereld.connections) ---
AUTHENTICATION_BACKENDS += [
    "leefwereld.connections.backends.DigiDBackend",
    "leefwereld.connections.backends.DigiDSamlBackend",
    "leefwereld.connections.backends.EHerkenningBackend",
    "leefwereld.connections.backends.EHerkenningSamlBackend",
    "leefwereld.connections.backends.StaffOIDCBackend",
]
# The development logins (type a BSN / a KvK number): on in the demo (conf/dev.py), refused
# by conf/production.py.
LEEFWERELD_DEVELOPMENT_LOGINS = False
# DigiD and eHerkenning (SAML) are configured in the admin (metadata, certificates); this
# switch puts their routes in place once that is done.
LEEFWERELD_DIGID = env_bool("LEEFWERELD_DIGID", False)
LEEFWERELD_EHERKENNING = env_bool("LEEFWERELD_EHERKENNING", False)
DIGID_MOCK_APP_TITLE = "Leefwereld (ontwikkel-login, geen echte DigiD)"
# django-privates (needed by the certificate store of django-digid-eherkenning).
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "private"
PRIVATE_MEDIA_URL = "/private-media/"
# Staff single sign-on (OpenID Connect, mozilla-django-oidc): on when a client id is set.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile groups")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
# The claim that holds the groups (mapped to roles by connections.StaffGroup).
LEEFWERELD_OIDC_GROUPS_CLAIM = os.environ.get("LEEFWERELD_OIDC_GROUPS_CLAIM", "groups")
# Only when the municipality's identity provider itself enforces a second factor for every
# staff login may Leefwereld accept its login as the staff second factor (ADR 0016).
LEEFWERELD_OIDC_IDP_ENFORCES_SECOND_FACTOR = env_bool(
    "LEEFWERELD_OIDC_IDP_ENFORCES_SECOND_FACTOR", False
)
LOGIN_REDIRECT_URL_FAILURE = "/account/inloggen/"
# Haal Centraal BRP Personen Bevragen.
BRP_API_URL = os.environ.get("BRP_API_URL", "")
BRP_API_KEY = os.environ.get("BRP_API_KEY", "")
BRP_API_TIMEOUT = float(os.environ.get("BRP_API_TIMEOUT", "10"))
BRP_CLIENT_CERT = os.environ.get("BRP_CLIENT_CERT", "")
BRP_CLIENT_KEY = os.environ.get("BRP_CLIENT_KEY", "")
