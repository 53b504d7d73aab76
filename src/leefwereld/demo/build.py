"""Write the demo municipality into the database with bulk inserts.

Rows get their primary keys here, not from the database, so that a household's members,
addresses and history can be inserted in large batches without a round trip per row; the
sequences are reset afterwards (PostgreSQL).
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import logging
import operator
import random
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models.base import ModelState
from django.utils import timezone

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

logger = logging.getLogger(__name__)
BATCH = 5_000
DEMO_PASSWORD = "leefwereld-demo"  # noqa: S105 - the demo's published password, no real data
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

# (username, role, first name, last name, job title) of the published demo accounts.
DEMO_STAFF = (
    ("wijkwerker", Role.PROFESSIONAL, "Marieke", "de Vries", "Wijkwerker"),
    ("teamleider", Role.TEAM_LEAD, "Sandeep", "Ramdin", "Teamleider wijkteam"),
    ("schuldhulp", Role.DEBT_OFFICER, "Karin", "Bos", "Medewerker schuldenfonds"),
    ("ombudsman", Role.OMBUDSMAN, "Henk", "Visser", "Ombudsman sociaal domein"),
    ("beleid", Role.POLICY_OFFICER, "Fatima", "El Amrani", "Beleidsadviseur"),
    ("raadslid", Role.COUNCIL_MEMBER, "Jeroen", "Smit", "Gemeenteraadslid"),
    ("beheerder", Role.ADMINISTRATOR, "Ilse", "Dekker", "Functioneel beheerder"),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    description: str


def existing_demo_accounts() -> list[DemoAccount]:
    """The demo accounts in an already built database, to print at every `make run`."""
    usernames = ["inwoner", "netwerklid", *(username for username, *_rest in DEMO_STAFF)]
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    return [
        DemoAccount(name, Role(users[name].role), users[name].get_full_name())
        for name in usernames
        if name in users
    ]


def database_is_empty() -> bool:
    return not (Resident.objects.exists() or User.objects.exists())


def next_id(model: type[models.Model]) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def bulk_insert(model: type[models.Model], rows: Iterable[models.Model]) -> int:
    """Insert model instances in batches: COPY on PostgreSQL, bulk INSERTs elsewhere.

    COPY is several times faster than multi-row INSERTs for the rotterdam scale's millions
    of rows; SQLite has no COPY and is fast enough with bulk_create. Build large numbers of
    rows with `new_row` (or as plain tuples for `insert_values`): Model.__init__ costs more
    than writing the row.
    """
    if connection.vendor == "postgresql":
        return copy_rows(model, rows)
    count = 0
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, BATCH)):
        model.objects.bulk_create(batch)  # type: ignore[attr-defined]
        count += len(batch)
    return count


def new_row(model: type[models.Model], **values: Any) -> Any:
    """A model instance for bulk insertion, without Model.__init__ (a sixth of its cost).

    Every concrete field not given gets its default (a callable default is called, as
    Model.__init__ would); `pk` may be given for the primary key. Only for rows that are
    written with bulk_insert: no signals, no validation, like bulk_create.
    """
    plan = _ROW_PLANS.get(model)
    if plan is None:
        constant: dict[str, Any] = {}
        called: list[models.Field] = []
        for f in model._meta.concrete_fields:
            if f.has_default() and callable(f.default):
                called.append(f)
            else:
                constant[f.attname] = f.get_default()
        plan = _ROW_PLANS[model] = (constant, called)
    constant, called = plan
    if "pk" in values:
        values[model._meta.pk.attname] = values.pop("pk")  # type: ignore[union-attr]
    obj = model.__new__(model)
    obj._state = ModelState()
    obj.__dict__.update(constant)
    for f in called:
        if f.attname not in values:
            obj.__dict__[f.attname] = f.get_default()
    obj.__dict__.update(values)
    return obj


_ROW_PLANS: dict[type[models.Model], tuple[dict[str, Any], list[models.Field]]] = {}


def _stamped(field: models.Field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _adapters(fields: Sequence[models.Field]) -> list[tuple[int, models.Field]]:
    """Columns whose Python value COPY cannot take as it is (JSON: a list would become an
    array); Django's own adapter prepares them."""
    return [(i, f) for i, f in enumerate(fields) if isinstance(f, models.JSONField)]


