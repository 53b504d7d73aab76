"""A synthetic population for the demo municipality, as plain data (no database).

Deterministic for a seed: the same seed and scale give the same people, addresses and
households, so demo accounts, screenshots and benchmarks are reproducible. The
distributions and their sources are in docs/demo-data.md.
"""

from __future__ import annotations

import datetime
import itertools
import random
from dataclasses import dataclass, field

from leefwereld.core.bsn import BSN_WEIGHTS


@dataclass(frozen=True)
class Scale:
    name: str
    residents: int
    neighbourhoods: int
    teams: int
    professionals_per_team: int
    # How many organisations of each other kind (see Organisation.Kind).
    organisations: dict[str, int]


SCALES = {
    "small": Scale(
        "small",
        residents=2_000,
        neighbourhoods=4,
        teams=4,
        professionals_per_team=4,
        organisations={
            "care_provider": 6,
            "school": 4,
            "gp_practice": 3,
            "housing_corporation": 2,
            "utility": 3,
            "health_insurer": 4,
            "other_creditor": 5,
            "volunteer_organisation": 4,
        },
    ),
    "medium": Scale(
        "medium",
        residents=60_000,
        neighbourhoods=6,
        teams=6,
        professionals_per_team=10,
        organisations={
            "care_provider": 30,
            "school": 25,
            "gp_practice": 20,
            "housing_corporation": 3,
            "utility": 3,
            "health_insurer": 4,
            "other_creditor": 10,
            "volunteer_organisation": 20,
        },
    ),
    # Rotterdam: ≈650,000 residents, 43 wijkteams (docs/demo-data.md). Neighbourhoods are
    # drawn so that none exceeds 25,000 residents, as a wijk is meant to.
    "rotterdam": Scale(
        "rotterdam",
        residents=650_000,
        neighbourhoods=40,
        teams=43,
        professionals_per_team=15,
        organisations={
            "care_provider": 120,
            "school": 150,
            "gp_practice": 160,
            "housing_corporation": 5,
            "utility": 3,
            "health_insurer": 4,
            "other_creditor": 20,
            "volunteer_organisation": 80,
        },
    ),
}

MAX_NEIGHBOURHOOD_POPULATION = 25_000

# Household sizes 1..5+ (share of households); Rotterdam has many single-person households.
HOUSEHOLD_SIZE_WEIGHTS = (0.48, 0.27, 0.11, 0.09, 0.05)
# Age bands of adults living alone or as a couple: (low, high, weight).
ADULT_AGE_BANDS = ((18, 29, 0.22), (30, 44, 0.26), (45, 64, 0.31), (65, 79, 0.15), (80, 99, 0.06))
SINGLE_PARENT_SHARE = 0.2  # of households with children

