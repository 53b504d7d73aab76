"""Write the demo municipality into the database with bulk inserts.

Rows get their primary keys here, not from the database, so that a household's members,
addresses and history can be inserted in large batches without a round trip per row; the
sequences are reset afterwards (PostgreSQL). The bulk-row helpers are in `rows.py`, which
the apps' demo modules import; this builder imports those modules.
"""

from __future__ import annotations

import datetime
import logging
import random
import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from leefwereld.core.models import (
    Address,
    Household,
    HouseholdAddress,
    Membership,
    Municipality,
    Neighbourhood,
    NeighbourhoodTeam,
    NetworkMembership,
    Organisation,
    Resident,
    User,
)
from leefwereld.core.roles import Role

from .population import GIVEN_NAMES, NEIGHBOURHOOD_NAMES, SURNAMES, Population, Scale
from .profile import Needs, decide_needs
from .rows import (
    BATCH,
    DEMO_PASSWORD,
    analyze_written,
    foreign_keys_checked_at_the_end,
    insert_values,
    next_id,
    reset_sequences,
)

logger = logging.getLogger(__name__)
MUNICIPALITY = ("Leefdam", "GM9999")
CITY = "Leefdam"

ORGANISATION_NAMES = {
    "care_provider": "Zorggroep",
    "school": "Basisschool",
    "gp_practice": "Huisartsenpraktijk",
    "housing_corporation": "Woonstichting",
    "utility": "Energie- en waterbedrijf",
    "health_insurer": "Zorgverzekeraar",
    "other_creditor": "Incassobureau",
    "volunteer_organisation": "Vrijwilligerscentrale",
}

# (username, role, first name, last name, job title, works for) of the published demo
# accounts; "team" is the first neighbourhood team, "municipality" the municipality (which
# runs the debt fund), None no organisation.
DEMO_STAFF = (
    ("wijkwerker", Role.PROFESSIONAL, "Marieke", "de Vries", "Wijkwerker", "team"),
    ("teamleider", Role.TEAM_LEAD, "Sandeep", "Ramdin", "Teamleider wijkteam", "team"),
    ("schuldhulp", Role.DEBT_OFFICER, "Karin", "Bos", "Medewerker schuldenfonds", "municipality"),
    ("ombudsman", Role.OMBUDSMAN, "Henk", "Visser", "Ombudsman sociaal domein", "municipality"),
    ("beleid", Role.POLICY_OFFICER, "Fatima", "El Amrani", "Beleidsadviseur", "municipality"),
    ("raadslid", Role.COUNCIL_MEMBER, "Jeroen", "Smit", "Gemeenteraadslid", None),
    ("beheerder", Role.ADMINISTRATOR, "Ilse", "Dekker", "Functioneel beheerder", None),
    ("adviesraad", Role.ADVISORY_COUNCIL, "Annelies", "Kramer", "Voorzitter adviesraad", None),
)


# Accounts a feature's demo step makes for its own organisations (finance: a provider's
# staff member and the budget holder), printed with the others.
FEATURE_ACCOUNTS = ("aanbieder", "budgethouder")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    description: str


def existing_demo_accounts() -> list[DemoAccount]:
    """The demo accounts in an already built database, to print at every `make run`."""
    usernames = [
        "inwoner",
        "netwerklid",
        *(username for username, *_rest in DEMO_STAFF),
        *FEATURE_ACCOUNTS,
    ]
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    return [
        DemoAccount(name, Role(users[name].role), users[name].get_full_name())
        for name in usernames
        if name in users
    ]


def database_is_empty() -> bool:
    return not (Resident.objects.exists() or User.objects.exists())


