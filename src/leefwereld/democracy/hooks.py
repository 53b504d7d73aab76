"""Hooks other apps plug into, so this app does not import them.

Hardship decisions (hardheidsclausule, principle 6) are grouped under the blocking rule
that made them necessary: a hardship decision is often the symptom of a rule that does not
fit. A provider answers, for a list of blocking-rule ids, how many hardship decisions fall
under each rule; `hardship_decisions_by_rule` adds up all registered providers.

This app registers the first provider itself: its register of anonymous hardship
decisions (`models.HardshipDecision`, `services.hardship_counts`, registered in
`DemocracyConfig.ready()`). Another app that keeps hardship decisions of its own (a
finance app, say) adds its provider in its `AppConfig.ready()`::

    from leefwereld.democracy.hooks import register_hardship_provider

    def hardship_counts(rule_ids):
        rows = OwnDecision.objects.filter(blocking_rule_id__in=rule_ids)
        return dict(rows.values_list("blocking_rule_id").annotate(n=Count("pk")).order_by())

    register_hardship_provider(hardship_counts)

The council page then shows, for every blocking rule, the total of all providers. A
provider gets all rule ids of a page at once and must answer in one query, so the council
page's query count stays constant (democracy/tests/test_pages.py checks it).
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


def hardship_decisions_by_rule(rule_ids: Sequence[int]) -> dict[int, int]:
    """Blocking-rule id -> number of hardship decisions grouped under it (0 when none)."""
    totals = dict.fromkeys(rule_ids, 0)
    for provider in _providers:
        for rule_id, count in provider(rule_ids).items():
            if rule_id in totals:
                totals[rule_id] += int(count)
    return totals
