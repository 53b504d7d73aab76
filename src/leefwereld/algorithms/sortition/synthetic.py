"""Seeded synthetic pools for tests and benchmarks.

Five categories modelled loosely on a Dutch municipal panel (gender, age,
education, district, migration background). The pool is skewed the way
volunteer pools are (older, more highly educated, fewer people with a migration
background) so that quotas bind and probabilities differ. About a third of the
people share an address with one or two others; housemates live in the same
district and their addresses are written in inconsistent ways ("Kerkstraat 1a",
"kerkstraat 1-A"), as in real registrations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from leefwereld.algorithms.sortition.households import household_key
from leefwereld.algorithms.sortition.model import Person, Problem, Quota

# (feature, [(value, population share, pool share)])
CATEGORIES: list[tuple[str, list[tuple[str, float, float]]]] = [
    ("geslacht", [("vrouw", 0.50, 0.54), ("man", 0.49, 0.44), ("anders", 0.01, 0.02)]),
    (
        "leeftijd",
        [
            ("16-24", 0.14, 0.08),
            ("25-39", 0.24, 0.18),
            ("40-54", 0.25, 0.25),
            ("55-69", 0.23, 0.30),
            ("70+", 0.14, 0.19),
        ],
    ),
    ("opleiding", [("laag", 0.30, 0.16), ("middelbaar", 0.40, 0.36), ("hoog", 0.30, 0.48)]),
    (
        "wijk",
        [
            ("Noord", 0.22, 0.18),
            ("Oost", 0.20, 0.24),
            ("Zuid", 0.21, 0.22),
            ("West", 0.19, 0.14),
            ("Centrum", 0.18, 0.22),
        ],
    ),
    ("achtergrond", [("geen", 0.74, 0.84), ("westers", 0.10, 0.09), ("niet-westers", 0.16, 0.07)]),
]

STREETS = [
    "Kerkstraat",
    "Dorpsstraat",
    "Molenweg",
    "Schoolstraat",
    "Stationsweg",
    "Julianalaan",
    "Marktplein",
]


@dataclass(frozen=True)
class SyntheticPool:
    quotas: list[Quota]
    header: list[str]
    rows: list[list[str]]  # CSV rows: id, features..., adres, postcode
    size: int

    def problem(self) -> Problem:
        people = []
        values = {f: [v for v, _, _ in vs] for f, vs in CATEGORIES}
        for line, row in enumerate(self.rows, start=2):
            codes = tuple(values[f].index(row[1 + j]) for j, (f, _) in enumerate(CATEGORIES))
            people.append(Person(row[0], line, codes, household_key([row[-2], row[-1]])))
        return Problem.build(self.quotas, people, self.size)

    def quotas_csv(self) -> str:
        lines = ["feature,value,min,max"]
        lines += [f"{q.feature},{q.value},{q.min},{q.max}" for q in self.quotas]
        return "\n".join(lines) + "\n"

    def pool_csv(self) -> str:
        lines = [",".join(self.header)] + [",".join(r) for r in self.rows]
        return "\n".join(lines) + "\n"


def _address_variant(rng: np.random.Generator, street: str, number: int, letter: str) -> str:
    if not letter:
        return f"{street} {number}"
    style = int(rng.integers(4))
    if style == 0:
        return f"{street} {number}{letter}"
    if style == 1:
        return f"{street} {number} {letter.upper()}"
    if style == 2:
        return f"{street.lower()} {number}-{letter}"
    return f"{street.upper()} {number}{letter.upper()}"


def generate_pool(
    pool_size: int,
    panel_size: int,
    seed: int,
    *,
    household_share: float = 0.35,
    tolerance: float = 0.15,
) -> SyntheticPool:
    """A pool of `pool_size` people with quotas for a panel of `panel_size`.

    Quotas are the population shares of the panel, widened by `tolerance`
    (relative) and by one seat either way, so they are usually feasible.
    """
    rng = np.random.default_rng(seed)
    features = [f for f, _ in CATEGORIES]
    header = ["id", *features, "adres", "postcode"]
    rows: list[list[str]] = []
    district_index = features.index("wijk")
    background_index = features.index("achtergrond")

    def draw_person(fixed: dict[int, int]) -> list[int]:
        out = []
        for j, (_, vs) in enumerate(CATEGORIES):
            if j in fixed:
                out.append(fixed[j])
            else:
                share = np.array([p for _, _, p in vs])
                out.append(int(rng.choice(len(vs), p=share / share.sum())))
        return out

    house_number = 0
    while len(rows) < pool_size:
        remaining = pool_size - len(rows)
        if rng.random() < household_share / 2.2 and remaining >= 2:
            members = min(remaining, int(rng.choice([2, 3], p=[0.75, 0.25])))
        else:
            members = 1
        head = draw_person({})
        street = STREETS[int(rng.integers(len(STREETS)))]
        house_number += 1
        letter = "" if rng.random() < 0.7 else "abc"[int(rng.integers(3))]
        postcode = (
            f"{1000 + head[district_index] * 100 + house_number % 100} {'AB' if letter else 'CD'}"
        )
        for m in range(members):
            codes = (
                head
                if m == 0
                else draw_person(
                    {district_index: head[district_index], background_index: head[background_index]}
                )
            )
            values = [CATEGORIES[j][1][c][0] for j, c in enumerate(codes)]
            address = _address_variant(rng, street, house_number, letter)
            rows.append([f"p{len(rows) + 1}", *values, address, postcode])

    quotas: list[Quota] = []
    for feature, vs in CATEGORIES:
        for value, population, _ in vs:
            target = population * panel_size
            lo = max(0, math.floor(target * (1 - tolerance)) - 1)
            hi = min(panel_size, math.ceil(target * (1 + tolerance)) + 1)
            quotas.append(Quota(feature, value, lo, hi))
    return SyntheticPool(quotas, header, rows, panel_size)
