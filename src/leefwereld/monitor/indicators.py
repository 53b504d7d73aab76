"""Each indicator computed from the platform's own data, per neighbourhood and year.

A source returns ``{(neighbourhood_id, year): (value, base)}``: the raw value and the number
of units (requests, cases, decisions, complaints) it rests on. The key ``(None, year)`` is
the whole municipality. Raw values never leave this module except through
:mod:`leefwereld.monitor.aggregate`, which protects them before storing. An indicator whose
source is not available says why (``MISSING``) instead of showing a number.

Each source costs a fixed number of queries whatever the volume (values lists grouped in
Python for medians and per-row deadlines).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from leefwereld import rules

from .models import Indicator

Raw = dict[tuple[int | None, int], tuple[float, int]]

# Why an indicator has no figures (shown on the page instead of a number).
MISSING: dict[str, Any] = {
    Indicator.ZRM_IMPROVED: (
        _(
            "Nog niet beschikbaar: de ZRM-scores staan versleuteld in de kluis en de kluis "
            "geeft nog geen geanonimiseerde telling van verbeteringen af."
        )
    ),
    Indicator.BUDGET_USE: (
        _("Nog niet beschikbaar: de financiële administratie boekt budgetten nog niet per wijk.")
    ),
}


def _with_city(groups: dict[tuple[int | None, int], list]) -> dict[tuple[int | None, int], list]:
    city: dict[tuple[int | None, int], list] = defaultdict(list)
    for (_hood, year), values in groups.items():
        city[(None, year)].extend(values)
    return {**groups, **city}


def days_to_help() -> Raw:
    """Median calendar days from a request to acceptance by the organisation that helped."""
    from leefwereld.routes.models import HelpRequest

    groups: dict[tuple[int | None, int], list] = defaultdict(list)
    for hood, year, days in (
        HelpRequest.objects.filter(days_to_help__isnull=False, neighbourhood__isnull=False)
        .annotate(y=ExtractYear("opened_at"))
        .values_list("neighbourhood_id", "y", "days_to_help")
    ):
        groups[(hood, year)].append(days)
    return {
        key: (float(statistics.median(values)), len(values))
        for key, values in _with_city(groups).items()
    }


def hops() -> Raw:
    """Mean number of referrals per help request opened in the year."""
    from leefwereld.routes.models import HelpRequest

    result: Raw = {}
    city: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in (
        HelpRequest.objects.filter(neighbourhood__isnull=False)
        .annotate(y=ExtractYear("opened_at"))
        .values("neighbourhood_id", "y")
        .annotate(n=Count("pk"), hops=Sum("referral_count"))
        .order_by()
    ):
        result[(row["neighbourhood_id"], row["y"])] = ((row["hops"] or 0) / row["n"], row["n"])
        city[row["y"]][0] += row["hops"] or 0
        city[row["y"]][1] += row["n"]
    for year, (total, n) in city.items():
        result[(None, year)] = (total / n, n)
    return result


def _share(groups: dict[tuple[int | None, int], list[bool]]) -> Raw:
    return {
        key: (100 * sum(values) / len(values), len(values))
        for key, values in _with_city(groups).items()
        if values
    }


def debts_in_four_weeks() -> Raw:
    """Share of debt cases registered in the year that the fund took over within 28 days."""
    from leefwereld.debts.models import DebtCase

    groups: dict[tuple[int | None, int], list[bool]] = defaultdict(list)
    for hood, registered, taken_over in DebtCase.objects.values_list(
        "household__address__neighbourhood_id", "registered_on", "taken_over_on"
    ):
        in_time = taken_over is not None and (taken_over - registered).days <= 28
        groups[(hood, registered.year)].append(in_time)
    return _share(groups)


def decisions_on_time() -> Raw:
    """Share of Wmo decisions taken by the legal deadline (Wmo 2015 art. 2.3.5 lid 2, computed
    by rules.deadlines), per year of decision."""
    from leefwereld.support.models import Decision

    groups: dict[tuple[int | None, int], list[bool]] = defaultdict(list)
    for hood, received, decided in Decision.objects.values_list(
        "application__melding__household__address__neighbourhood_id",
        "application__received_on",
        "decided_on",
    ):
        on_time = decided <= rules.wmo_beschikking_deadline(received)
        groups[(hood, decided.year)].append(on_time)
    return _share(groups)


def complaints() -> Raw:
    """Complaints received in the year (the ombudsman's desk), a count."""
    from leefwereld.ombudsman.models import Complaint

    result: Raw = {}
    city: dict[int, int] = defaultdict(int)
    for row in (
        Complaint.objects.filter(neighbourhood__isnull=False)
        .annotate(y=ExtractYear("received_on"))
        .values("neighbourhood_id", "y")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        result[(row["neighbourhood_id"], row["y"])] = (float(row["n"]), row["n"])
        city[row["y"]] += row["n"]
    for year, n in city.items():
        result[(None, year)] = (float(n), n)
    return result


SOURCES: dict[str, Callable[[], Raw]] = {
    Indicator.DAYS_TO_HELP: days_to_help,
    Indicator.HOPS: hops,
    Indicator.DEBTS_IN_FOUR_WEEKS: debts_in_four_weeks,
    Indicator.DECISIONS_ON_TIME: decisions_on_time,
    Indicator.COMPLAINTS: complaints,
}
# Counts (the value is the number of units itself): protected as a table; the others are
# statistics shown only when their base passes.
COUNTS = {Indicator.COMPLAINTS}
# Lower is better for these (the chart and the verdict read the target that way).
LOWER_IS_BETTER = {Indicator.DAYS_TO_HELP, Indicator.HOPS, Indicator.COMPLAINTS}


def source_of(indicator: str) -> Callable[[], Raw] | None:
    """The indicator's source, or None when its app is not installed or it has none."""
    if indicator == Indicator.COMPLAINTS and not apps.is_installed("leefwereld.ombudsman"):
        return None
    return SOURCES.get(indicator)


def missing_reason(indicator: str) -> str:
    if indicator in MISSING:
        return str(MISSING[indicator])
    return str(_("Nog niet beschikbaar: de app die deze cijfers levert is niet geïnstalleerd."))
