"""Who may see and do what on the help routes: role groups, `visible_*`/`access_*`, and the
executable policy of every page and API operation (the authorisation matrix runs them).

Who sees what:

* residents: their own requests and involvements, and those of children they represent;
* case workers: requests whose route passes one of their organisations (sent, received or
  escalated to it as the regie team) or that they opened, and the involvements and signals
  of their own organisations; the question itself only through the vault (grant, legal
  basis or break-glass), logged in the resident's access log;
* team leads: additionally, whether contact was made on their organisations' signals;
* council members and policy officers: aggregate figures, never a person;
* everyone else: nothing (403, or an empty list in the API).

A case worker reaches a resident (to open a request for them or to register involvement)
only in the work area of their teams or with a basis in the vault (`reachable_residents`);
a BSN outside that reach answers exactly like a BSN that does not exist.

Views and API views find objects only through the functions here; every page that shows
a case worker a resident's name passes them to `vault.registration.show`.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from leefwereld.core import policy
from leefwereld.core.actor import Actor
from leefwereld.core.models import Membership, Resident
from leefwereld.core.roles import Role
from leefwereld.vault import access as vault
from leefwereld.vault import registration

from .models import Escalation, Handover, HelpRequest, Involvement, InvolvementSignal

# --- role groups (the only definitions; views, forms and services import these) ----------

RESIDENTS = policy.RESIDENTS
CASEWORK = policy.CASEWORK
TEAM_LEADS = policy.roles(Role.TEAM_LEAD)
# Who works help requests in a neighbourhood team or provider (the demo assigns them).
REQUEST_WORKERS = policy.roles(Role.PROFESSIONAL, Role.TEAM_LEAD)
COUNCIL = policy.COUNCIL


# --- who is who -----------------------------------------------------------------------------


def organisation_ids(actor: Actor) -> list[int]:
    """The organisations the actor works for (cached on the user object)."""
    user = actor.user
    if not hasattr(user, "_routes_organisations"):
        user._routes_organisations = list(  # type: ignore[attr-defined]
            Membership.objects.filter(user=user)
            .order_by("pk")
            .values_list("organisation_id", flat=True)
        )
    return user._routes_organisations  # type: ignore[attr-defined]


def works_for(actor: Actor, organisation_id: int | None) -> bool:
    """A case worker of this organisation."""
    return (
        organisation_id is not None
        and actor.user.is_active
        and actor.role in CASEWORK
        and organisation_id in organisation_ids(actor)
    )


def subjects(actor: Actor) -> list[Resident]:
    """The residents whose requests a resident's account manages: their own and those of
    the children they represent (empty for every other role)."""
    return vault.subjects_of(actor)


def is_subject(actor: Actor, resident: Resident) -> bool:
    """The resident themself, or their legal representative."""
    return resident.pk in {r.pk for r in subjects(actor)}


def reachable_residents(actor: Actor) -> QuerySet[Resident]:
    """Whom the actor may open a request for (and a case worker register involvement
    with): a resident themself and the children they represent; a case worker the
    residents of their teams' work area and those they hold a basis for in the vault."""
    if not actor.user.is_active:
        return Resident.objects.none()
    if actor.role == Role.RESIDENT:
        return Resident.objects.filter(pk__in=[r.pk for r in subjects(actor)])
    if actor.role not in CASEWORK:
        return Resident.objects.none()
    return Resident.objects.filter(
        Q(pk__in=registration.work_area(actor).values("pk"))
        | Q(pk__in=vault.caseload(actor).values("pk"))
    )


def may_reach(actor: Actor, resident: Resident) -> bool:
    """Whether `resident` is within the actor's reach (see reachable_residents)."""
    if actor.role == Role.RESIDENT:
        return is_subject(actor, resident)
    return reachable_residents(actor).filter(pk=resident.pk).exists()


def resident_by_bsn(actor: Actor, bsn: str) -> Resident | None:
    """The resident with this BSN if the case worker may reach them; None otherwise, the
    same answer whether the BSN does not exist or belongs to someone out of reach."""
    return reachable_residents(actor).filter(bsn=bsn).select_related("household").first()


