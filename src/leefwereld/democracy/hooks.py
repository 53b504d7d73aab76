"""Hooks other apps plug into, so this app does not import them.

Hardship decisions (finance app, principle 6) can be grouped under the blocking rule that
made them necessary: a hardship decision is often the symptom of a rule that does not fit.
The finance app registers a provider in its `AppConfig.ready()`::

    from leefwereld.democracy.hooks import register_hardship_provider

    def hardship_counts(rule_ids):
        rows = HardshipDecision.objects.filter(blocking_rule_id__in=rule_ids)
        return dict(rows.values_list("blocking_rule_id").annotate(n=Count("pk")))

    register_hardship_provider(hardship_counts)

The council page then shows, for every blocking rule, how many hardship decisions were
needed because of it. A provider gets all rule ids of a page at once and must answer in
one query (the council page's query count stays constant).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

HardshipProvider = Callable[[Sequence[int]], dict[int, int]]

_providers: list[HardshipProvider] = []


def register_hardship_provider(provider: HardshipProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def unregister_hardship_provider(provider: HardshipProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def hardship_available() -> bool:
    return bool(_providers)


def hardship_decisions_by_rule(rule_ids: Sequence[int]) -> dict[int, int]:
    """Blocking-rule id -> number of hardship decisions grouped under it (0 when none)."""
    totals = dict.fromkeys(rule_ids, 0)
    for provider in _providers:
        for rule_id, count in provider(rule_ids).items():
            if rule_id in totals:
                totals[rule_id] += int(count)
    return totals
