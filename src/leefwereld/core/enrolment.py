"""One-time enrolment codes: the administrator decides who sets up a staff second factor.

Without them the first TOTP set-up would go to whoever had the password first, so a stolen
password would be enough to bind the attacker's phone to the account. Now the second-factor
page shows the QR code only after the one-time code an administrator issued for that account
(`leefwereld issue_enrolment_code USERNAME`, handed over in person or by phone, never in the
same e-mail as the password).

The code is kept as a django-otp static device (unconfirmed, so never a login factor) whose
single token is an HMAC of the code under SECRET_KEY, not the code itself: a database dump
does not reveal outstanding codes. A code works once, for one account, for
LEEFWERELD_ENROLMENT_CODE_DAYS days.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

DEVICE_NAME = "enrolment"
# No 0/O, 1/I/L: read aloud or typed from paper without confusion. 12 characters of 31:
# about 59 bits, against 5 tries per 5 minutes (LEEFWERELD_RATE_LIMITS["second_factor"]).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 12


def _digest(code: str) -> str:
    normalised = normalise(code)
    mac = hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256)
    return mac.hexdigest()[:16]  # StaticToken.token holds 16 characters


def normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def days_valid() -> int:
    return int(getattr(settings, "LEEFWERELD_ENROLMENT_CODE_DAYS", 7))


@transaction.atomic
def issue(user: User, *, reset: bool = False) -> str:
    """A new one-time code for `user`; earlier codes stop working.

    `reset` also removes the user's confirmed authenticator (a lost or replaced phone), so
    the next login needs this code to set up a new one.
    """
    StaticDevice.objects.filter(user=user, name=DEVICE_NAME).delete()
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    if reset:
        TOTPDevice.objects.filter(user=user).delete()
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    device = StaticDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    StaticToken.objects.create(device=device, token=_digest(code))
    return "-".join(code[i : i + 4] for i in range(0, LENGTH, 4))


@transaction.atomic
def redeem(user: User, code: str) -> bool:
    """Use the code once: True (and the code is gone) when it is `user`'s and still valid."""
    if not normalise(code):
        return False
    oldest = timezone.now() - datetime.timedelta(days=days_valid())
    devices = StaticDevice.objects.filter(
        user=user, name=DEVICE_NAME, confirmed=False, created_at__gte=oldest
    )
    # One DELETE decides: of two simultaneous tries with the same code only one wins.
    deleted, _ = StaticToken.objects.filter(device__in=devices, token=_digest(code)).delete()
    if not deleted:
        return False
    StaticDevice.objects.filter(user=user, name=DEVICE_NAME).delete()
    return True


def outstanding(user: User) -> bool:
    return StaticDevice.objects.filter(user=user, name=DEVICE_NAME).exists()
