"""Production: PostgreSQL, HTTPS, a second factor for staff, secrets from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    DATABASES,
    LEEFWERELD_DEBT_FUND_IBAN,
    LEEFWERELD_DEMO_MASTER_KEY,
    LEEFWERELD_MASTER_KEY,
    LEEFWERELD_PREVIOUS_MASTER_KEYS,
    SECRET_KEY,
    env_bool,
)
from .keys import validate_master_keys

DEBUG = False
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")
if not LEEFWERELD_MASTER_KEY:
    raise ImproperlyConfigured("LEEFWERELD_MASTER_KEY must be set in the environment.")
if LEEFWERELD_MASTER_KEY.strip() == LEEFWERELD_DEMO_MASTER_KEY:
    raise ImproperlyConfigured(
        "LEEFWERELD_MASTER_KEY is the public demo key: generate a real one with "
        "`leefwereld vault_rotate_master_key --generate` (docs/vault.md §2)."
    )
# Not base64 or not 32 bytes: stop now, not at the first vault use hours later.
validate_master_keys(LEEFWERELD_MASTER_KEY, LEEFWERELD_PREVIOUS_MASTER_KEYS)
if not LEEFWERELD_DEBT_FUND_IBAN:
    raise ImproperlyConfigured(
        "LEEFWERELD_DEBT_FUND_IBAN must be set in the environment: the debt fund's own "
        "account, the debtor of every SEPA payment file."
    )
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production runs on PostgreSQL: set DATABASE_URL=postgres://…")

LEEFWERELD_REQUIRE_SECOND_FACTOR = True  # never switchable in production
# The development logins (a typed BSN or KvK number logs anyone in) never run in
# production: not even when the environment asks for them (docs/going-live.md).
if env_bool("LEEFWERELD_DEVELOPMENT_LOGINS", False):
    raise ImproperlyConfigured(
        "LEEFWERELD_DEVELOPMENT_LOGINS is set: the DigiD and eHerkenning development logins "
        "log anyone in with a typed number and are refused in production."
    )
LEEFWERELD_DEVELOPMENT_LOGINS = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Rate limits and the wrong-voting-code throttle must hold across gunicorn workers: a
# shared cache in the database (`leefwereld createcachetable` once, see the operator guide).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "leefwereld_cache",
    }
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
