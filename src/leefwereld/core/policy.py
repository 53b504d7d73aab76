"""Executable access policies: one `Policy` per page and API operation.

Each app's `authorisation.py` builds its `URLS` (URL name → Policy) and `OPERATIONS`
((path, method) → Policy) tables from these objects, next to its role groups and its
`visible_<things>(actor)` / `access_<thing>(actor, pk)` functions, which the views use.
The authorisation matrix (tests/test_authorisation_matrix.py) executes every policy:

* every role opens every page; a role outside `roles` gets no page (login redirect, 403,
  404 or 405) and sees nothing personal;
* a page that can show a resident's personal data (`personal` set) is opened by every role
  and by the resident who owns the data, in every state of access — no basis, an active,
  expired or revoked grant, a grant for another household, a legal basis, break-glass — and
  must show the data exactly when `personal(actor, state)` says so.

A URL or operation without a policy fails the matrix. The matrix builds each app's objects
about its test resident with `leefwereld.<app>.tests.matrix.build(world)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .roles import CASEWORK_ROLES, Role

# An actor in the matrix: "owner" (the resident the data is about) or a role's value.
OWNER = "owner"
# The states of access the matrix builds a world for.
STATES = ("none", "active", "expired", "revoked", "other_household", "legal_basis", "break_glass")

Sees = Callable[[str, str], bool]


def roles(*members: Role | str | Iterable[Role | str]) -> frozenset[str]:
    """A role group: a frozenset of role values, from roles or other groups."""
    out: set[str] = set()
    for member in members:
        if isinstance(member, str):
            out.add(str(member))
        else:
            out |= {str(r) for r in member}
    return frozenset(out)


EVERYONE = roles(*Role)
RESIDENTS = roles(Role.RESIDENT)
HOUSEHOLD = roles(Role.RESIDENT, Role.NETWORK_MEMBER)
CASEWORK = roles(CASEWORK_ROLES)
COUNCIL = roles(Role.COUNCIL_MEMBER, Role.POLICY_OFFICER)
# Roles that may hold a vault grant (council, policy and administrator never do).
GRANTEES = roles(CASEWORK, Role.OMBUDSMAN, Role.NETWORK_MEMBER)


class Kind:
    PAGE = "page"  # GET shows something
    ACTION = "action"  # POST changes state and redirects; GET shows nothing
    PUBLIC = "public"  # no login needed; shows nothing personal


@dataclass(frozen=True)
class Policy:
    """Who may open one page or API operation, and whose personal data it may show."""

    why: str
    roles: frozenset[str] = EVERYONE
    kind: str = Kind.PAGE
    # (actor, state) → may this actor see the test resident's data here? None: the page
    # never shows a resident's personal data (aggregates, forms, the user's own account).
    personal: Sees | None = None

    def allows(self, role: str) -> bool:
        return self.kind == Kind.PUBLIC or role in self.roles


def page(why: str, *who: Role | str | Iterable[Role | str], personal: Sees | None = None) -> Policy:
    return Policy(why, roles(*who) if who else EVERYONE, Kind.PAGE, personal)


def action(why: str, *who: Role | str | Iterable[Role | str]) -> Policy:
    return Policy(why, roles(*who) if who else EVERYONE, Kind.ACTION)


def public(why: str) -> Policy:
    return Policy(why, EVERYONE, Kind.PUBLIC)


# --- who sees a resident's data, by state of access ----------------------------------------


def own_only(actor: str, state: str) -> bool:
    """Only the resident themself (or their legal representative)."""
    return actor == OWNER


def never(actor: str, state: str) -> bool:
    return False


def with_basis(owner: bool = True, *, grantees: Iterable[str] = GRANTEES) -> Sees:
    """The owner (if `owner`), and whoever holds a basis in force: a grantee role with an
    active grant, a case worker with a legal basis or who broke the glass."""
    holders = frozenset(grantees)

    def sees(actor: str, state: str) -> bool:
        if actor == OWNER:
            return owner
        if state == "active":
            return actor in holders
        if state in ("legal_basis", "break_glass"):
            return actor in CASEWORK
        return False

    return sees


def within(group: frozenset[str], sees: Sees) -> Sees:
    """`sees`, for the owner and the roles of `group` only (the page refuses the rest)."""
    return lambda actor, state: (actor == OWNER or actor in group) and sees(actor, state)


def any_of(*policies: Sees) -> Sees:
    return lambda actor, state: any(p(actor, state) for p in policies)


def only(*actors: str) -> Sees:
    """These actors in every state (e.g. the team that holds a case)."""
    allowed = frozenset(actors)
    return lambda actor, state: actor in allowed
