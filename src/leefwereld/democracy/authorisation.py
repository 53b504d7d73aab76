"""Who may do what in Meedoen: the role groups, the functions that find what an actor may
see, and the policy of every page and API operation (the authorisation matrix,
tests/test_authorisation_matrix.py, executes URLS and OPERATIONS).

Meedoen publishes what residents decide together; it shows no personal data except:

* the voting-code file (names and addresses of residents who vote on paper, with their
  codes): the municipality's managers only, made on a POST and never stored;
* a resident's own eligibility and own ballot while voting is open (the vote page);
* contact persons of an initiative (professionals' names, by their own choice): logged-in
  users only.

Hardship decisions under a blocking rule are published on the rule's page as anonymous
facts (date, law, deciding organisation, a description without personal data); who
recorded one is never shown, and there is no link to a resident.

Who proposed, supported, voted or reported is never shown. Drafts and analysis rounds are
for the managers and council members (`visible_rounds`).

**Managers** are the policy officer and the administrator, here and in the citizen panels
(`leefwereld.democracy.panels.authorisation` imports this group): the municipality's
functional administrator runs participation with the policy officers (the panels' draw
needs two officials). See docs/democracy.md, "Who may do what".
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from leefwereld.core import policy
from leefwereld.core.actor import Actor
from leefwereld.core.policy import COUNCIL, EVERYONE, RESIDENTS
from leefwereld.core.roles import Role

from .models import BudgetRound, Initiative, Phase, StartupGrant

# --- role groups (one definition each) -----------------------------------------------------

# The municipality runs rounds, answers initiatives, sets rule statuses, decides challenges
# and sets up citizen panels.
MANAGER_ROLES = policy.roles(Role.POLICY_OFFICER, Role.ADMINISTRATOR)
# The council page (aggregates): council members and policy officers.
COUNCIL_ROLES = COUNCIL
# Drafts and analysis rounds are visible to these (council members: no drafts).
ROUND_STAFF_ROLES = policy.roles(MANAGER_ROLES, Role.COUNCIL_MEMBER)
# A closed round's anonymous ballots as a pabulib file.
EXPORTER_ROLES = ROUND_STAFF_ROLES
# Who may be an initiative's contact person (by their own choice).
CONTACT_ROLES = policy.roles(Role.PROFESSIONAL, Role.TEAM_LEAD, Role.POLICY_OFFICER)
# The contact page: contacts offer themselves, managers link one.
CONTACT_PAGE_ROLES = policy.roles(CONTACT_ROLES, MANAGER_ROLES)
# Staff who take hardship decisions (or record them for their organisation).
HARDSHIP_ROLES = policy.roles(
    Role.PROFESSIONAL, Role.TEAM_LEAD, Role.DEBT_OFFICER, Role.POLICY_OFFICER
)
# Residents propose, support, vote, register initiatives and bid.
# The advisory council channel: who sends advice (the adviesraad; a provider's client
# council through its provider's account), and who follows open requests.
ADVISORY_COUNCIL_ROLES = policy.roles(Role.ADVISORY_COUNCIL)
ADVISORY_SENDER_ROLES = policy.roles(ADVISORY_COUNCIL_ROLES, Role.PROVIDER)
ADVISORY_VIEWER_ROLES = policy.roles(MANAGER_ROLES, Role.COUNCIL_MEMBER, Role.ADVISORY_COUNCIL)
PARTICIPANT_ROLES = RESIDENTS


def is_manager(actor: Actor | None) -> bool:
    return actor is not None and actor.role in MANAGER_ROLES


def viewer(request: HttpRequest) -> Actor | None:
    """The actor of a public page: None for an anonymous visitor."""
    from leefwereld.core.actor import actor_of

    return actor_of(request) if request.user.is_authenticated else None


# --- what an actor may see -----------------------------------------------------------------


def visible_rounds(actor: Actor | None) -> QuerySet[BudgetRound]:
    """Public rounds; analysis rounds and drafts for the staff who run them (council members
    see analysis rounds, not drafts)."""
    rounds = BudgetRound.objects.all()
    role = actor.role if actor is not None else None
    if role in MANAGER_ROLES:
        return rounds
    if role in ROUND_STAFF_ROLES:
        return rounds.exclude(phase=Phase.DRAFT)
    return rounds.filter(is_analysis=False).exclude(phase=Phase.DRAFT)


def access_round(actor: Actor | None, pk: int) -> BudgetRound:
    """A round the actor may see, or 404."""
    try:
        return visible_rounds(actor).select_related("municipality").get(pk=pk)
    except BudgetRound.DoesNotExist:
        raise Http404 from None


def may_edit_links(actor: Actor, initiative: Initiative) -> bool:
    """The initiator links their own initiative; managers link any."""
    return actor.role in MANAGER_ROLES or initiative.initiator_id == actor.user.pk


def may_report_effects(actor: Actor, grant: StartupGrant) -> bool:
    return actor.role in MANAGER_ROLES or grant.initiative.initiator_id == actor.user.pk


# --- policies --------------------------------------------------------------------------------

PUBLIC = policy.public("published data only, no person")
PUBLIC_CODE = policy.public(
    "published data only; a voting-code form (wrong codes throttled per address)"
)
OFFICER = policy.page("the municipality's managers; no personal data", MANAGER_ROLES)
ACTION = policy.action("POST only, the municipality's managers; changes state", MANAGER_ROLES)

URLS: dict[str, policy.Policy] = {
    "democracy:index": PUBLIC,
    "democracy:round_list": PUBLIC,
    "democracy:round_detail": policy.public(
        "published data only (drafts and analysis rounds: staff who run them)"
    ),
    "democracy:round_result": policy.public("published data only, after voting closed"),
    "democracy:project_detail": PUBLIC,
    "democracy:vote_with_code": PUBLIC_CODE,
    "democracy:propose": policy.page("a form (residents of the round's area)", RESIDENTS),
    "democracy:project_support": policy.action("support an idea (residents)", RESIDENTS),
    "democracy:vote": policy.page(
        "the resident's own eligibility and own ballot", RESIDENTS, personal=policy.own_only
    ),
    "democracy:round_export": policy.page(
        "anonymous ballots as pabulib, after closing", EXPORTER_ROLES
    ),
    "democracy:manage": OFFICER,
    "democracy:round_create": OFFICER,
    "democracy:round_import": OFFICER,
    "democracy:round_manage": policy.page("counts of voters and codes, no names", MANAGER_ROLES),
    "democracy:round_transition": ACTION,
    # The codes file (names, addresses, codes) is the answer to a POST, never stored;
    # the page itself is a form.
    "democracy:voting_codes": policy.page(
        "a form; the POST answer is the paper voters' codes file", MANAGER_ROLES
    ),
    "democracy:project_review": OFFICER,
    "democracy:realisation_update": OFFICER,
    "democracy:initiative_list": PUBLIC,
    "democracy:initiative_detail": policy.public(
        "published data; contact persons' names (professionals by choice) when logged in"
    ),
    "democracy:initiative_create": policy.page("a form (residents)", RESIDENTS),
    "democracy:initiative_answer": OFFICER,
    "democracy:initiative_link": policy.page(
        "the initiator (a resident) or a manager", RESIDENTS, MANAGER_ROLES
    ),
    "democracy:initiative_contact": policy.page(
        "contacts offer themselves; managers link a member of staff", CONTACT_PAGE_ROLES
    ),
    "democracy:grant_create": OFFICER,
    "democracy:grant_report": policy.page(
        "the initiator (a resident) or a manager", RESIDENTS, MANAGER_ROLES
    ),
    "democracy:rule_list": PUBLIC,
    "democracy:rule_detail": PUBLIC,
    "democracy:rule_report": policy.page("a form (any logged-in user)", EVERYONE),
    "democracy:rule_support": policy.action("support a rule (any logged-in user)", EVERYONE),
    "democracy:rule_status": OFFICER,
    "democracy:rule_hardship": policy.page(
        "a form to record an anonymous hardship decision", HARDSHIP_ROLES
    ),
    "democracy:council": policy.page("aggregates for the council", COUNCIL_ROLES),
    "democracy:challenge_list": PUBLIC,
    "democracy:challenge_detail": PUBLIC,
    "democracy:challenge_create": policy.page("a form (residents)", RESIDENTS),
    "democracy:challenge_join": policy.action("join a bid (residents)", RESIDENTS),
    "democracy:challenge_criteria": OFFICER,
    "democracy:challenge_decide": OFFICER,
    # The API's router names (each operation has its policy in OPERATIONS).
    "democracy-round-list": PUBLIC,
    "democracy-round-detail": PUBLIC,
    "democracy-round-result": PUBLIC,
    "democracy-project-list": PUBLIC,
    "democracy-project-detail": PUBLIC,
    "democracy-project-support": policy.action("support an idea (residents)", RESIDENTS),
    "democracy-initiative-list": PUBLIC,
    "democracy-initiative-detail": PUBLIC,
    "democracy-rule-list": PUBLIC,
    "democracy-rule-detail": PUBLIC,
    "democracy-rule-support": policy.action("support a rule (any logged-in user)", EVERYONE),
    "democracy-challenge-list": PUBLIC,
    "democracy-challenge-detail": PUBLIC,
}

RESIDENT_WRITE = policy.action("creates through services.py (residents)", RESIDENTS)
ANYONE_WRITE = policy.action("creates through services.py (any logged-in user)", EVERYONE)

URLS.update(
    {
        # The advisory council channel (issue 19): published responses are public; open
        # requests only for the adviesraad, the council and the managers (no personal data).
        "democracy:advisory_list": policy.public(
            "published advice and responses; open requests only for the viewer roles"
        ),
        "democracy:advisory_detail": policy.public(
            "a published response; an open request only for the viewer roles (else 404)"
        ),
        "democracy:advisory_ask": policy.page("the college asks for advice", MANAGER_ROLES),
        "democracy:advisory_unsolicited": policy.page(
            "the adviesraad or a provider's client council sends advice", ADVISORY_SENDER_ROLES
        ),
        "democracy:advisory_advise": policy.action(
            "POST only: the adviesraad answers", ADVISORY_COUNCIL_ROLES
        ),
        "democracy:advisory_respond": policy.action(
            "POST only: the college's response per point", MANAGER_ROLES
        ),
    }
)

OPERATIONS: dict[tuple[str, str], policy.Policy] = {
    ("/api/v1/budget-rounds/", "get"): policy.public(
        "published rounds (drafts and analysis rounds: staff)"
    ),
    ("/api/v1/budget-rounds/{id}/", "get"): policy.public(
        "a published round (drafts and analysis rounds: staff)"
    ),
    ("/api/v1/budget-rounds/{id}/result/", "get"): policy.public("after voting closed"),
    ("/api/v1/budget-projects/", "get"): PUBLIC,
    ("/api/v1/budget-projects/", "post"): RESIDENT_WRITE,
    ("/api/v1/budget-projects/{id}/", "get"): PUBLIC,
    ("/api/v1/budget-projects/{id}/support/", "post"): RESIDENT_WRITE,
    ("/api/v1/budget-projects/{id}/support/", "delete"): RESIDENT_WRITE,
    ("/api/v1/initiatives/", "get"): PUBLIC,
    ("/api/v1/initiatives/", "post"): RESIDENT_WRITE,
    ("/api/v1/initiatives/{id}/", "get"): PUBLIC,
    ("/api/v1/blocking-rules/", "get"): PUBLIC,
    ("/api/v1/blocking-rules/", "post"): ANYONE_WRITE,
    ("/api/v1/blocking-rules/{id}/", "get"): PUBLIC,
    ("/api/v1/blocking-rules/{id}/support/", "post"): ANYONE_WRITE,
    ("/api/v1/blocking-rules/{id}/support/", "delete"): ANYONE_WRITE,
    ("/api/v1/challenges/", "get"): PUBLIC,
    ("/api/v1/challenges/{id}/", "get"): PUBLIC,
}
