"""Who may see and do what in the money layer: role groups (each defined once), the only
ways views find finance objects, and the executable policy of every page.

* residents: what their own household was granted (product, provider, period);
* professionals and team leads: allocations of the households in their caseload (a vault
  basis), the re-assessment list, allocating money to a granted decision, proposing a
  hardship payment;
* providers (role provider, a member of a provider organisation): their own
  organisation's allocations and declarations only — never another provider's;
* the controller (budget holder): budget lines and versions, declarations, batches, the
  reserve; amounts and numbers, never a resident's name or records;
* team leads are mandated to decide hardship proposals (never their own); they also
  record the anonymous entry in the hardship register (democracy);
* council, policy officers and the advisory council: aggregates only (budget use, reserve,
  hardship money per blocking rule) — no person.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from leefwereld.core import policy
from leefwereld.core.actor import Actor
from leefwereld.core.models import Household, Membership, Resident
from leefwereld.core.roles import Role
from leefwereld.support.models import Decision
from leefwereld.vault import access as vault

from .models import Allocation, Declaration, HardshipProposal, ProviderProfile

PROFESSIONALS = policy.roles(Role.PROFESSIONAL, Role.TEAM_LEAD)
CONTROLLERS = policy.roles(Role.CONTROLLER)
PROVIDERS = policy.roles(Role.PROVIDER)
# Mandated to decide a hardship proposal (a second person; never the proposer).
DECIDERS = policy.roles(Role.TEAM_LEAD)
# Aggregates: the budget, the reserve and hardship money per blocking rule.
FIGURES = policy.roles(
    Role.CONTROLLER, Role.POLICY_OFFICER, Role.COUNCIL_MEMBER, Role.ADVISORY_COUNCIL
)
OWN = policy.RESIDENTS


def require(actor: Actor, group: frozenset[str]) -> None:
    if actor.role not in group:
        raise PermissionDenied


def own_providers(actor: Actor) -> QuerySet[ProviderProfile]:
    """The provider organisations the actor works for (a provider's memberships)."""
    if actor.role not in PROVIDERS:
        return ProviderProfile.objects.none()
    orgs = Membership.objects.filter(user=actor.user).values("organisation_id")
    return ProviderProfile.objects.filter(organisation_id__in=orgs)


def own_provider(actor: Actor) -> ProviderProfile:
    provider = own_providers(actor).select_related("organisation").first()
    if provider is None:
        raise PermissionDenied
    return provider


def own_household_ids(actor: Actor) -> list[int]:
    if actor.role not in OWN:
        return []
    return sorted({r.household_id for r in vault.subjects_of(actor) if r.household_id})


def may_see_household(actor: Actor, household_id: int) -> bool:
    """The household itself, or a professional with a basis for one of its members."""
    if actor.role in OWN:
        return household_id in own_household_ids(actor)
    if actor.role in PROFESSIONALS:
        members = list(Resident.objects.filter(household_id=household_id))
        return bool(vault.bases_for(actor, members))
    return False


def visible_allocations(actor: Actor) -> QuerySet[Allocation]:
    if actor.role in OWN:
        return Allocation.objects.filter(household_id__in=own_household_ids(actor))
    if actor.role in PROVIDERS:
        return Allocation.objects.filter(provider__in=own_providers(actor))
    if actor.role in PROFESSIONALS:
        ids = vault.caseload(actor).values("household_id")
        return Allocation.objects.filter(household_id__in=ids)
    if actor.role in CONTROLLERS:
        return Allocation.objects.all()
    return Allocation.objects.none()


def decisions_without_allocation(actor: Actor) -> QuerySet[Decision]:
    """Granted support decisions in the actor's caseload that carry no money yet."""
    require(actor, PROFESSIONALS)
    allocated = Allocation.objects.filter(
        decision_type=ContentType.objects.get_for_model(Decision)
    ).values("decision_id")
    return (
        Decision.objects.filter(
            outcome__in=[Decision.Outcome.GRANTED, Decision.Outcome.PARTLY],
            application__melding__household__in=vault.caseload(actor).values("household_id"),
        )
        .exclude(pk__in=allocated)
        .order_by("-decided_on", "-pk")
    )


def visible_declarations(actor: Actor) -> QuerySet[Declaration]:
    if actor.role in PROVIDERS:
        return Declaration.objects.filter(provider__in=own_providers(actor))
    if actor.role in CONTROLLERS:
        return Declaration.objects.all()
    return Declaration.objects.none()


def access_declaration(actor: Actor, pk: int) -> Declaration:
    require(actor, PROVIDERS | CONTROLLERS)
    try:
        return visible_declarations(actor).select_related("provider__organisation").get(pk=pk)
    except Declaration.DoesNotExist as error:
        raise Http404 from error


def access_household(actor: Actor, pk: int) -> Household:
    require(actor, PROFESSIONALS)
    try:
        household = Household.objects.get(pk=pk)
    except Household.DoesNotExist as error:
        raise Http404 from error
    if not may_see_household(actor, household.pk):
        raise PermissionDenied
    return household


def visible_proposals(actor: Actor) -> QuerySet[HardshipProposal]:
    """Deciders: every open proposal; a professional: the ones they proposed."""
    if actor.role in DECIDERS:
        return HardshipProposal.objects.all()
    if actor.role in PROFESSIONALS:
        return HardshipProposal.objects.filter(proposed_by=actor.user)
    return HardshipProposal.objects.none()


# --- the executable policies (tests/test_authorisation_matrix.py) --------------------------

URLS = {
    "finance:mine": policy.page("what my household was granted, in plain Dutch", OWN),
    "finance:reassessments": policy.page(
        "allocations ending within 8 weeks in the caseload (numbers, no names)", PROFESSIONALS
    ),
    "finance:allocate": policy.page(
        "money for a granted decision of a household in the caseload", PROFESSIONALS
    ),
    "finance:budget": policy.page("the integral budget per neighbourhood and purpose", FIGURES),
    "finance:budget_csv": policy.page("the budget overview as CSV", FIGURES),
    "finance:budget_xlsx": policy.page("the budget overview as XLSX", FIGURES),
    "finance:budget_change": policy.action("a new version of a budget line", CONTROLLERS),
    "finance:provider": policy.page("a provider's own allocations and declarations", PROVIDERS),
    "finance:declare": policy.action("a declaration line by web form", PROVIDERS),
    "finance:declare_csv": policy.action("a declaration file upload", PROVIDERS),
    "finance:declaration": policy.page(
        "one declaration with the reason per refused line", PROVIDERS, CONTROLLERS
    ),
    "finance:declarations": policy.page("all declarations and payment batches", CONTROLLERS),
    "finance:batch_create": policy.action("a payment batch of approved lines", CONTROLLERS),
    "finance:batch_xml": policy.page("a payment batch as SEPA pain.001", CONTROLLERS),
    "finance:hardship_new": policy.page(
        "propose a hardship payment for a household in the caseload", PROFESSIONALS
    ),
    "finance:hardship_list": policy.page(
        "hardship proposals waiting for a decision (amounts, no names)", DECIDERS, PROFESSIONALS
    ),
    "finance:hardship_decide": policy.action("decide a hardship proposal", DECIDERS),
    "finance:reserve": policy.page(
        "the reserve, drawdowns and hardship money per blocking rule", FIGURES
    ),
    "finance:drawdown": policy.action("a drawdown from the reserve", CONTROLLERS),
}
OPERATIONS: dict = {}