# --- help requests ----------------------------------------------------------------------------


def visible_requests(actor: Actor) -> QuerySet[HelpRequest]:
    """Requests the actor may see, decided in one query: residents their own (and their
    children's); case workers those whose route passes one of their organisations, those
    escalated to their (regie) organisation and those they opened."""
    requests = HelpRequest.objects.all()
    user = actor.user
    if not user.is_active:
        return requests.none()
    if actor.role == Role.RESIDENT:
        return requests.filter(resident__in=[r.pk for r in subjects(actor)])
    if actor.role not in CASEWORK:
        return requests.none()
    orgs = Membership.objects.filter(user=user).values("organisation_id")
    return requests.filter(
        Q(opened_by=user)
        | Q(pk__in=Handover.objects.filter(to_organisation_id__in=orgs).values("request_id"))
        | Q(pk__in=Handover.objects.filter(from_organisation_id__in=orgs).values("request_id"))
        | Q(pk__in=Escalation.objects.filter(regie_organisation_id__in=orgs).values("request_id"))
    )


def access_request(actor: Actor, pk: int, *related: str) -> HelpRequest:
    """One visible request (404 when it does not exist or is not the actor's to see)."""
    return get_object_or_404(visible_requests(actor).select_related(*related), pk=pk)


def access_escalation(actor: Actor, pk: int) -> Escalation:
    """An escalation to one of the actor's (regie) organisations."""
    return get_object_or_404(
        Escalation.objects.filter(regie_organisation_id__in=organisation_ids(actor)), pk=pk
    )


def visible_referrals(actor: Actor) -> QuerySet[Handover]:
    """The handovers of the requests the actor may see."""
    return Handover.objects.filter(request__in=visible_requests(actor).values("pk"))


# --- the involvement signal ---------------------------------------------------------------------


def active_involvements(today: datetime.date | None = None) -> QuerySet[Involvement]:
    """Involvements still in force: an expired one counts as deleted even before the tick
    removes it."""
    return Involvement.objects.filter(delete_after__gt=today or timezone.localdate())


def visible_involvements(actor: Actor) -> QuerySet[Involvement]:
    """Residents: the registrations about them (and their children); case workers: those of
    their own organisations; everyone else: none."""
    involvements = active_involvements()
    if not actor.user.is_active:
        return involvements.none()
    if actor.role == Role.RESIDENT:
        return involvements.filter(resident__in=[r.pk for r in subjects(actor)])
    if actor.role in CASEWORK:
        return involvements.filter(organisation_id__in=organisation_ids(actor))
    return involvements.none()


def access_involvement(actor: Actor, pk: int) -> Involvement:
    """An involvement of one of the case worker's organisations (to end it)."""
    if actor.role not in CASEWORK:
        return get_object_or_404(Involvement.objects.none(), pk=pk)
    return get_object_or_404(visible_involvements(actor), pk=pk)


def _live_signals() -> QuerySet[InvolvementSignal]:
    """Signals whose both sides still count (an expired involvement counts as deleted)."""
    today = timezone.localdate()
    return InvolvementSignal.objects.filter(recipient__delete_after__gt=today).filter(
        Q(other__isnull=True) | Q(other__delete_after__gt=today)
    )


def visible_signals(actor: Actor) -> QuerySet[InvolvementSignal]:
    """The signals addressed to the case worker's own registrations."""
    if actor.role not in CASEWORK or not actor.user.is_active:
        return InvolvementSignal.objects.none()
    return _live_signals().filter(recipient__professional=actor.user)


def team_signals(actor: Actor) -> QuerySet[InvolvementSignal]:
    """A team lead: every signal of their organisations (to see whether contact was made)."""
    if actor.role not in TEAM_LEADS or not actor.user.is_active:
        return InvolvementSignal.objects.none()
    return _live_signals().filter(recipient__organisation_id__in=organisation_ids(actor))


