import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from leefwereld.core.bsn import is_valid_bsn
from leefwereld.core.models import Neighbourhood, NeighbourhoodTeam, Resident, User
from leefwereld.core.roles import Role
from leefwereld.demo.population import (
    MAX_NEIGHBOURHOOD_POPULATION,
    SCALES,
    build_population,
    split_population,
)
from leefwereld.demo.profile import decide_needs

TODAY = datetime.date(2026, 11, 23)


def test_the_same_seed_builds_the_same_population():
    first = build_population(SCALES["small"], seed=7, today=TODAY)
    second = build_population(SCALES["small"], seed=7, today=TODAY)
    other = build_population(SCALES["small"], seed=8, today=TODAY)
    assert first.people == second.people
    assert first.homes == second.homes
    assert first.people != other.people


def test_every_demo_bsn_is_valid_and_unique():
    people = build_population(SCALES["small"], seed=1, today=TODAY).people
    assert len(people) == 2_000
    assert all(is_valid_bsn(p.bsn) for p in people)
    assert len({p.bsn for p in people}) == len(people)


def test_rotterdam_scale_has_40_neighbourhoods_of_at_most_25000_residents():
    import random

    sizes = split_population(650_000, 40, random.Random(3))
    assert sum(sizes) == 650_000
    assert max(sizes) <= MAX_NEIGHBOURHOOD_POPULATION


def test_children_are_at_least_18_years_younger_than_their_parents():
    people = build_population(SCALES["small"], seed=5, today=TODAY).people
    for child in (p for p in people if p.parents):
        for parent in child.parents:
            assert (child.birth_date - people[parent].birth_date).days >= 18 * 365


def test_the_needs_follow_the_published_rates():
    population = build_population(SCALES["medium"], seed=2, today=TODAY)
    needs = decide_needs(population, seed=2, today=TODAY)
    residents = len(population.people)
    assert round(len(needs.wmo_clients) / residents * 1000) == 85
    assert round(len(needs.debt_households) / len(population.homes), 3) == 0.155
    young = sum(1 for p in population.people if (TODAY - p.birth_date).days < 18 * 365.25)
    assert abs(len(needs.youth_care) / young - 0.10) < 0.01
    # Wmo use is concentrated among the elderly.
    ages = Counter(
        "80+" if (TODAY - population.people[i].birth_date).days >= 80 * 365.25 else "<80"
        for i in needs.wmo_clients
    )
    assert ages["80+"] > 0


@pytest.mark.django_db
def test_the_demo_command_builds_a_municipality_with_an_account_per_role(capsys):
    call_command("demo", "--scale", "small", "--seed", "3", "--reference-date", "2026-11-23")
    out = capsys.readouterr().out
    assert Resident.objects.count() == 2_000
    assert Neighbourhood.objects.count() == 4
    # Every neighbourhood is covered by a team.
    assert not Neighbourhood.objects.filter(teams__isnull=True).exists()
    assert NeighbourhoodTeam.objects.count() == 4
    for role in Role:
        assert User.objects.filter(role=role).exists(), role
        assert str(role.label) in out
    resident_user = User.objects.get(username="inwoner")
    assert resident_user.resident.household is not None


@pytest.mark.django_db
def test_the_demo_command_refuses_a_database_that_holds_data_unless_asked_to_skip(capsys):
    call_command("demo", "--scale", "small", "--seed", "3")
    with pytest.raises(CommandError, match="bevat al gegevens"):
        call_command("demo", "--scale", "small")
    call_command("demo", "--if-empty")
    assert "inwoner" in capsys.readouterr().out
    assert Resident.objects.count() == 2_000


def _feature_snapshot() -> dict[str, list]:
    """What every feature's demo data says, without what depends on the clock or on
    random nonces (receipt times, ciphertexts). Organisations and users by name: on
    PostgreSQL a rolled-back build still used up their sequences' numbers."""
    from leefwereld.debts.models import DebtCase, Signal
    from leefwereld.routes.models import HelpRequest, RouteEvent
    from leefwereld.support.models import Melding
    from leefwereld.vault.models import AccessLog, Grant, LegalBasis, Record

    # The demo resident's story partly runs through the services, which stamp the real
    # time: compare what happened before the reference day's noon.
    noon = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=datetime.UTC)

    def rows(model, *fields, **before):
        return list(model.objects.filter(**before).order_by("pk").values_list(*fields))

    return {
        "residents": rows(Resident, "pk", "bsn", "household_id", "legal_representative_id"),
        "records": sorted(
            Record.objects.filter(source__in=["demo", "debts"]).values_list(
                "pk", "resident_id", "household_id", "category", "kind", "retention_until"
            )
        ),
        "grants": rows(
            Grant,
            "resident_id",
            "grantee_organisation__name",
            "purpose",
            "starts_at",
            "ends_at",
            starts_at__lt=noon,
        ),
        "legal bases": rows(
            LegalBasis, "resident_id", "organisation__name", "law", "starts_at", starts_at__lt=noon
        ),
        "log": rows(
            AccessLog,
            "resident_id",
            "user__username",
            "grant_id",
            "occurred_at",
            occurred_at__lt=noon,
        ),
        "meldingen": rows(Melding, "resident_id", "channel", "received_on", "status"),
        "signals": rows(
            Signal, "resident_id", "partner__organisation__name", "amount_cents", "signal_date"
        ),
        "debt cases": rows(DebtCase, "household_id", "phase", "registered_on"),
        "help requests": rows(HelpRequest, "resident_id", "status", "outcome", "opened_at"),
        "route events": rows(RouteEvent, "request_id", "kind", "occurred_at"),
    }


def _constraints() -> list[tuple]:
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated "
            "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2"
        )
        return cursor.fetchall()


class _Undo(Exception):
    pass


@pytest.mark.django_db(transaction=False)
def test_the_same_seed_builds_the_same_demo_data_in_every_feature():
    from django.db import transaction

    from leefwereld.demo.build import build_demo

    snapshots = []
    constraints = _constraints()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                population = build_population(SCALES["small"], seed=4, today=TODAY)
                build_demo(population, SCALES["small"], 4, TODAY)
                # PostgreSQL: the foreign keys dropped for the load are back, validated.
                assert _constraints() == constraints
                snapshots.append(_feature_snapshot())
                raise _Undo  # roll back, so the second build starts from an empty database
        except _Undo:
            pass
    first, second = snapshots
    for name, rows in first.items():
        assert rows, f"the demo made no {name}"
        assert rows == second[name], name


@pytest.mark.django_db
def test_the_demo_builds_after_other_rows_in_the_same_transaction():
    """On PostgreSQL a table with pending (deferred) foreign-key checks cannot be altered:
    the builder checks them first, before it drops the constraints for the load."""
    from leefwereld.core.tests.factories import ResidentFactory
    from leefwereld.demo.build import build_demo

    ResidentFactory()
    population = build_population(SCALES["small"], seed=4, today=TODAY)
    build_demo(population, SCALES["small"], 4, TODAY)
    assert Resident.objects.count() == 2_001