GIVEN_NAMES = (
    "Anna Emma Sophie Julia Fatima Sara Noor Lotte Eva Mila Yasmina Sanne Maria Lisa Fleur "
    "Inge Marieke Esther Ayşe Zeynep Priya Kim Femke Hanna Nadia Daan Lucas Sem Noah Mohamed "
    "Jan Pieter Kees Henk Youssef Mehmet Ahmed Thijs Bram Ruben Kevin Rachid Jeroen Willem "
    "Joost Hamza Stefan Tim Luuk Jesse Milan Rayan Dewi Ilse Loes Ricardo Gerard Tamara"
).split()
SURNAMES = (
    "Jansen|de Vries|van den Berg|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|"
    "Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|"
    "Yılmaz|El Amrani|Kaya|Pinas|Martina|Bouzid|Öztürk|Ramdin|Nguyen|Kowalski|Benali|"
    "Sedney|van Dijk|Kok|Jacobs|de Haan|Vermeulen|van der Linden|Schouten|Willems|Hoekstra"
).split("|")
STREETS = (
    "Kerkstraat Dorpsweg Molenlaan Schoolstraat Havenstraat Lindelaan Kastanjelaan Esdoornstraat "
    "Beukenlaan Eikenlaan Wilgenstraat Rozenstraat Tulpstraat Sluisweg Dijkstraat Kade "
    "Marktplein Stationsweg Parkweg Vlietstraat Polderweg Maasstraat Rijnstraat Scheldestraat "
    "Merelstraat Lijsterbeslaan Zwanenburg Reigerstraat Ooievaarstraat Spoorsingel"
).split()
NEIGHBOURHOOD_NAMES = (
    "Centrum|Noord|Zuid|Oost|West|Oude Haven|Nieuwe Dijk|Kralingen-Oost|Lindenhof|Molenwijk|"
    "Spoorzicht|Parkzoom|Vlietland|De Esch|Waterkant|Bloemhof|Het Lage Land|Polderpoort|"
    "Kastanjehof|Rivierzicht|Oud-Zuid|Nieuw-West|Heuvelrand|Schiezoom|De Akkers|Zevenhuizen|"
    "Buitenhof|Maasoever|Hoogvliet-Zuid|Groenendaal|De Velden|Stadsdriehoek|Essenburg|"
    "Wilgenrijk|Havenkwartier|Dijkzicht|Zonnehoek|De Beemd|Weteringbuurt|Vogelwijk"
).split("|")


@dataclass
class Person:
    index: int
    bsn: str
    given_names: str
    surname_prefix: str
    surname: str
    birth_date: datetime.date
    household: int
    parents: list[int] = field(default_factory=list)


@dataclass
class Home:
    index: int
    neighbourhood: int
    street: str
    house_number: int
    postcode: str
    moved_in: datetime.date


@dataclass
class Population:
    scale: Scale
    neighbourhood_populations: list[int]
    homes: list[Home]
    people: list[Person]