@transaction.atomic
def write_population(population: Population, today: datetime.date) -> dict[str, int]:
    """Insert the municipality, neighbourhoods, addresses, households and residents."""
    name, code = MUNICIPALITY
    municipality, _created = Municipality.objects.get_or_create(
        cbs_code=code, defaults={"name": name}
    )
    rng = random.Random(len(population.people))
    neighbourhoods = []
    for n, size in enumerate(population.neighbourhood_populations):
        neighbourhoods.append(
            Neighbourhood.objects.create(
                municipality=municipality,
                name=NEIGHBOURHOOD_NAMES[n % len(NEIGHBOURHOOD_NAMES)]
                + ("" if n < len(NEIGHBOURHOOD_NAMES) else f" {n // len(NEIGHBOURHOOD_NAMES) + 1}"),
                cbs_code=f"WK{code[2:]}{n:02d}",
                population=size,
                area_hectares=rng.randint(80, 900),
            )
        )

    address_base = next_id(Address)
    household_base = next_id(Household)
    resident_base = next_id(Resident)
    counts = {"neighbourhoods": len(neighbourhoods)}
    # Plain tuples, not model instances: 2.3 million rows at rotterdam scale.
    hood_ids = [n.pk for n in neighbourhoods]
    counts["addresses"] = insert_values(
        Address,
        ("pk", "street", "house_number", "postcode", "city", "neighbourhood_id"),
        (
            (
                address_base + h.index,
                h.street,
                h.house_number,
                h.postcode,
                CITY,
                hood_ids[h.neighbourhood],
            )
            for h in population.homes
        ),
    )
    counts["households"] = insert_values(
        Household,
        ("pk", "address_id"),
        ((household_base + h.index, address_base + h.index) for h in population.homes),
    )
    insert_values(
        HouseholdAddress,
        ("household_id", "address_id", "moved_in"),
        ((household_base + h.index, address_base + h.index, h.moved_in) for h in population.homes),
    )
    adult_born_by = _years_before(today, 18)
    counts["residents"] = insert_values(
        Resident,
        (
            "pk",
            "bsn",
            "given_names",
            "surname_prefix",
            "surname",
            "birth_date",
            "household_id",
            "legal_representative_id",
        ),
        (
            (
                resident_base + p.index,
                p.bsn,
                p.given_names,
                p.surname_prefix,
                p.surname,
                p.birth_date,
                household_base + p.household,
                # Minors are represented by their (first) parent.
                resident_base + p.parents[0]
                if p.parents and p.birth_date > adult_born_by
                else None,
            )
            for p in population.people
        ),
    )
    insert_values(
        Resident.parents.through,
        ("from_resident_id", "to_resident_id"),
        (
            (resident_base + p.index, resident_base + q)
            for p in population.people
            for q in p.parents
        ),
    )
    reset_sequences([Address, Household, Resident])
    return counts


