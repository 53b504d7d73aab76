"""E-mails of the debt fund: short, plain Dutch, and without personal details.

E-mail is not a safe channel, so a message names only the case reference (SF-…) and links
to the page in Leefwereld; never the resident, the debts or the creditors. Mails leave only
when the change they announce is committed; a failing mail server never undoes it.
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

from leefwereld.core.models import Membership
from leefwereld.core.roles import Role

log = logging.getLogger(__name__)
_muted: contextvars.ContextVar[bool] = contextvars.ContextVar("debts_mail_muted", default=False)


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


def addresses(values: Iterable[str | None]) -> list[str]:
    return sorted({v.strip() for v in values if v and v.strip()})


def send(to: list[str], subject: str, body: str) -> None:
    """Queue one e-mail to these addresses, sent after the transaction commits."""
    if not to or _muted.get():
        return

    def deliver() -> None:
        try:
            send_mail(str(subject), str(body), None, to)
        except Exception:
            log.exception("debt fund notification could not be sent")

    transaction.on_commit(deliver)


def escalation_recipients(case) -> list[str]:
    """The case's debt officer and the team leads of the case's organisation."""
    leads = Membership.objects.filter(
        organisation_id=case.organisation_id, user__role=Role.TEAM_LEAD, user__is_active=True
    ).values_list("user__email", flat=True)
    officer = [case.officer.email] if case.officer.is_active else []
    return addresses([*officer, *leads])
