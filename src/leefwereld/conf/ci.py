"""The test suite (pytest) and CI. DATABASE_URL picks PostgreSQL; SQLite otherwise."""

from .dev import *  # noqa: F403

DEBUG = False
SECRET_KEY = "ci-only-insecure-key"  # noqa: S105 - tests only
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The whole suite logs in through the real form from 127.0.0.1 hundreds of times in a few
# minutes, so the rate limits are off here; core/tests/test_rate_limits.py switches the
# real ones (conf/base.py) back on and checks each of them.
LEEFWERELD_RATE_LIMITS = {}
