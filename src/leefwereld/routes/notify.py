"""E-mails at every step of a route: short, plain Dutch, and without personal details.

E-mail is not a safe channel, so a message never names the resident or the question: it
says that something happened and links to the page in Leefwereld. Mails leave only when
the change they announce is committed; a failing mail server never undoes that change.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from leefwereld.core.models import Membership, Organisation, Resident, User
from leefwereld.core.roles import CASEWORK_ROLES

log = logging.getLogger(__name__)
_muted: contextvars.ContextVar[bool] = contextvars.ContextVar("routes_mail_muted", default=False)


@contextlib.contextmanager
def muted() -> Iterator[None]:
    """No e-mail from the verbs called inside (the demo builder replays history)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def link(url_name: str, *args) -> str:
    """An absolute link when LEEFWERELD_SITE_URL is set (production), else the path."""
    base = str(getattr(settings, "LEEFWERELD_SITE_URL", "") or "").rstrip("/")
    return f"{base}{reverse(url_name, args=args)}"


def send(recipients: Iterable[str | None], subject: str, body: str) -> None:
    """Queue one e-mail to every distinct address, sent after the transaction commits."""
    to = sorted({address.strip() for address in recipients if address and address.strip()})
    if not to or _muted.get():
        return

    def deliver() -> None:
        try:
            send_mail(str(subject), str(body), None, to)
        except Exception:
            log.exception("route notification could not be sent")

    transaction.on_commit(deliver)


def resident_addresses(resident: Resident) -> list[str | None]:
    """The resident's own address and their legal representative's (for a child)."""
    addresses: list[str | None] = []
    if resident.user_id:
        addresses.append(
            User.objects.filter(pk=resident.user_id).values_list("email", flat=True).first()
        )
    if resident.legal_representative_id:
        rep_email = (
            Resident.objects.filter(pk=resident.legal_representative_id)
            .values_list("user__email", flat=True)
            .first()
        )
        addresses.append(rep_email)
    return addresses


def organisation_addresses(organisation: Organisation | None, *, members: bool = False) -> list:
    """The organisation's shared address, and with members=True its case workers' too."""
    if organisation is None:
        return []
    addresses: list[str | None] = [organisation.email]
    if members:
        addresses += list(
            Membership.objects.filter(
                organisation=organisation, user__role__in=list(CASEWORK_ROLES), user__is_active=True
            ).values_list("user__email", flat=True)
        )
    return addresses


def user_address(user: User | None) -> list[str | None]:
    return [user.email] if user is not None else []
