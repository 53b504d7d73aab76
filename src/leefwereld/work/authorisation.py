"""Who may see and do what in work and income.

The household page opens for the household's residents and for professionals with a basis
for one of its members (grant, legal basis, break-glass); the content itself is read
through the vault's `read_records` (category Werk en inkomen), which refuses and logs
without a basis. Recording needs a writing basis (services._require_writer). The schemes
check is a form: what the resident types in is computed and shown, not stored.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from leefwereld.core import policy
from leefwereld.core.actor import Actor
from leefwereld.core.models import Household, Resident
from leefwereld.core.roles import Role
from leefwereld.vault import access as vault

PROFESSIONALS = policy.roles(Role.PROFESSIONAL, Role.TEAM_LEAD)
READERS = policy.roles(policy.RESIDENTS, PROFESSIONALS)


def access_household(actor: Actor, pk: int) -> Household:
    """A household whose work and income the actor may open (404 unknown, 403 no basis)."""
    try:
        household = Household.objects.select_related("address").get(pk=pk)
    except Household.DoesNotExist as error:
        raise Http404 from error
    members = list(Resident.objects.filter(household=household))
    if actor.role == Role.RESIDENT:
        if not any(r.household_id == household.pk for r in vault.subjects_of(actor)):
            raise PermissionDenied(_("Dit is niet uw huishouden."))
    elif actor.role not in PROFESSIONALS or not vault.bases_for(actor, members):
        raise PermissionDenied(_("U heeft geen toegang tot dit huishouden."))
    return household


def access_member(actor: Actor, household: Household, pk: int) -> Resident:
    try:
        return Resident.objects.get(pk=pk, household=household)
    except Resident.DoesNotExist as error:
        raise Http404 from error


# --- policies -------------------------------------------------------------------------------

_HOUSEHOLD = (
    "the household's residents; professionals with a basis for a member; content through "
    "the vault's read_records (category work_income, logged)"
)
_READERS = policy.within(READERS, policy.with_basis(owner=True))
# Recording needs a writing basis; grants, legal bases and break-glass in the matrix's
# worlds are read-only, so nobody there gets a form that names the member.
_WRITERS = policy.never
FORM = "a form; computes what is typed in, stores nothing, shows no one else's data"

URLS: dict[str, policy.Policy | str] = {
    "work:household": policy.page(_HOUSEHOLD, READERS, personal=_READERS),
    "work:benefit": policy.page(
        "a writing basis (work_income) for the member; the form names the member",
        PROFESSIONALS,
        personal=_WRITERS,
    ),
    "work:ladder": policy.page(
        "a writing basis (work_income) for the member; the form names the member",
        PROFESSIONALS,
        personal=_WRITERS,
    ),
    "work:daytime": policy.page(
        "a writing basis (work_income) for the member; the form names the member",
        PROFESSIONALS,
        personal=_WRITERS,
    ),
    "work:schemes": policy.page(FORM + " (residents check their own situation)", READERS),
}
