"""E-mail from Leefwereld: sent only after the change it announces is committed.

E-mail is not a safe channel, so the apps' messages name no resident and no content; they
say that something happened and link to the page. A failing mail server never undoes the
change (the error is logged), and inside `muted()` nothing is sent at all: the demo
builder replays history through the same verbs.
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

log = logging.getLogger(__name__)
_muted: contextvars.ContextVar[bool] = contextvars.ContextVar("mail_muted", default=False)


@contextlib.contextmanager
def muted() -> Iterator[None]:
    """No e-mail from the verbs called inside."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def link(url_name: str, *args: object) -> str:
    """An absolute link when LEEFWERELD_SITE_URL is set (production), else the path."""
    base = str(getattr(settings, "LEEFWERELD_SITE_URL", "") or "").rstrip("/")
    return f"{base}{reverse(url_name, args=args)}"


def addresses(values: Iterable[str | None]) -> list[str]:
    """The distinct, non-empty addresses, sorted."""
    return sorted({v.strip() for v in values if v and v.strip()})


def send(recipients: Iterable[str | None], subject: str, body: str) -> None:
    """Queue one e-mail to every distinct address, sent after the transaction commits."""
    to = addresses(recipients)
    if not to or _muted.get():
        return

    def deliver() -> None:
        try:
            send_mail(str(subject), str(body), None, to)
        except Exception:
            log.exception("e-mail %r could not be sent", str(subject))

    transaction.on_commit(deliver)
