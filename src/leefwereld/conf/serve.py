"""`make serve` and `make bench-load`: the production serving stack on loopback, on demo data.

What is the same as production (conf/production.py): DEBUG off, gunicorn (conf/gunicorn.py),
persistent database connections with health checks, static files from WhiteNoise with
compressed, hashed names and long cache headers, the shared database cache (sessions and
rate limits hold across workers), the same middleware.

What differs, so it runs on a developer's machine with the demo: the public demo master
key and demo IBAN (from conf/dev.py), plain HTTP on 127.0.0.1, and the second factor
switchable (off by default: the demo accounts have no authenticator app). For the load
benchmark (LEEFWERELD_LOAD_TEST=1) the per-address rate limits are off, because every
virtual user comes from 127.0.0.1, which a real deployment never sees.
"""

import os

from .base import DATABASES, env_bool
from .dev import *  # noqa: F403

DEBUG = False
SECURE_SSL_REDIRECT = False
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "600"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

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
# Hashed file names never change content: a year in the browser's cache.
WHITENOISE_MAX_AGE = 365 * 24 * 3600

if env_bool("LEEFWERELD_LOAD_TEST", False):
    LEEFWERELD_RATE_LIMITS = {}
    AXES_ENABLED = False
