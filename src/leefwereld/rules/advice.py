"""Advice and its answer: the college's answer deadline and the life of a recommendation.

Pure functions and tables, no Django (import-linter contract). Used by the citizen panels
(issue 19) and the advisory council channel.

Sources and the interpretation we chose:

* Gemeentewet art. 150 (BWBR0005416; since the Wet versterking participatie op
  decentraal niveau, in force 1 January 2025, Stb. 2024, 262) obliges the council to lay
  down in a participatieverordening how residents are involved in policy. The law sets
  no term for the college's answer to a panel's advice, so the term is a setting of the
  panel (`answer_working_days`), taken from the municipality's verordening.
* Wmo 2015 art. 2.1.3 lid 3 and Jeugdwet art. 2.10: the municipality involves residents
  and clients in its policy, e.g. through an adviesraad; again no statutory term, the
  request sets its own deadline.
* Counting: "binnen N werkdagen na" an event — the event day does not count, the last
  day is the N-th working day after it (`calendar.add_working_days`, Atw holidays and
  gelijkgestelde dagen). An answer given on the last day is on time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum

from leefwereld.rules.calendar import add_working_days, working_days_between
from leefwereld.rules.sources import Source

GEMEENTEWET_ART_150 = Source(
    "Gemeentewet art. 150 (participatieverordening)",
    "https://wetten.overheid.nl/BWBR0005416#Artikel150",
)
WMO_ART_2_1_3 = Source(
    "Wmo 2015 art. 2.1.3 lid 3 (betrekken van ingezetenen)",
    "https://wetten.overheid.nl/BWBR0035362",
)
VALID_FROM = dt.date(2025, 1, 1)  # Wet versterking participatie op decentraal niveau

# The usual term: six weeks of working days (30). A setting per panel or request.
DEFAULT_ANSWER_WORKING_DAYS = 30
MAX_ANSWER_WORKING_DAYS = 260  # about a year; a longer "deadline" is no deadline


def answer_due(received: dt.date, working_days: int) -> dt.date:
    """The last day on which an answer is on time: the N-th working day after `received`."""
    if not 1 <= working_days <= MAX_ANSWER_WORKING_DAYS:
        raise ValueError(f"working_days must be 1..{MAX_ANSWER_WORKING_DAYS}: {working_days}")
    return add_working_days(received, working_days)


def is_late(due: dt.date, answered_on: dt.date | None, today: dt.date) -> bool:
    """An answer given after `due`, or no answer while `due` has passed."""
    if answered_on is not None:
        return answered_on > due
    return today > due


def working_days_left(due: dt.date, today: dt.date) -> int:
    """Working days from `today` up to and including `due`; negative when late."""
    return working_days_between(today, due)


class RecommendationStatus(StrEnum):
    DRAFT = "draft"  # the panel is still writing it
    VOTING = "voting"  # put to the members' vote
    FINAL = "final"  # adopted by the members (their support is recorded)
    REJECTED = "rejected"  # the members voted it down; it does not go to the college
    PUBLISHED = "published"  # offered to the college and published; the answer term runs
    ANSWERED = "answered"  # the college answered (adopted / with changes / not adopted)


RECOMMENDATION_TRANSITIONS: Mapping[str, frozenset[str]] = {
    RecommendationStatus.DRAFT: frozenset({RecommendationStatus.VOTING}),
    # Voting ends in adoption or rejection; a rejected text can be rewritten as a draft.
    RecommendationStatus.VOTING: frozenset(
        {RecommendationStatus.FINAL, RecommendationStatus.REJECTED}
    ),
    RecommendationStatus.REJECTED: frozenset({RecommendationStatus.DRAFT}),
    RecommendationStatus.FINAL: frozenset({RecommendationStatus.PUBLISHED}),
    RecommendationStatus.PUBLISHED: frozenset({RecommendationStatus.ANSWERED}),
    # An answer is final: a changed mind is a new recommendation, not an edited answer.
    RecommendationStatus.ANSWERED: frozenset(),
}


class Decision(StrEnum):
    ADOPTED = "adopted"
    ADOPTED_WITH_CHANGES = "adopted_with_changes"
    NOT_ADOPTED = "not_adopted"


# Decisions that need reasons ("niet overgenomen, omdat…"; what changes and why).
DECISIONS_WITH_REASONS = frozenset({Decision.ADOPTED_WITH_CHANGES, Decision.NOT_ADOPTED})
# Decisions whose implementation is tracked.
IMPLEMENTED_DECISIONS = frozenset({Decision.ADOPTED, Decision.ADOPTED_WITH_CHANGES})


class ImplementationStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DELAYED = "delayed"
    DONE = "done"
    STOPPED = "stopped"  # stopped with reasons (e.g. the council did not fund it)


IMPLEMENTATION_START = ImplementationStatus.PLANNED
IMPLEMENTATION_TRANSITIONS: Mapping[str, frozenset[str]] = {
    ImplementationStatus.PLANNED: frozenset(
        {ImplementationStatus.IN_PROGRESS, ImplementationStatus.STOPPED}
    ),
    ImplementationStatus.IN_PROGRESS: frozenset(
        {
            ImplementationStatus.IN_PROGRESS,  # a progress update
            ImplementationStatus.DELAYED,
            ImplementationStatus.DONE,
            ImplementationStatus.STOPPED,
        }
    ),
    ImplementationStatus.DELAYED: frozenset(
        {
            ImplementationStatus.DELAYED,
            ImplementationStatus.IN_PROGRESS,
            ImplementationStatus.DONE,
            ImplementationStatus.STOPPED,
        }
    ),
    ImplementationStatus.DONE: frozenset(),
    ImplementationStatus.STOPPED: frozenset(),
}
# Statuses that need a note saying why.
IMPLEMENTATION_NEEDS_NOTE = frozenset({ImplementationStatus.DELAYED, ImplementationStatus.STOPPED})


def may_move(table: Mapping[str, frozenset[str]], current: str, new: str) -> bool:
    return new in table.get(current, frozenset())


def reachable(table: Mapping[str, frozenset[str]], start: str) -> frozenset[str]:
    """Every status reachable from `start` by allowed steps (start included)."""
    seen = {start}
    todo = [start]
    while todo:
        for nxt in table.get(todo.pop(), frozenset()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return frozenset(seen)


def progress_after(status: str, progress: int) -> int:
    """The percentage shown with an implementation status: done is 100, planned is 0."""
    if status == ImplementationStatus.DONE:
        return 100
    if status == ImplementationStatus.PLANNED:
        return 0
    return max(0, min(99, progress))
