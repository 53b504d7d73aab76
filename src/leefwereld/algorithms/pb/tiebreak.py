"""Tie-breaking: which project goes first when a rule cannot tell two apart.

A tie-breaking order is a sequence of criteria, applied in turn:

``id``
    the project id, compared as text (``"L010" < "L081"``, ``"12" < "9"``).
    This is the default because it is what pabutools does by default
    (``lexico_tie_breaking``), so our results and theirs agree on ties.
``votes``
    more supporters first.
``cost``
    cheaper first.
``-cost``
    more expensive first.

``id`` is always appended as the last criterion, so the order is total and a
result never depends on the order projects appear in the file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from leefwereld.algorithms.pb.profile import Profile

CRITERIA = ("id", "votes", "cost", "-cost")
DEFAULT: tuple[str, ...] = ("id",)

TieKey = Callable[[int], tuple[int | str, ...]]


def parse_order(text: str | Sequence[str]) -> tuple[str, ...]:
    """``"votes,cost,id"`` or ``["votes", "cost"]`` -> a validated order ending in ``id``."""
    items = [t.strip() for t in text.split(",")] if isinstance(text, str) else list(text)
    items = [t for t in items if t]
    for item in items:
        if item not in CRITERIA:
            raise ValueError(f"unknown tie-breaking criterion {item!r}; use {', '.join(CRITERIA)}")
    if len(set(items)) != len(items):
        raise ValueError("a tie-breaking criterion is named twice")
    if "id" not in items:
        items.append("id")
    return tuple(items)


def tie_key(profile: Profile, order: Sequence[str] = DEFAULT) -> TieKey:
    """A sort key per project index: smaller key wins the tie."""
    order = parse_order(order)

    def key(j: int) -> tuple[int | str, ...]:
        parts: list[int | str] = []
        for criterion in order:
            if criterion == "id":
                parts.append(profile.ids[j])
            elif criterion == "votes":
                parts.append(-profile.votes[j])
            elif criterion == "cost":
                parts.append(profile.costs[j])
            else:
                parts.append(-profile.costs[j])
        return tuple(parts)

    return key