def _years_before(today: datetime.date, years: int) -> datetime.date:
    """The latest birth date of someone who is `years` old or older on `today`."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


@transaction.atomic
def write_organisations(scale: Scale, seed: int) -> dict[str, int]:
    """Neighbourhood teams covering every neighbourhood, partner organisations, professionals."""
    rng = random.Random(seed + 17)
    municipality = Municipality.objects.get(cbs_code=MUNICIPALITY[1])
    neighbourhoods = list(Neighbourhood.objects.filter(municipality=municipality).order_by("pk"))
    Organisation.objects.create(
        municipality=municipality,
        name=f"Gemeente {municipality.name}",
        kind=Organisation.Kind.MUNICIPALITY,
        phone="14 010",
        email="info@leefdam.example",
    )
    teams = []
    for t in range(scale.teams):
        # Every neighbourhood gets a team; larger scales have more teams than neighbourhoods,
        # the extra teams share the busiest neighbourhoods.
        hood = neighbourhoods[t % len(neighbourhoods)]
        suffix = "" if t < len(neighbourhoods) else f" {t // len(neighbourhoods) + 1}"
        org = Organisation.objects.create(
            municipality=municipality,
            name=f"Wijkteam {hood.name}{suffix}",
            kind=Organisation.Kind.NEIGHBOURHOOD_TEAM,
            phone=f"010-{rng.randint(2000000, 4999999)}",
            email=f"wijkteam{t + 1}@leefdam.example",
        )
        team = NeighbourhoodTeam.objects.create(organisation=org)
        team.neighbourhoods.add(hood)
        teams.append(team)
    others = [
        Organisation(
            municipality=municipality,
            name=f"{ORGANISATION_NAMES[kind]} {NEIGHBOURHOOD_NAMES[i % len(NEIGHBOURHOOD_NAMES)]}"
            + (f" {i // len(NEIGHBOURHOOD_NAMES) + 1}" if i >= len(NEIGHBOURHOOD_NAMES) else ""),
            kind=kind,
            phone=f"010-{rng.randint(2000000, 4999999)}",
            email=f"{kind}{i + 1}@partner.example",
        )
        for kind, count in scale.organisations.items()
        for i in range(count)
    ]
    Organisation.objects.bulk_create(others, batch_size=BATCH)

    password = make_password(DEMO_PASSWORD)
    professionals = []
    for t, _team in enumerate(teams):
        for p in range(scale.professionals_per_team):
            professionals.append(
                User(
                    username=f"prof{t + 1:02d}-{p + 1:02d}",
                    first_name=rng.choice(GIVEN_NAMES),
                    last_name=rng.choice(SURNAMES),
                    role=Role.PROFESSIONAL,
                    password=password,
                    email=f"prof{t + 1}-{p + 1}@leefdam.example",
                )
            )
    User.objects.bulk_create(professionals, batch_size=BATCH)
    by_username = dict(
        User.objects.filter(username__startswith="prof").values_list("username", "pk")
    )
    Membership.objects.bulk_create(
        [
            Membership(
                user_id=by_username[f"prof{t + 1:02d}-{p + 1:02d}"],
                organisation_id=team.organisation_id,
                job_title="Wijkwerker",
            )
            for t, team in enumerate(teams)
            for p in range(scale.professionals_per_team)
        ],
        batch_size=BATCH,
    )
    return {"organisations": 1 + len(teams) + len(others), "professionals": len(professionals)}


@transaction.atomic
def write_demo_accounts(population: Population) -> list[DemoAccount]:
    """The published demo accounts, one per role, all with the demo password."""
    password = make_password(DEMO_PASSWORD)
    first_team = NeighbourhoodTeam.objects.select_related("organisation").order_by("pk").first()
    debt_org = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).first()
    accounts: list[DemoAccount] = []
    for username, role, first, last, title, works_for in DEMO_STAFF:
        user = User.objects.create(
            username=username,
            first_name=first,
            last_name=last,
            role=role,
            password=password,
            email=f"{username}@leefdam.example",
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
        )
        org = {
            "team": first_team.organisation if first_team else debt_org,
            "municipality": debt_org,
            None: None,
        }[works_for]
        if org is not None:
            Membership.objects.create(user=user, organisation=org, job_title=title)
        accounts.append(DemoAccount(username, role, f"{first} {last}, {title}"))

    # The demo resident: an adult in a family in the first team's neighbourhood.
    neighbourhood_ids = (
        list(first_team.neighbourhoods.values_list("pk", flat=True)) if first_team else []
    )
    resident = (
        Resident.objects.filter(
            household__address__neighbourhood_id__in=neighbourhood_ids,
            children__isnull=False,
            user__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    if resident is None:
        resident = Resident.objects.filter(user__isnull=True).order_by("pk").first()
    assert resident is not None, "the population has no residents"
    user = User.objects.create(
        username="inwoner",
        first_name=resident.given_names,
        last_name=f"{resident.surname_prefix} {resident.surname}".strip(),
        role=Role.RESIDENT,
        password=password,
        email="inwoner@leefdam.example",
    )
    resident.user = user
    resident.save(update_fields=["user"])
    accounts.insert(0, DemoAccount("inwoner", Role.RESIDENT, f"{resident.full_name}, inwoner"))

    network_user = User.objects.create(
        username="netwerklid",
        first_name="Els",
        last_name="Jansen",
        role=Role.NETWORK_MEMBER,
        password=password,
        email="netwerklid@leefdam.example",
    )
    assert resident.household_id is not None, "the population puts everyone in a household"
    NetworkMembership.objects.create(
        user=network_user,
        household_id=resident.household_id,
        invited_by=resident,
        relation="zus",
    )
    accounts.insert(
        1,
        DemoAccount(
            "netwerklid", Role.NETWORK_MEMBER, f"Els Jansen, netwerklid van {resident.full_name}"
        ),
    )
    return accounts


def build_demo(
    population: Population, scale: Scale, seed: int, today: datetime.date
) -> tuple[dict[str, int], list[DemoAccount], Needs]:
    # Imported here: the features' demo modules import this module's bulk helpers.
    from leefwereld.connections import demo as connections_demo
    from leefwereld.debts import demo as debts_demo
    from leefwereld.democracy import demo as democracy_demo
    from leefwereld.democracy.panels import demo as panels_demo
    from leefwereld.finance import demo as finance_demo
    from leefwereld.monitor import demo as monitor_demo
    from leefwereld.objections import demo as objections_demo
    from leefwereld.ombudsman import demo as ombudsman_demo
    from leefwereld.routes import demo as routes_demo
    from leefwereld.socialmap import demo as socialmap_demo
    from leefwereld.support import demo as support_demo
    from leefwereld.vault import demo as vault_demo
    from leefwereld.work import demo as work_demo
    from leefwereld.youth import demo as youth_demo

    clock = time.perf_counter()

    def lap(name: str) -> None:
        # Logged (LOG_LEVEL=INFO) so a slow part shows in bench/demo_build.py.
        nonlocal clock
        now = time.perf_counter()
        logger.info("demo %s: %.1f s", name, now - clock)
        clock = now

    needs = decide_needs(population, seed, today)
    lap("needs")
    with transaction.atomic():
        with foreign_keys_checked_at_the_end():
            counts = write_population(population, today)
            analyze_written()
            lap("population")
            counts.update(write_organisations(scale, seed))
            accounts = write_demo_accounts(population)
            lap("organisations")
            # Each feature adds its own demo data on top of the population, about the same
            # people (`needs`): the vault first, since the others write through it.
            steps = [
                ("vault", lambda: vault_demo.add_demo_data(seed, today, needs)),
                ("socialmap", lambda: socialmap_demo.add_demo_data(seed, today)),
                ("support", lambda: support_demo.add_demo_data(seed, today, needs)),
                ("debts", lambda: debts_demo.add_demo_data(seed, today, needs)),
                ("routes", lambda: routes_demo.add_demo_data(seed, today, needs)),
                # Gezag for every minor, representatives, youth care and objections.
                ("youth", lambda: youth_demo.add_demo_data(seed, today, needs)),
                ("objections", lambda: objections_demo.add_demo_data(seed, today)),
                ("democracy", lambda: democracy_demo.add_demo_data(seed, today)),
                # After support (decisions) and democracy (blocking rules).
                ("finance", lambda: finance_demo.add_demo_data(seed, today)),
                # After finance (the demo provider account): KvK numbers for eHerkenning.
                ("connections", lambda: connections_demo.add_demo_data(seed, today)),
                ("panels", lambda: panels_demo.add_demo_data(seed, today)),
                ("panel_advice", lambda: panels_demo.add_advice_demo(seed, today)),
                ("advisory", lambda: democracy_demo.add_advisory_demo(seed, today)),
                ("ombudsman", lambda: ombudsman_demo.add_demo_data(seed, today)),
                ("work", lambda: work_demo.add_demo_data(seed, today, needs)),
                # Last: targets from and figures over every app's data.
                ("monitor", lambda: monitor_demo.add_demo_data(seed, today)),
            ]
            for name, step in steps:
                counts.update(step())
                analyze_written()  # the next feature's queries see this one's rows
                lap(name)
        lap("foreign keys")
    lap("commit")
    return counts, accounts, needs
