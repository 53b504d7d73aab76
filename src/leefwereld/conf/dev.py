"""Local development and the demo municipality (`make run`)."""

import os

from .base import *  # noqa: F403
from .base import LEEFWERELD_DEMO_MASTER_KEY, env_bool

DEBUG = env_bool("DEBUG", True)
# A fixed key is fine on a developer's machine only; production refuses to start without one.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The demo switches the second factor off so every demo account can be tried at once;
# the banner on every page says so.
LEEFWERELD_REQUIRE_SECOND_FACTOR = env_bool("LEEFWERELD_REQUIRE_SECOND_FACTOR", False)
# The fixed, public demo master key (32 bytes): the demo holds no real personal data.
LEEFWERELD_MASTER_KEY = os.environ.get("LEEFWERELD_MASTER_KEY") or LEEFWERELD_DEMO_MASTER_KEY
# A demo account for the debt fund's SEPA files (a valid example IBAN, no real account).
LEEFWERELD_DEBT_FUND_IBAN = os.environ.get("LEEFWERELD_DEBT_FUND_IBAN") or "NL91ABNA0417164300"
# The DigiD development login (type a BSN) and the eHerkenning development login (type a
# KvK number): clearly marked on the login page; conf/production.py refuses them.
LEEFWERELD_DEVELOPMENT_LOGINS = env_bool("LEEFWERELD_DEVELOPMENT_LOGINS", True)
