"""E-mails at every step of a route: short, plain Dutch, and without personal details.

E-mail is not a safe channel, so a message never names the resident or the question: it
says that something happened and links to the page in Leefwereld. Mails leave only when
the change they announce is committed; a failing mail server never undoes that change.
"""

from __future__ import annotations

from leefwereld.core.mail import link, muted, send
from leefwereld.core.models import Membership, Organisation, Resident, User

from .authorisation import CASEWORK

__all__ = [
    "link",
    "muted",
    "organisation_addresses",
    "resident_addresses",
    "send",
    "user_address",
]


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
                organisation=organisation, user__role__in=sorted(CASEWORK), user__is_active=True
            ).values_list("user__email", flat=True)
        )
    return addresses


def user_address(user: User | None) -> list[str | None]:
    return [user.email] if user is not None else []
