"""Legal sources and dated parameters: the bookkeeping every rule carries.

A rule in this package never holds a bare number. Each figure is a
:class:`Parameter` that says where it comes from (:class:`Source`), from which
day it applies (``valid_from``) until which day (``valid_to``, inclusive), and
whether we could confirm it in a published source (``uncertain``). Callers show
the source and the uncertainty to residents and professionals; nothing here is
meant to be taken on trust.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a rule or figure comes from.

    ``title`` names the publication or article ("Awb art. 6:7"), ``url`` is the
    address where it can be read, ``kind`` is "primary" (law text, official
    publication) or "secondary" (municipal page, news article citing the
    ministry, professional handbook).
    """

    title: str
    url: str = ""
    kind: str = "primary"

    def cite(self) -> str:
        """A one-line citation for explanations and docs."""
        return f"{self.title} ({self.url})" if self.url else self.title


@dataclass(frozen=True, slots=True)
class Parameter(Generic[T]):
    """A legal parameter with its source and validity period.

    ``valid_to`` is the last day on which the value applies (inclusive); None
    means "until further notice". ``uncertain`` marks a value we could not
    confirm in a published source: it is a configurable default, and every
    calculation that uses it says so.
    """

    name: str
    value: T
    sources: tuple[Source, ...]
    valid_from: dt.date
    valid_to: dt.date | None = None
    uncertain: bool = False
    note: str = ""

    def applies_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def cite(self) -> str:
        return "; ".join(source.cite() for source in self.sources)

    def replace_value(self, value: T, *, note: str, source: Source | None = None) -> Parameter[T]:
        """A municipality's own value for this parameter (e.g. a configured threshold).

        The result is marked uncertain unless a source is given: a local setting
        is a policy choice, and the explanation must say whose choice it is.
        """
        sources = (source,) if source is not None else self.sources
        return Parameter(
            name=self.name,
            value=value,
            sources=sources,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            uncertain=source is None,
            note=note,
        )


class ParameterUnavailable(LookupError):
    """No (confirmed) value of a parameter is known for the requested day."""


def select(parameters: Iterable[Parameter[T]], day: dt.date, *, name: str) -> Parameter[T]:
    """The parameter version that applies on ``day``.

    Raises :class:`ParameterUnavailable` naming the parameter and the day when no
    version applies, so a caller never silently computes with a stale figure.
    """
    matches = [parameter for parameter in parameters if parameter.applies_on(day)]
    if not matches:
        raise ParameterUnavailable(f"{name}: geen waarde bekend voor {day.isoformat()}")
    if len(matches) > 1:
        raise ValueError(f"{name}: overlappende geldigheid op {day.isoformat()}")
    return matches[0]


@dataclass(frozen=True, slots=True)
class Step:
    """One line of a calculation's explanation, in plain Dutch for residents."""

    label: str
    amount_cents: int
    source: str = ""
    uncertain: bool = False
    note: str = ""

    @property
    def text(self) -> str:
        from leefwereld.rules.money import format_euro

        return f"{self.label}: {format_euro(self.amount_cents)}"


@dataclass(frozen=True, slots=True)
class Explanation:
    """The ordered steps of a calculation plus any warnings about its inputs."""

    steps: tuple[Step, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def uncertain(self) -> bool:
        return any(step.uncertain for step in self.steps)

    def lines(self) -> list[str]:
        """The explanation as text lines; uncertain steps are marked."""
        out = []
        for step in self.steps:
            marker = " (onzeker: zie toelichting)" if step.uncertain else ""
            out.append(step.text + marker)
        out.extend(self.warnings)
        return out