def bsn_sequence(rng: random.Random):
    """Yield unique BSNs that pass the 11-proef, starting at a seed-dependent point.

    For each 8-digit prefix exactly one check digit makes the weighted sum divisible by 11,
    unless that digit would be 10, in which case the prefix is skipped.
    """
    prefix = rng.randrange(10_000_000, 20_000_000)
    # The weighted sum of an 8-digit prefix is that of its first four digits (weights
    # 9, 8, 7, 6) plus that of its last four (5, 4, 3, 2): two tables of 10,000 sums.
    high, low = _weighted_sums(BSN_WEIGHTS[:4]), _weighted_sums(BSN_WEIGHTS[4:8])
    while True:
        check = (high[prefix // 10_000] + low[prefix % 10_000]) % 11
        if check < 10:
            yield f"{prefix:08d}{check}"
        prefix += 1


def _weighted_sums(weights: tuple[int, ...]) -> list[int]:
    """The weighted digit sum of every number with len(weights) digits (leading zeros)."""
    sums = [0]
    for weight in weights:
        # One more digit at the right: the index becomes index * 10 + digit.
        sums = [s + digit * weight for s in sums for digit in range(10)]
    return sums


def split_population(total: int, parts: int, rng: random.Random) -> list[int]:
    """Neighbourhood sizes that add up to `total`, varied, none above the wijk maximum."""
    if total > parts * MAX_NEIGHBOURHOOD_POPULATION:
        raise ValueError("More residents than the neighbourhoods can hold.")
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    sizes = [int(total * w / sum(weights)) for w in weights]
    sizes[-1] += total - sum(sizes)
    # Move any excess over the maximum to the smallest neighbourhoods.
    for i, size in enumerate(sizes):
        while sizes[i] > MAX_NEIGHBOURHOOD_POPULATION:
            excess = sizes[i] - MAX_NEIGHBOURHOOD_POPULATION
            smallest = min(range(parts), key=sizes.__getitem__)
            room = MAX_NEIGHBOURHOOD_POPULATION - sizes[smallest]
            moved = min(excess, room)
            sizes[i] -= moved
            sizes[smallest] += moved
        del size
    return sizes


def _birth_date(rng: random.Random, today: datetime.date, low: int, high: int) -> datetime.date:
    age_days = rng.randint(low * 365 + 1, high * 365 + 364)
    return today - datetime.timedelta(days=age_days)


# Cumulative weights, computed once: random.choices(weights=...) computes exactly these on
# every call (same draws, same results), which costs seconds at rotterdam scale.
_ADULT_CUMULATIVE = list(itertools.accumulate(b[2] for b in ADULT_AGE_BANDS))
_SIZE_CUMULATIVE = list(itertools.accumulate(HOUSEHOLD_SIZE_WEIGHTS))


def _adult_band(rng: random.Random) -> tuple[int, int]:
    low, high, _w = rng.choices(ADULT_AGE_BANDS, cum_weights=_ADULT_CUMULATIVE)[0]
    return low, high


def build_population(scale: Scale, seed: int, today: datetime.date) -> Population:
    rng = random.Random(seed)
    bsns = bsn_sequence(rng)
    sizes = split_population(scale.residents, scale.neighbourhoods, rng)
    homes: list[Home] = []
    people: list[Person] = []

    for n, target in enumerate(sizes):
        # Postcodes: four digits per neighbourhood, two letters per street block of 40 homes.
        digits = 1000 + (n * 37) % 8999
        living = 0
        block = 0
        number = 0
        street = rng.choice(STREETS)
        while living < target:
            if number == 40:
                block += 1
                number = 0
                street = rng.choice(STREETS)
            number += 1
            letters = chr(65 + block // 26 % 26) + chr(65 + block % 26)
            size = rng.choices(range(1, 6), cum_weights=_SIZE_CUMULATIVE)[0]
            if size == 5:
                size += rng.choices((0, 1, 2, 3), weights=(0.6, 0.25, 0.1, 0.05))[0]
            size = min(size, target - living)
            home = Home(
                index=len(homes),
                neighbourhood=n,
                street=street,
                house_number=number,
                postcode=f"{digits + block // 676:04d}{letters}",
                moved_in=today - datetime.timedelta(days=rng.randint(30, 365 * 30)),
            )
            homes.append(home)
            people.extend(_household_members(rng, bsns, home.index, size, len(people), today))
            living += size
    return Population(scale, sizes, homes, people)


def _household_members(
    rng: random.Random, bsns, household: int, size: int, first_index: int, today: datetime.date
) -> list[Person]:
    surname = rng.choice(SURNAMES)
    prefix, _space, last = surname.rpartition(" ")

    def person(low: int, high: int, parents: list[int] | None = None) -> Person:
        return Person(
            index=first_index + len(members),
            bsn=next(bsns),
            given_names=rng.choice(GIVEN_NAMES),
            surname_prefix=prefix,
            surname=last,
            birth_date=_birth_date(rng, today, low, high),
            household=household,
            parents=parents or [],
        )

    members: list[Person] = []
    if size == 1:
        members.append(person(*_adult_band(rng)))
        return members
    has_children = size >= 3 or rng.random() < 0.2
    if not has_children:
        low, high = _adult_band(rng)
        members.append(person(low, high))
        members.append(person(low, high))
        return members
    parent_count = 1 if (size == 2 or rng.random() < SINGLE_PARENT_SHARE) else 2
    # Partners are within a few years of each other.
    first_parent_age = rng.randint(24, 55)
    ages = [first_parent_age, max(21, first_parent_age + rng.randint(-4, 4))][:parent_count]
    youngest_parent_age = min(ages)
    for age in ages:
        members.append(person(age, age))
    parents = [m.index for m in members]
    # Children at home are 0 to 21 and at least 18 years younger than their parents (ages
    # are whole years plus a random part of a year, hence the margin of one year).
    oldest_child = min(21, youngest_parent_age - 19)
    while len(members) < size:
        members.append(person(0, oldest_child, parents))
    return members
