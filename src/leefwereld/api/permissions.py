"""Who sees which part of the basic registration (BSN, names, birth date, address,
household) through the core API, and what a case worker's work area is.

The rule (ADR 0011, docs/vault.md §6):

* a **resident** sees their own household and the residents they legally represent;
* **professionals, team leads, debt officers, the ombudsman and network members** see their
  *caseload*: the residents they hold an active grant, legal basis or break-glass for right
  now (`vault.access.caseload_residents`). When the basis ends, so does the access;
* a **case worker** (professional, team lead, debt officer) may also look up one resident
  of their teams' work area by exact BSN (`?bsn=`): the step that identifies the person
  before asking them for access. Browsing the work area is not possible;
* the **administrator** sees everything (to keep the registration correct);
* **council members and policy officers** see no persons, only aggregates elsewhere.

Every resident shown is logged by the viewsets (NEN 7513, `event=basic_registration`).
Every queryset is narrowed in the database (set-based), never row by row.
"""

from django.db.models import Q, QuerySet

from leefwereld.core.bsn import is_valid_bsn, normalise_bsn
from leefwereld.core.models import Household, Resident, User
from leefwereld.core.roles import CASEWORK_ROLES, Role
from leefwereld.vault.access import GRANTEE_ROLES, caseload_residents


def work_area_residents(user: User) -> QuerySet[Resident]:
    """The residents living in the neighbourhoods of a case worker's teams (administrator:
    everyone; other roles: nobody).

    Not a list to browse: it bounds whom a case worker may look up by BSN, ask for access,
    break the glass for or record a legal basis for.
    """
    residents = Resident.objects.all()
    if user.role == Role.ADMINISTRATOR:
        return residents
    if user.role in CASEWORK_ROLES:
        return residents.filter(
            household__address__neighbourhood__teams__organisation__memberships__user=user
        ).distinct()
    return residents.none()


# The name the vault's pages and verbs use for the work area.
visible_residents = work_area_residents


def _own_and_represented(user: User) -> Q:
    """A resident's own household and the residents they are the legal representative of."""
    own = Resident.objects.filter(user=user)
    return (
        Q(user=user)
        | Q(household_id__in=own.values("household_id"))
        | Q(legal_representative__in=own)
    )


def registration_residents(user: User, bsn: str | None = None) -> QuerySet[Resident]:
    """The residents whose basic registration `user` may see through the API.

    With `bsn`, only the resident with that BSN — and for a case worker also when they
    live in the work area without a basis yet (the look-up before a request for access).
    """
    residents = Resident.objects.all()
    if bsn is not None:
        if not is_valid_bsn(bsn):
            return residents.none()
        residents = residents.filter(bsn=normalise_bsn(bsn))
    if user.role == Role.ADMINISTRATOR:
        return residents
    if user.role == Role.RESIDENT:
        return residents.filter(_own_and_represented(user))
    if user.role not in GRANTEE_ROLES:
        return residents.none()
    caseload = Q(pk__in=caseload_residents(user).values("pk"))
    if bsn is not None and user.role in CASEWORK_ROLES:
        return residents.filter(caseload | Q(pk__in=work_area_residents(user).values("pk")))
    return residents.filter(caseload)


def registration_households(user: User) -> QuerySet[Household]:
    """The households whose address and members `user` may see through the API: those of
    the residents in `registration_residents(user)` (without a BSN look-up)."""
    households = Household.objects.all()
    if user.role == Role.ADMINISTRATOR:
        return households
    if user.role == Role.RESIDENT:
        return households.filter(
            pk__in=Resident.objects.filter(_own_and_represented(user)).values("household_id")
        )
    if user.role not in GRANTEE_ROLES:
        return households.none()
    return households.filter(pk__in=caseload_residents(user).values("household_id"))
