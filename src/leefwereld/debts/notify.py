"""E-mails of the debt fund: short, plain Dutch, and without personal details.

E-mail is not a safe channel, so a message names only the case reference (SF-…) and links
to the page in Leefwereld; never the resident, the debts or the creditors. Mails leave only
when the change they announce is committed; a failing mail server never undoes it.
"""

from __future__ import annotations

from leefwereld.core.mail import addresses, link, muted, send
from leefwereld.core.models import Membership
from leefwereld.core.roles import Role

__all__ = ["addresses", "escalation_recipients", "link", "muted", "send"]


def escalation_recipients(case) -> list[str]:
    """The case's debt officer and the team leads of the case's organisation."""
    leads = Membership.objects.filter(
        organisation_id=case.organisation_id, user__role=Role.TEAM_LEAD, user__is_active=True
    ).values_list("user__email", flat=True)
    officer = [case.officer.email] if case.officer.is_active else []
    return addresses([*officer, *leads])