def copy_rows(model: type[models.Model], rows: Iterable[models.Model]) -> int:
    """COPY model instances into their table (PostgreSQL)."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    # Leave the primary key to its sequence when the rows do not set it.
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and getattr(first, f.attname) is None)
    ]
    # COPY skips Django's pre_save, so fill auto_now(_add) timestamps here, once for all
    # (bulk_create does the same on SQLite).
    now = timezone.now()
    stamped = [i for i, f in enumerate(fields) if _stamped(f)]
    adapters = _adapters(fields)
    values = operator.attrgetter(*(f.attname for f in fields))
    single = len(fields) == 1
    count = 0
    with _copy(model, fields) as copy:
        for obj in itertools.chain([first], iterator):
            row = [values(obj)] if single else list(values(obj))
            for i in stamped:
                row[i] = now
            for i, f in adapters:
                row[i] = f.get_db_prep_value(row[i], connection)
            copy.write_row(row)
            count += 1
    return count


def insert_values(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert rows given as plain tuples, one value per name in `columns` (attnames, `pk`
    for the primary key): COPY on PostgreSQL, bulk INSERTs elsewhere.

    Fields not named get what Model.__init__ and bulk_create would give them: now for
    auto_now(_add), else their default (a callable default is called per row); the primary
    key, when not named, comes from its sequence.
    """
    opts = model._meta
    names = [opts.pk.attname if c == "pk" else c for c in columns]  # type: ignore[union-attr]
    if connection.vendor != "postgresql":
        return bulk_insert(model, (model(**dict(zip(names, row, strict=True))) for row in rows))
    by_name = {f.attname: f for f in opts.concrete_fields}
    fields = [by_name[n] for n in names]
    now = timezone.now()
    rest = [f for f in opts.concrete_fields if f.attname not in names and not f.primary_key]
    constant = tuple(
        now if _stamped(f) else f.get_default()
        for f in rest
        if _stamped(f) or not (f.has_default() and callable(f.default))
    )
    called = [f for f in rest if not _stamped(f) and f.has_default() and callable(f.default)]
    fields += [f for f in rest if _stamped(f) or not (f.has_default() and callable(f.default))]
    fields += called
    adapters = _adapters(fields)
    count = 0
    with _copy(model, fields) as copy:
        for row in rows:
            full = [*row, *constant, *(f.get_default() for f in called)]
            for i, f in adapters:
                full[i] = f.get_db_prep_value(full[i], connection)
            copy.write_row(full)
            count += 1
    return count


@contextlib.contextmanager
def _copy(model: type[models.Model], fields: Sequence[models.Field]) -> Iterator[Any]:
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    _written.add(model._meta.db_table)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, which speaks COPY
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            yield copy


# Tables written with COPY since the last ANALYZE (PostgreSQL).
_written: set[str] = set()


def analyze_written() -> None:
    """Give the planner statistics for the tables just filled (PostgreSQL).

    Without them it plans the next steps' queries as if those tables were nearly empty
    (nested loops over hundreds of thousands of rows). ANALYZE sees the rows this
    transaction wrote, and samples at most 30,000 rows per table.
    """
    if connection.vendor != "postgresql" or not _written:
        return
    tables = ", ".join(connection.ops.quote_name(t) for t in sorted(_written))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
    _written.clear()


@contextlib.contextmanager
def foreign_keys_checked_at_the_end() -> Iterator[None]:
    """Check every foreign key once, set-based, after the build (PostgreSQL).

    Django's foreign keys are deferred: each inserted row queues a check that runs at
    commit, one index probe per row and key (about ten million at rotterdam scale). The
    build drops the constraints inside its transaction and adds them back (same name, same
    definition) at the end; adding a foreign key validates every row in one join. If any
    row is wrong the build fails and rolls back, drop included. The PostgreSQL manual
    recommends this for bulk loading ("Populating a Database").
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        # Rows written earlier in this transaction are checked now: a table with pending
        # checks cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' "
            "AND connamespace = current_schema()::regnamespace ORDER BY conrelid, conname"
        )
        constraints = cursor.fetchall()
        for table, name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for table, name, definition in constraints:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            )
        # Back to each constraint's own timing (Django's foreign keys: deferred).
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def reset_sequences(models_: Sequence[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


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
    for username, role, first, last, title in DEMO_STAFF:
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
        org = (
            first_team.organisation
            if first_team
            and role
            in (
                Role.PROFESSIONAL,
                Role.TEAM_LEAD,
            )
            else debt_org
        )
        if org is not None and role not in (Role.COUNCIL_MEMBER, Role.ADMINISTRATOR):
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
    from leefwereld.debts import demo as debts_demo
    from leefwereld.democracy import demo as democracy_demo
    from leefwereld.democracy.panels import demo as panels_demo
    from leefwereld.routes import demo as routes_demo
    from leefwereld.socialmap import demo as socialmap_demo
    from leefwereld.support import demo as support_demo
    from leefwereld.vault import demo as vault_demo

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
                ("democracy", lambda: democracy_demo.add_demo_data(seed, today)),
                ("panels", lambda: panels_demo.add_demo_data(seed, today)),
            ]
            for name, step in steps:
                counts.update(step())
                analyze_written()  # the next feature's queries see this one's rows
                lap(name)
        lap("foreign keys")
    lap("commit")
    return counts, accounts, needs