def access_signal(actor: Actor, pk: int) -> InvolvementSignal:
    """A signal for the case worker or one of their organisations."""
    if actor.role not in CASEWORK:
        return get_object_or_404(InvolvementSignal.objects.none(), pk=pk)
    return get_object_or_404(
        _live_signals().filter(
            Q(recipient__professional=actor.user)
            | Q(recipient__organisation_id__in=organisation_ids(actor))
        ),
        pk=pk,
    )


# --- the executable policies --------------------------------------------------------------------


OWN = "own data: the resident (or their legal representative), nobody else"
ROUTE = "case workers of organisations on the request's route (and the regie team); name logged"
FORM = "a form; shows no personal data until submitted"
AGGREGATE = "aggregates per neighbourhood and organisation; council members, policy officers"
# The question is read through the vault: the resident, or a case worker on the route
# who holds a grant, a legal basis or broke the glass.
ROUTE_QUESTION = policy.within(CASEWORK, policy.with_basis(owner=False))
QUESTION = policy.any_of(policy.own_only, ROUTE_QUESTION)
ON_ROUTE = policy.only(*CASEWORK)
OWN_OR_ROUTE = policy.any_of(policy.own_only, ON_ROUTE)

URLS: dict[str, policy.Policy | str] = {
    # Residents: "Waar sta ik?"
    "routes:where_am_i": policy.page(OWN, RESIDENTS, personal=policy.own_only),
    "routes:request_new": policy.page(FORM + " (residents ask for help)", RESIDENTS),
    "routes:ask": policy.page(
        "a list of topics, each leading to the right form; no personal data", RESIDENTS
    ),
    "routes:my_request": policy.page(
        OWN + "; the question through the vault's own-data read (logged)",
        RESIDENTS,
        personal=policy.own_only,
    ),
    "routes:pillar_to_post": policy.action("the resident reports pillar to post", RESIDENTS),
    "routes:share": policy.action("the resident gives a vault grant", RESIDENTS),
    "routes:withdraw": policy.action("the resident withdraws the request", RESIDENTS),
    "routes:my_involvements": policy.page(
        OWN + "; organisation names and dates only", RESIDENTS, personal=policy.own_only
    ),
    # Case workers and the regie team.
    "routes:worklist": policy.page(ROUTE, CASEWORK, personal=ON_ROUTE),
    "routes:request_open_for": policy.page(FORM + " (case workers)", CASEWORK),
    "routes:request_detail": policy.page(
        ROUTE + "; the question only with a vault basis (logged)",
        CASEWORK,
        personal=ROUTE_QUESTION,
    ),
    "routes:refer": policy.page(
        ROUTE + " (the organisation holding the request)", CASEWORK, personal=ON_ROUTE
    ),
    "routes:accept": policy.action("the receiving organisation", CASEWORK),
    "routes:refuse": policy.action("the receiving organisation", CASEWORK),
    "routes:escalate": policy.action("the organisation holding the request", CASEWORK),
    "routes:close": policy.action("the organisation holding the request", CASEWORK),
    "routes:add_note": policy.action("writes through the vault's access layer", CASEWORK),
    "routes:take_ownership": policy.action("the regie team", CASEWORK),
    # The involvement signal.
    "routes:involvements": policy.page(
        "case workers: their organisations' involvements and their own signals; names logged",
        CASEWORK,
        personal=ON_ROUTE,
    ),
    "routes:involvement_new": policy.page(
        FORM + " (case workers; a BSN out of reach answers as one that does not exist)",
        CASEWORK,
    ),
    "routes:involvement_end": policy.action("the registering organisation", CASEWORK),
    "routes:signal_contact": policy.action("the signal's recipient", CASEWORK),
    "routes:involvement_team": policy.page(
        "team leads: signals of their organisations, contact made or not; names logged",
        TEAM_LEADS,
        personal=policy.only(Role.TEAM_LEAD.value),
    ),
    # Council members and policy officers.
    "routes:figures": policy.page(AGGREGATE, COUNCIL),
}

