"""Which demo residents and households have which needs, decided once per seed.

The features that model these needs (support, debts, youth care) create their demo
records from these selections, so every feature's demo data tells one consistent story
about the same people. The rates and their sources are in docs/demo-data.md.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from .population import Population

# Wmo 2015 clients per 1,000 residents, Rotterdam 2020 (CBS 86187NED: 55,280 clients).
WMO_CLIENTS_PER_1000 = 85
# Share of households with registered problematic debts, Rotterdam 1 Oct 2020 (CBS).
PROBLEMATIC_DEBT_HOUSEHOLD_SHARE = 0.155
# Share of young people (under 18) with youth care (CBS Jeugdhulp 2023: ≈ 1 in 10).
YOUTH_CARE_SHARE = 0.10
# Wmo use rises steeply with age; relative weights per age band (0-17, 18-64, 65-79, 80+).
WMO_AGE_WEIGHTS = ((0, 17, 0.0), (18, 64, 1.0), (65, 79, 4.0), (80, 150, 12.0))


@dataclass(frozen=True)
class Needs:
    wmo_clients: frozenset[int]  # person indexes
    debt_households: frozenset[int]  # home/household indexes
    youth_care: frozenset[int]  # person indexes


def _age(birth: datetime.date, today: datetime.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _weighted_sample(rng: random.Random, items: list[int], weights: list[float], k: int) -> set:
    """k distinct items, drawn with probability proportional to weight (Efraimidis-Spirakis)."""
    keyed = [(rng.random() ** (1.0 / w), item) for item, w in zip(items, weights, strict=True) if w]
    keyed.sort(reverse=True)
    return {item for _key, item in keyed[:k]}


def decide_needs(population: Population, seed: int, today: datetime.date) -> Needs:
    rng = random.Random(seed * 7919 + 1)
    ages = [_age(p.birth_date, today) for p in population.people]

    def wmo_weight(age: int) -> float:
        return next(w for low, high, w in WMO_AGE_WEIGHTS if low <= age <= high)

    indexes = list(range(len(population.people)))
    wmo_count = round(len(indexes) * WMO_CLIENTS_PER_1000 / 1000)
    wmo = _weighted_sample(rng, indexes, [wmo_weight(a) for a in ages], wmo_count)

    households = [h.index for h in population.homes]
    debt = set(rng.sample(households, round(len(households) * PROBLEMATIC_DEBT_HOUSEHOLD_SHARE)))

    young = [i for i in indexes if ages[i] < 18]
    youth = set(rng.sample(young, round(len(young) * YOUTH_CARE_SHARE)))
    return Needs(frozenset(wmo), frozenset(debt), frozenset(youth))
