"""Participatory budgeting: the Method of Equal Shares, greedy, caps and explanations.

Pure Python and NumPy; no Django. Typical use::

    from leefwereld.algorithms.pb import allocate, explain, parse, sentences

    instance = parse("amsterdam.pb")
    outcome = allocate(instance, rule="mes", completion="add1", utility="cost")
    for line in sentences(explain(outcome)):
        print(line)

See ``docs/pb-rule.md`` for the rule, the completion variants, caps,
tie-breaking and how exact arithmetic is kept.
"""

from leefwereld.algorithms.pb.explain import (
    Explanation,
    Funded,
    NotFunded,
    explain,
    sentences,
    summary,
)
from leefwereld.algorithms.pb.model import Cap, Instance, Project, Vote
from leefwereld.algorithms.pb.pabulib import PabulibError, parse, parse_text, write, write_text
from leefwereld.algorithms.pb.profile import Profile, compile_profile
from leefwereld.algorithms.pb.rules import COMPLETIONS, RULES, Outcome, allocate

__all__ = [
    "COMPLETIONS",
    "RULES",
    "Cap",
    "Explanation",
    "Funded",
    "Instance",
    "NotFunded",
    "Outcome",
    "PabulibError",
    "Profile",
    "Project",
    "Vote",
    "allocate",
    "compile_profile",
    "explain",
    "parse",
    "parse_text",
    "sentences",
    "summary",
    "write",
    "write_text",
]