# The API's router names: classified per OpenAPI operation below.
API = "see OPERATIONS"
URLS.update(
    dict.fromkeys(
        (
            "routes-request-list",
            "routes-request-detail",
            "routes-request-accept",
            "routes-request-close",
            "routes-request-escalate",
            "routes-request-pillar-to-post",
            "routes-request-question",
            "routes-request-refer",
            "routes-request-refuse",
            "routes-request-share",
            "routes-request-take-ownership",
            "routes-request-withdraw",
            "routes-referral-list",
            "routes-referral-detail",
            "routes-involvement-list",
            "routes-involvement-end",
            "routes-signal-list",
            "routes-signal-contact-made",
        ),
        API,
    )
)

API_ROUTE = "residents: own; case workers: requests on their organisations' routes (logged)"
EVERY_USER = policy.EVERYONE  # lists answer every logged-in user, empty when nothing is theirs

OPERATIONS: dict[tuple[str, str], policy.Policy] = {
    ("/api/v1/help-requests/", "get"): policy.page(
        API_ROUTE + "; routing metadata only", EVERY_USER, personal=OWN_OR_ROUTE
    ),
    ("/api/v1/help-requests/", "post"): policy.action(
        "opens a request through services.open_request", RESIDENTS, CASEWORK
    ),
    ("/api/v1/help-requests/{id}/", "get"): policy.page(
        API_ROUTE + "; routing metadata only", RESIDENTS, CASEWORK, personal=OWN_OR_ROUTE
    ),
    ("/api/v1/help-requests/{id}/question/", "get"): policy.page(
        "the question through vault.access.read_record (grant, basis, break-glass, own; logged)",
        RESIDENTS,
        CASEWORK,
        personal=QUESTION,
    ),
    ("/api/v1/help-requests/{id}/refer/", "post"): policy.action(
        "the organisation holding the request", CASEWORK
    ),
    ("/api/v1/help-requests/{id}/accept/", "post"): policy.action(
        "the receiving organisation", CASEWORK
    ),
    ("/api/v1/help-requests/{id}/refuse/", "post"): policy.action(
        "the receiving organisation", CASEWORK
    ),
    ("/api/v1/help-requests/{id}/escalate/", "post"): policy.action(
        "the organisation holding the request", CASEWORK
    ),
    ("/api/v1/help-requests/{id}/pillar-to-post/", "post"): policy.action(
        "the resident (or the holding organisation on their behalf)", RESIDENTS, CASEWORK
    ),
    ("/api/v1/help-requests/{id}/take-ownership/", "post"): policy.action(
        "the regie team", CASEWORK
    ),
    ("/api/v1/help-requests/{id}/close/", "post"): policy.action(
        "the organisation holding the request", CASEWORK
    ),
    ("/api/v1/help-requests/{id}/share/", "post"): policy.action(
        "the resident (a vault grant)", RESIDENTS
    ),
    ("/api/v1/help-requests/{id}/withdraw/", "post"): policy.action("the resident", RESIDENTS),
    ("/api/v1/referrals/", "get"): policy.page(
        "handovers of visible requests: organisations and dates, no resident", EVERY_USER
    ),
    ("/api/v1/referrals/{id}/", "get"): policy.page(
        "one handover of a visible request: organisations and dates, no resident",
        RESIDENTS,
        CASEWORK,
    ),
    ("/api/v1/involvements/", "get"): policy.page(
        "case workers: own organisations' registrations; residents: organisation names only",
        EVERY_USER,
        personal=ON_ROUTE,
    ),
    ("/api/v1/involvements/", "post"): policy.action(
        "case workers register for their own organisation, within reach and the Jeugdwet",
        CASEWORK,
    ),
    ("/api/v1/involvements/{id}/end/", "post"): policy.action(
        "the registering organisation", CASEWORK
    ),
    ("/api/v1/involvement-signals/", "get"): policy.page(
        "the signal's recipient: other professionals' contact details, never content",
        EVERY_USER,
        personal=policy.only(Role.PROFESSIONAL.value),
    ),
    ("/api/v1/involvement-signals/{id}/contact-made/", "post"): policy.action(
        "the signal's recipient", CASEWORK
    ),
}
