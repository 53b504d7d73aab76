"""Plain data for a participatory-budgeting election (one pabulib file).

Money is kept as integers in the smallest unit the file uses: a file whose
costs are whole euros has ``decimals == 0``; a file with cents has
``decimals == 2`` and every amount is stored multiplied by 100. Nothing here
is a float, so no decision can depend on rounding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

APPROVAL_TYPES = frozenset({"approval", "choose-1"})
CARDINAL_TYPES = frozenset({"scoring", "cumulative"})
ORDINAL_TYPES = frozenset({"ordinal"})
VOTE_TYPES = APPROVAL_TYPES | CARDINAL_TYPES | ORDINAL_TYPES


@dataclass(frozen=True)
class Project:
    """One project on the ballot.

    ``categories`` may hold several names (pabulib allows ``a,b`` in the
    category column); ``district`` is the single area the project is in, read
    from the project column named by :attr:`Instance.district_field`.
    ``fields`` keeps every other column as the file had it (name excluded).
    """

    id: str
    cost: int
    name: str = ""
    categories: tuple[str, ...] = ()
    district: str | None = None
    fields: dict[str, str] = field(default_factory=dict, compare=True, hash=False)


@dataclass(frozen=True)
class Vote:
    """One ballot.

    ``projects`` lists the project ids in file order (for ordinal ballots that
    order is the ranking). ``points`` is set for scoring/cumulative ballots
    and is aligned with ``projects``.
    """

    voter_id: str
    projects: tuple[str, ...]
    points: tuple[Fraction, ...] | None = None
    fields: dict[str, str] = field(default_factory=dict, compare=True, hash=False)


@dataclass(frozen=True)
class Cap:
    """An upper bound on what the rule may spend on one category or district."""

    kind: str  # "category" or "district"
    name: str
    limit: int


@dataclass
class Instance:
    """A whole election: META, PROJECTS and VOTES of a pabulib file."""

    budget: int
    projects: list[Project]
    votes: list[Vote]
    vote_type: str = "approval"
    decimals: int = 0
    meta: dict[str, str] = field(default_factory=dict)
    category_caps: dict[str, int] = field(default_factory=dict)
    district_caps: dict[str, int] = field(default_factory=dict)
    # The project column that names a project's district. Amsterdam files use
    # "neighborhood"; our own files use "district".
    district_field: str = "district"
    project_columns: list[str] = field(default_factory=list)
    vote_columns: list[str] = field(default_factory=list)

    @property
    def unit(self) -> int:
        """How many stored money units make one currency unit (e.g. 100 for cents)."""
        return 10**self.decimals

    @property
    def is_cardinal(self) -> bool:
        return self.vote_type in CARDINAL_TYPES

    def caps(self) -> list[Cap]:
        """All caps, categories first, each list in the order the file gave them."""
        return [Cap("category", name, limit) for name, limit in self.category_caps.items()] + [
            Cap("district", name, limit) for name, limit in self.district_caps.items()
        ]

    def project(self, project_id: str) -> Project:
        for p in self.projects:
            if p.id == project_id:
                return p
        raise KeyError(project_id)


def format_amount(amount: int, decimals: int) -> str:
    """Render a stored amount the way a pabulib file writes it (``1234`` or ``1234.50``)."""
    if decimals == 0:
        return str(amount)
    sign = "-" if amount < 0 else ""
    whole, part = divmod(abs(amount), 10**decimals)
    return f"{sign}{whole}.{part:0{decimals}d}"
