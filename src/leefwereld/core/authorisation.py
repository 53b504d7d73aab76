"""The shell's pages and the core API (the basic registration) as executable policies.

The basic registration's rules themselves live behind the vault's door
(`leefwereld.vault.registration`, ADR 0011); this module only states, per page and API
operation, who may open it and whose personal data it may show, for the authorisation
matrix (tests/test_authorisation_matrix.py, objects from `core/tests/matrix.py`).
"""

from __future__ import annotations

from leefwereld.core import policy
from leefwereld.core.roles import Role

P = policy.page
A = policy.action

# The shell's role groups (core/views.py's pages).
HOUSEHOLD = policy.HOUSEHOLD
PROFESSIONALS = policy.roles(policy.CASEWORK, Role.OMBUDSMAN, Role.PROVIDER)
COUNCIL = policy.COUNCIL
# The council's start page (aggregates per neighbourhood) is also the budget holder's and
# the advisory council's: both work from the same neighbourhood figures.
COUNCIL_HOME = policy.roles(COUNCIL, Role.CONTROLLER, Role.ADVISORY_COUNCIL)
ADMINISTRATORS = policy.roles(Role.ADMINISTRATOR)


def basic_registration(actor: str, state: str) -> bool:
    """The core API's residents and households: the owner's household, the administrator,
    and whoever has the subject in their caseload (ADR 0011) — never the work area as such."""
    return actor == Role.ADMINISTRATOR.value or policy.with_basis(owner=True)(actor, state)


URLS: dict[str, policy.Policy] = {
    "home": P("redirects to the home page of the role"),
    "resident_home": P("the resident's own start page", HOUSEHOLD, personal=policy.own_only),
    "professional_home": P("the user's own organisations and neighbourhoods", PROFESSIONALS),
    "council_home": P("aggregates per neighbourhood", COUNCIL_HOME),
    "administrator_home": P("counts only", ADMINISTRATORS),
    "login": policy.public("the login form"),
    "health": policy.public("says the database answers; nothing else"),
    "logout": A("logs out"),
    "second_factor": P("the user's own TOTP set-up"),
    "set_language": policy.public("switches the language"),
    "api-root": P("links to the API resources"),
    "api-schema": policy.public("the OpenAPI schema"),
    "api-docs": policy.public("Swagger UI"),
}

API = "/api/v1"
REFERENCE = "public reference data"

OPERATIONS: dict[tuple[str, str], policy.Policy] = {
    (f"{API}/me/", "get"): P("the caller's own account"),
    (f"{API}/municipalities/", "get"): P(REFERENCE),
    (f"{API}/municipalities/{{id}}/", "get"): P(REFERENCE),
    (f"{API}/neighbourhoods/", "get"): P(REFERENCE),
    (f"{API}/neighbourhoods/{{id}}/", "get"): P(REFERENCE),
    (f"{API}/organisations/", "get"): P("organisations, no residents"),
    (f"{API}/organisations/{{id}}/", "get"): P("organisations, no residents"),
    (f"{API}/residents/", "get"): P("the basic registration", personal=basic_registration),
    (f"{API}/residents/{{id}}/", "get"): P("one resident", personal=basic_registration),
    (f"{API}/households/", "get"): P("households", personal=basic_registration),
    (f"{API}/households/{{id}}/", "get"): P("one household", personal=basic_registration),
}
