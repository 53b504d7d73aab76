"""Who may see and do what in support: role groups, the object finders and the policies.

Every support page and API view finds its objects only through the `visible_<things>` and
`access_<thing>` functions here; they decide on the vault's own bases (own data, a grant,
a legal basis, break-glass — `vault.access.bases_for`). Content itself is opened only
through `vault.access.read_record` / `read_records`, which refuse and log without a basis.
`URLS` and `OPERATIONS` are executed by the authorisation matrix
(tests/test_authorisation_matrix.py, objects from `support/tests/matrix.py`) and by
`support/tests/test_authorisation.py`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from leefwereld.core import policy
from leefwereld.core.actor import Actor
from leefwereld.core.models import Household, NetworkMembership, Resident
from leefwereld.core.roles import Role
from leefwereld.vault import access as vault
from leefwereld.vault.models import Category

from .models import Application, Decision, Melding, Plan

# Support content spans every life domain, so it is filed under one vault category;
# a resident grants it as "Overig" (see docs/support.md).
CATEGORY = Category.OTHER

# --- role groups (each defined once; views, forms and services import them) ---------------

# The neighbourhood team's professionals: they run the Wmo procedure and can coach a plan.
PROFESSIONALS = policy.roles(Role.PROFESSIONAL, Role.TEAM_LEAD)
# Who opens the household's plan, reports and decisions (each still needs a basis).
PLAN_READERS = policy.roles(policy.HOUSEHOLD, PROFESSIONALS)
# Who signs a plan: the household's residents and the network members they invite.
SIGNERS = policy.HOUSEHOLD
# Who chooses the coach: the household's resident, or a professional with a writing basis.
COACH_CHOOSERS = policy.roles(policy.RESIDENTS, PROFESSIONALS)


# --- bases --------------------------------------------------------------------------------


def _members(household: Household) -> list[Resident]:
    return list(Resident.objects.filter(household=household).order_by("pk"))


def may_see(actor: Actor, resident: Resident) -> bool:
    """Any basis at all for this resident right now (own, grant, legal basis…)."""
    return bool(vault.bases_for(actor, [resident]))


def _active_network_member(actor: Actor, household: Household) -> bool:
    return NetworkMembership.objects.filter(
        user=actor.user, household=household, ended__isnull=True
    ).exists()


def may_see_household(actor: Actor, household: Household) -> bool:
    """A basis for any member; a network member also needs an active membership."""
    if actor.role == Role.NETWORK_MEMBER and not _active_network_member(actor, household):
        return False
    return bool(vault.bases_for(actor, _members(household)))


def can_write_household(actor: Actor, household: Household) -> bool:
    """A basis that lets the actor write support content for a member of the household."""
    return any(
        b.can_write and CATEGORY in b.categories
        for b in vault.bases_for(actor, _members(household))
    )


def may_sign(actor: Actor, plan: Plan) -> bool:
    """The household signs; a network member only when the household invited them to.

    A signer must also be able to read the plan (a network member needs the resident's
    grant for it): nobody signs what they cannot read.
    """
    if actor.role == Role.RESIDENT:
        own = vault.own_resident(actor)
        return own is not None and own.household_id == plan.household_id
    if actor.role == Role.NETWORK_MEMBER:
        return plan.cosigners.filter(
            user=actor.user, withdrawn_at__isnull=True
        ).exists() and may_see_household(actor, plan.household)
    return False


def may_choose_coach(actor: Actor, household: Household) -> bool:
    """The household (the resident, a legal representative) or a professional who writes."""
    if actor.role == Role.RESIDENT:
        return bool(vault.own_resident(actor)) and can_write_household(actor, household)
    return actor.role in PROFESSIONALS and can_write_household(actor, household)


def is_own(actor: Actor, resident_id: int) -> bool:
    """The resident themself, or their legal representative."""
    return resident_id in {r.pk for r in vault.subjects_of(actor)}


# --- finding objects: the only way views and API views get them ---------------------------


def visible_households(actor: Actor) -> QuerySet[Household]:
    """The households whose support the actor may list (set-based, one subquery).

    The same rule as `may_see_household`: the households of the resident and of whom
    they represent; a network member's
    households where they are an active member and hold a basis (a grant) for a member; a
    case worker's caseload.
    """
    if actor.role == Role.RESIDENT:
        return Household.objects.filter(pk__in=[r.household_id for r in vault.subjects_of(actor)])
    ids = vault.caseload(actor).values("household_id")
    if actor.role == Role.NETWORK_MEMBER:
        memberships = NetworkMembership.objects.filter(user=actor.user, ended__isnull=True).values(
            "household_id"
        )
        return Household.objects.filter(pk__in=memberships).filter(pk__in=ids)
    return Household.objects.filter(pk__in=ids)


def access_household(actor: Actor, pk: int) -> Household:
    """A household whose support the actor may open (404 unknown, 403 without a basis)."""
    try:
        household = Household.objects.select_related("address").get(pk=pk)
    except Household.DoesNotExist as error:
        raise Http404 from error
    if not may_see_household(actor, household):
        raise PermissionDenied(_("U heeft geen toegang tot de ondersteuning van dit huishouden."))
    return household


def writable_household(actor: Actor, pk: int) -> Household:
    """A household the actor may write support content for (the resident always)."""
    household = access_household(actor, pk)
    if not can_write_household(actor, household):
        raise PermissionDenied(_("U mag het plan van dit huishouden niet wijzigen."))
    return household


def visible_plans(actor: Actor) -> QuerySet[Plan]:
    return Plan.objects.filter(household__in=visible_households(actor))


def household_plan(actor: Actor, household_pk: int) -> tuple[Household, Plan | None]:
    """A household the actor may open, and its plan (None when it has none yet)."""
    household = access_household(actor, household_pk)
    plan = (
        Plan.objects.filter(household=household)
        .select_related("household__address", "coach", "coach_organisation")
        .first()
    )
    return household, plan


def access_plan(actor: Actor, household_pk: int) -> Plan:
    """The plan of a household the actor may open (404 when there is no plan)."""
    _household, plan = household_plan(actor, household_pk)
    if plan is None:
        raise Http404
    return plan


def visible_meldingen(actor: Actor) -> QuerySet[Melding]:
    """A resident's own meldingen (and those of whom they represent); a case worker's
    caseload; nothing for anyone else."""
    if actor.role == Role.RESIDENT:
        return Melding.objects.filter(resident__in=vault.subjects_of(actor))
    if actor.role in PROFESSIONALS:
        return Melding.objects.filter(resident__in=vault.caseload(actor))
    return Melding.objects.none()


def access_melding(actor: Actor, pk: int) -> Melding:
    """A melding about a resident the actor has a basis for (403 otherwise)."""
    try:
        melding = Melding.objects.select_related(
            "resident__household__address", "household__address", "team"
        ).get(pk=pk)
    except Melding.DoesNotExist as error:
        raise Http404 from error
    if not may_see(actor, melding.resident):
        raise PermissionDenied(_("U heeft geen toegang tot deze inwoner."))
    return melding


def access_own_melding(actor: Actor, pk: int) -> Melding:
    """One of the resident's own meldingen (404 for anybody else's)."""
    try:
        return Melding.objects.get(pk=pk, resident__in=vault.subjects_of(actor))
    except Melding.DoesNotExist as error:
        raise Http404 from error


def access_application(actor: Actor, pk: int) -> Application:
    try:
        application = Application.objects.select_related("melding").get(pk=pk)
    except Application.DoesNotExist as error:
        raise Http404 from error
    access_melding(actor, application.melding_id)
    return application


def visible_decisions(actor: Actor) -> QuerySet[Decision]:
    """A resident's own decisions (and those of whom they represent); for others the
    decisions of the households they may see."""
    if actor.role == Role.RESIDENT:
        visible = Q(application__resident__in=vault.subjects_of(actor))
    else:
        visible = Q(application__melding__household__in=visible_households(actor))
    return Decision.objects.filter(visible)


def access_decision(actor: Actor, pk: int) -> Decision:
    """A decision about a resident the actor has a basis for (403 otherwise)."""
    try:
        decision = Decision.objects.select_related(
            "application__melding__resident__household__address"
        ).get(pk=pk)
    except Decision.DoesNotExist as error:
        raise Http404 from error
    access_melding(actor, decision.application.melding_id)
    return decision


# --- policies -------------------------------------------------------------------------------


# A professional or team lead with a basis for the resident (grant, legal basis, break-glass).
_CASE = policy.within(PROFESSIONALS, policy.with_basis(owner=False))
# The household, a network member with a grant, a professional with a basis.
_READERS = policy.within(PLAN_READERS, policy.with_basis(owner=True))
# Writing needs a read-write basis; the matrix's grants and legal bases are read-only and
# break-glass never writes, so in every state only the resident themself writes.
_WRITERS = policy.own_only

_case = "professional or team lead with a basis (grant or legal basis) for the resident"
_household = "household, network member with a grant, or professional with a basis"

URLS: dict[str, policy.Policy] = {
    "support:deadlines": policy.page(
        "the running terms and the names of the professional's caseload",
        PROFESSIONALS,
        personal=_CASE,
    ),
    "support:melding_new": policy.page(
        f"{_case}; the question is written through the vault", PROFESSIONALS, personal=_CASE
    ),
    "support:case": policy.page(
        f"{_case}; the question via read_record", PROFESSIONALS, personal=_CASE
    ),
    "support:intake": policy.page(_case, PROFESSIONALS, personal=_CASE),
    "support:report": policy.page(f"{_household} (read_record)", PLAN_READERS, personal=_READERS),
    "support:report_pdf": policy.page(
        f"{_household} (read_record)", PLAN_READERS, personal=_READERS
    ),
    "support:application_new": policy.page(_case, PROFESSIONALS, personal=_CASE),
    "support:decide": policy.page(
        f"{_case}; what was asked via read_record", PROFESSIONALS, personal=_CASE
    ),
    "support:decision": policy.page(f"{_household} (read_record)", PLAN_READERS, personal=_READERS),
    "support:letter_pdf": policy.page(
        f"{_household} (read_record)", PLAN_READERS, personal=_READERS
    ),
    "support:my_support": policy.page(
        "the old 'Mijn hulp': redirects to the one 'Mijn hulp' (routes:where_am_i); a POST "
        "files the resident's own melding",
        policy.RESIDENTS,
    ),
    "support:ask": policy.page(
        "a form: the resident's own melding; shows no personal data", policy.RESIDENTS
    ),
    "support:receipt": policy.page(
        "the resident only: their own request", policy.RESIDENTS, personal=policy.own_only
    ),
    "support:plan": policy.page(
        f"{_household} (read_record of the current version)", PLAN_READERS, personal=_READERS
    ),
    "support:plan_compare": policy.page(_household, PLAN_READERS, personal=_READERS),
    "support:plan_pdf": policy.page(_household, PLAN_READERS, personal=_READERS),
    "support:plan_start": policy.action("POST; a writing basis for the household", PLAN_READERS),
    "support:plan_edit": policy.page(
        "a writing basis for the household (the resident always)",
        PLAN_READERS,
        personal=_WRITERS,
    ),
    "support:measure": policy.page(
        "a writing basis for the household; the form names its members",
        PLAN_READERS,
        personal=_WRITERS,
    ),
    "support:plan_sign": policy.action(
        "POST; household residents, and network members the household invited to co-sign "
        "who can read the plan (active membership + grant)",
        SIGNERS,
    ),
    "support:plan_coach": policy.page(
        "the household's resident, or a professional/team lead with a writing basis; shows "
        "organisations and counts, nothing about a resident",
        COACH_CHOOSERS,
    ),
    "support:plan_cosigners": policy.action(
        "POST; a resident of the household only", policy.RESIDENTS
    ),
}

# The API is open to every signed-in role; what it shows follows from the bases alone.
_API = policy.with_basis(owner=True)

OPERATIONS: dict[tuple[str, str], policy.Policy] = {
    ("/api/v1/support/plans/", "get"): policy.page(
        "metadata of the visible households' plans only (set-based)", personal=_API
    ),
    ("/api/v1/support/plans/{id}/", "get"): policy.page(
        "a visible household's plan; the content via read_record (logged)", personal=_API
    ),
    ("/api/v1/support/measurements/", "get"): policy.page(
        "a visible household's measurements; the scores via read_records (logged)",
        personal=_API,
    ),
    ("/api/v1/support/measurements/", "post"): policy.action(
        "a writing basis for the household (vault)"
    ),
    ("/api/v1/support/decisions/", "get"): policy.page(
        "metadata of the visible decisions only", personal=_API
    ),
    ("/api/v1/support/decisions/{id}/", "get"): policy.page(
        "a visible decision; the letter's content via read_record (logged)", personal=_API
    ),
}
