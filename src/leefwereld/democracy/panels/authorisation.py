"""Who may do what with citizen panels: the role group, the functions that find a panel
for a page, and the policy of every URL and API operation (the authorisation matrix,
tests/test_authorisation_matrix.py, executes URLS and OPERATIONS).

Three kinds of page:

* public — no login, no personal data: volunteers appear only by their random public id;
* municipality — the managers (policy officers and administrators, the same group as
  Meedoen's: `leefwereld.democracy.authorisation.MANAGER_ROLES`); the pool and draw pages
  show the names and contact details volunteers gave (never data from the vault, never a
  resident of the test world);
* action — POST only (`require_POST`), answers with a redirect, shows nothing itself.

The panels' own tests check the claims: the public page and the API show no names
(test_public.py), residents get 403 on the municipality's pages (test_setup.py).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from leefwereld.core import policy
from leefwereld.core.actor import Actor
from leefwereld.democracy.authorisation import MANAGER_ROLES

from .models import Panel, SelectionRun
from .public import HEAVY_RUN_FIELDS

__all__ = [
    "MANAGER_ROLES",
    "OPERATIONS",
    "URLS",
    "access_panel",
    "access_run",
    "visible_panels",
    "visible_runs",
]


def visible_panels(actor: Actor | None) -> QuerySet[Panel]:
    """Every panel for the managers; the public (`actor` None) sees panels once
    recruitment started. The heavy columns of the published run are left out."""
    panels = Panel.objects.select_related("published_run").defer(
        *(f"published_run__{name}" for name in HEAVY_RUN_FIELDS)
    )
    if actor is not None and actor.role in MANAGER_ROLES:
        return panels
    return panels.exclude(status=Panel.Status.DRAFT)


def access_panel(actor: Actor | None, pk: int) -> Panel:
    """A panel the actor may see, or 404."""
    try:
        return visible_panels(actor).get(pk=pk)
    except Panel.DoesNotExist:
        raise Http404 from None


def visible_runs(actor: Actor) -> QuerySet[SelectionRun]:
    """Selection runs: for the managers only."""
    if actor.role not in MANAGER_ROLES:
        return SelectionRun.objects.none()
    return SelectionRun.objects.select_related("panel", "created_by")


def access_run(actor: Actor, pk: int) -> SelectionRun:
    try:
        return visible_runs(actor).get(pk=pk)
    except SelectionRun.DoesNotExist:
        raise Http404 from None


PUBLIC = policy.public("no personal data (anonymous public ids only)")
# Names and contact details volunteers gave the municipality (not vault data): the
# managers see them, in every state of access; no one else does.
MUNICIPALITY = policy.page(
    "managers: volunteers' names and contact details (not vault data)",
    MANAGER_ROLES,
    personal=policy.only(*MANAGER_ROLES),
)
MANAGE = policy.page("managers; no personal data", MANAGER_ROLES)
ACTION = policy.action("POST only, managers: changes state and redirects", MANAGER_ROLES)

URLS: dict[str, policy.Policy] = {
    "panels:list": PUBLIC,
    "panels:public": PUBLIC,
    "panels:lottery_file": policy.public("the published lottery file"),
    "panels:replacement_file": policy.public("the published lottery of a replacement round"),
    "panels:register": policy.public(
        "a resident with a letter registers; the code is the credential, the page shows "
        "only what the visitor typed"
    ),
    "panels:registered": policy.public("the visitor's own anonymous id, once (from the session)"),
    "panels:manage": MANAGE,
    "panels:create": MANAGE,
    "panels:manage_panel": policy.page("aggregates and the event log", MANAGER_ROLES),
    "panels:edit": MANAGE,
    "panels:quotas": MANAGE,
    "panels:invite": policy.page(
        "a form; the POST answer is the letters PDF (residents' names and addresses, not cached)",
        MANAGER_ROLES,
    ),
    "panels:pool": MUNICIPALITY,
    "panels:selection": MANAGE,
    "panels:run": policy.page("probabilities by anonymous id", MANAGER_ROLES),
    "panels:run_progress": policy.page("an htmx progress fragment", MANAGER_ROLES),
    # Once a panel is published the page lists the drawn members' names (to contact
    # them); the matrix's sample panel is not published, so only the pool page's cells
    # check who sees a volunteer's name.
    "panels:draw": policy.page(
        "managers; the drawn members' names once published (not vault data)", MANAGER_ROLES
    ),
    "panels:transition": ACTION,
    "panels:resuggest": ACTION,
    "panels:add_category": ACTION,
    "panels:remove_category": ACTION,
    "panels:import_pool": ACTION,
    "panels:withdraw": ACTION,
    "panels:start_selection": ACTION,
    "panels:cancel_run": ACTION,
    "panels:relax": ACTION,
    "panels:publish": ACTION,
    "panels:dropout": ACTION,
    "panels:prepare_replacements": ACTION,
    # After the draw (issue 19). The public and the council follow the advice, its answer
    # and implementation; members act with their letter's code, never a name on the page.
    "panels:accountability": policy.public("published recommendations, answers, implementation"),
    "panels:recommendation_public": PUBLIC,
    "panels:member": policy.public(
        "a member signs in with the code from their letter; the page shows the next meeting "
        "and the member's own votes, by anonymous id only"
    ),
    "panels:member_vote": policy.public(
        "POST only; the member's session (from their letter's code) is the credential"
    ),
    "panels:meetings": policy.page("meetings with counts and allowance totals", MANAGER_ROLES),
    "panels:meeting": policy.page(
        "managers: members' names with attendance and allowances (not vault data)",
        MANAGER_ROLES,
        personal=policy.only(*MANAGER_ROLES),
    ),
    "panels:advice": policy.page("the panel's recommendations and their support", MANAGER_ROLES),
    "panels:recommendation": policy.page(
        "managers: members' names to record the vote in the room (not vault data)",
        MANAGER_ROLES,
        personal=policy.only(*MANAGER_ROLES),
    ),
    "panels:recommendation_step": ACTION,
    "panels:answer": ACTION,
    "panels:implementation": ACTION,
    # The API router's URL names (the operations are in OPERATIONS).
    "panel-list": PUBLIC,
    "panel-detail": PUBLIC,
}

OPERATIONS: dict[tuple[str, str], policy.Policy] = {
    ("/api/v1/panels/", "get"): PUBLIC,
    ("/api/v1/panels/{id}/", "get"): PUBLIC,
}
