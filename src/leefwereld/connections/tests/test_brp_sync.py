"""brp_sync against the local Haal Centraal server: births, moves, deaths, secrecy,
idempotence and all-or-nothing on a malformed answer."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from leefwereld.connections import brp, brp_sync
from leefwereld.connections.models import AddressIdentity, BrpStatus
from leefwereld.core.models import Household, HouseholdAddress, Resident
from leefwereld.core.tests.factories import AddressFactory, ResidentFactory, UserFactory, valid_bsn

from .brp_world import address, person

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 7)


def _bag(street, number, postcode, object_id, number_id, **kwargs):
    a = AddressFactory(street=street, house_number=number, postcode=postcode, **kwargs)
    AddressIdentity.objects.create(
        address=a, nummeraanduiding=number_id, adresseerbaar_object=object_id
    )
    return a


@pytest.fixture
def places():
    return {
        "A": _bag("Dorpsstraat", 1, "1234AB", "0599010000000001", "0599200000000001"),
        "B": _bag("Kerkweg", 2, "1234AC", "0599010000000002", "0599200000000002"),
        "D": _bag("Havenkade", 40, "1234AD", "0599010000000004", "0599200000000004"),
    }


def at(key: str, since: datetime.date) -> dict:
    street, number, postcode = {
        "A": ("Dorpsstraat", 1, "1234AB"),
        "B": ("Kerkweg", 2, "1234AC"),
        "D": ("Havenkade", 40, "1234AD"),
    }[key]
    n = "ABCD".index(key) + 1
    return address(
        street,
        number,
        postcode,
        object_id=f"059901000000000{n}",
        number_id=f"059920000000000{n}",
        since=since,
    )


def world_before():
    long_ago = datetime.date(2015, 5, 1)
    return [
        person(1, "Anna", "Jansen", datetime.date(1985, 3, 1), at("A", long_ago)),
        person(2, "Bram", "Bakker", datetime.date(1984, 6, 2), at("A", long_ago)),
        person(3, "Cas", "Bakker", datetime.date(2016, 1, 9), at("A", long_ago)),
        person(4, "Dewi", "Smit", datetime.date(1990, 8, 8), at("B", long_ago), secret=True),
        person(5, "Els", "Smit", datetime.date(1938, 2, 2), at("B", long_ago), prefix="de"),
    ]


def world_after():
    """The Jansen-Bakker household moved to D on 1 Dec and had a baby there on 5 Dec;
    Els de Smit died on 3 Dec."""
    moved = datetime.date(2026, 12, 1)
    people = [
        person(1, "Anna", "Jansen", datetime.date(1985, 3, 1), at("D", moved)),
        person(2, "Bram", "Bakker", datetime.date(1984, 6, 2), at("D", moved)),
        person(3, "Cas", "Bakker", datetime.date(2016, 1, 9), at("D", moved)),
        person(
            6, "Fien", "Bakker", datetime.date(2026, 12, 5), at("D", datetime.date(2026, 12, 5))
        ),
        person(
            4,
            "Dewi",
            "Smit",
            datetime.date(1990, 8, 8),
            at("B", datetime.date(2015, 5, 1)),
            secret=True,
        ),
        person(
            5,
            "Els",
            "Smit",
            datetime.date(1938, 2, 2),
            at("B", datetime.date(2015, 5, 1)),
            prefix="de",
            died=datetime.date(2026, 12, 3),
        ),
    ]
    return people


@pytest.fixture
def server(brp_world):
    return brp_world


def client(server) -> brp.HaalCentraalClient:
    return brp.HaalCentraalClient(server.url, server.api_key)


def snapshot():
    return (
        sorted(Resident.objects.values_list("bsn", "given_names", "surname", "household_id")),
        sorted(
            HouseholdAddress.objects.values_list(
                "household_id", "address_id", "moved_in", "moved_out"
            )
        ),
        sorted(
            BrpStatus.objects.values_list("resident__bsn", "secret", "deceased_on", "fingerprint")
        ),
        Household.objects.count(),
    )


def test_a_first_sync_loads_the_asked_residents_and_everyone_at_their_addresses(server, places):
    server.publish(world_before())

    report = brp_sync.sync(client(server), {valid_bsn(1), valid_bsn(4)}, today=TODAY)

    assert len(report.created) == 5 and report.births == []
    anna = Resident.objects.get(bsn=valid_bsn(1))
    assert anna.household.address == places["A"]
    assert sorted(anna.household.members.values_list("given_names", flat=True)) == [
        "Anna",
        "Bram",
        "Cas",
    ]
    dewi = Resident.objects.get(bsn=valid_bsn(4))
    assert dewi.household.address == places["B"] and dewi.household != anna.household
    assert dewi.brp_status.secret is True and anna.brp_status.secret is False
    assert Resident.objects.get(bsn=valid_bsn(5)).surname_prefix == "de"


def test_a_second_run_with_the_same_answers_changes_nothing(server, places):
    server.publish(world_before())
    brp_sync.sync(client(server), {valid_bsn(1), valid_bsn(4)}, today=TODAY)
    before = snapshot()

    report = brp_sync.sync(client(server), today=TODAY)

    assert not report.changed, report.lines()
    assert snapshot() == before


def test_a_move_a_birth_and_a_death_are_processed(server, places):
    server.publish(world_before())
    brp_sync.sync(client(server), {valid_bsn(1), valid_bsn(4)}, today=TODAY)
    household = Resident.objects.get(bsn=valid_bsn(1)).household
    els = Resident.objects.get(bsn=valid_bsn(5))
    els.user = UserFactory()
    els.save()
    server.publish(world_after())

    report = brp_sync.sync(client(server), today=TODAY)

    household.refresh_from_db()
    # The household moved as a whole: the same household (and plan) at its new address,
    # with the old address closed in its history on the day of the move.
    assert household.address == places["D"]
    history = list(HouseholdAddress.objects.filter(household=household).order_by("moved_in"))
    assert [(h.address, h.moved_out) for h in history] == [
        (places["A"], datetime.date(2026, 12, 1)),
        (places["D"], None),
    ]
    assert report.households_moved == [household.pk]
    # The baby was found at the new address and joins the household.
    fien = Resident.objects.get(bsn=valid_bsn(6))
    assert fien.household == household and report.births == [fien.pk]
    # Els died: out of the household, account closed, the date kept; Dewi lives on at B.
    els.refresh_from_db()
    assert els.household is None and els.brp_status.deceased_on == datetime.date(2026, 12, 3)
    assert report.deaths == [els.pk]
    assert els.user.is_active is False
    dewi = Resident.objects.get(bsn=valid_bsn(4))
    assert dewi.household.address == places["B"] and dewi.brp_status.secret is True

    again = brp_sync.sync(client(server), today=TODAY)
    assert not again.changed, again.lines()


def test_someone_moving_alone_joins_the_household_at_their_new_address(server, places):
    server.publish(world_before())
    brp_sync.sync(client(server), {valid_bsn(1), valid_bsn(4)}, today=TODAY)
    world = world_before()
    world[1]["verblijfplaats"] = at("B", datetime.date(2026, 11, 20))  # Bram moves in with Dewi
    server.publish(world)

    report = brp_sync.sync(client(server), today=TODAY)

    bram = Resident.objects.get(bsn=valid_bsn(2))
    assert bram.household == Resident.objects.get(bsn=valid_bsn(4)).household
    assert Resident.objects.get(bsn=valid_bsn(1)).household.address == places["A"]
    assert report.moved == [bram.pk] and report.households_moved == []


def test_a_resident_registered_outside_the_municipality_leaves_their_household(server, places):
    server.publish(world_before())
    brp_sync.sync(client(server), {valid_bsn(4)}, today=TODAY)
    world = world_before()
    world[3]["verblijfplaats"] = address(
        "Elders",
        9,
        "9999ZZ",
        object_id="0363010000000009",
        number_id="0363200000000009",
        since=datetime.date(2026, 12, 1),
        city="Elders",
    )
    server.publish(world)

    report = brp_sync.sync(client(server), today=TODAY)

    dewi = Resident.objects.get(bsn=valid_bsn(4))
    assert dewi.household is None and report.left_municipality == [dewi.pk]


def test_a_malformed_answer_writes_nothing_and_says_why(server, places):
    server.publish(world_before())
    brp_sync.sync(client(server), {valid_bsn(1), valid_bsn(4)}, today=TODAY)
    before = snapshot()
    world = world_after()
    world[3]["geboorte"]["datum"]["datum"] = "2026-13-45"  # the baby's birth date
    server.publish(world)

    with pytest.raises(brp.BrpError) as error:
        brp_sync.sync(client(server), today=TODAY)

    assert "geboortedatum" in str(error.value) and "2026-13-45" in str(error.value)
    assert snapshot() == before


@pytest.mark.parametrize(
    "breakage, words",
    [
        (lambda p: p.pop("naam"), "naam ontbreekt"),
        (lambda p: p.update(burgerservicenummer="123456789"), "geen geldig BSN"),
        (lambda p: p["verblijfplaats"]["verblijfadres"].update(huisnummer="een"), "huisnummer"),
        (lambda p: p.update(geheimhoudingPersoonsgegevens="ja"), "geheimhouding"),
    ],
)
def test_each_kind_of_malformed_person_is_named(server, places, breakage, words):
    world = world_before()
    breakage(world[4])  # Els, found at Dewi's address
    world[4]["_rauw"] = True
    server.publish(world)

    with pytest.raises(brp.BrpError, match=words):
        brp_sync.sync(client(server), {valid_bsn(4)}, today=TODAY)
    assert Resident.objects.count() == 0


def test_a_wrong_api_key_is_refused_with_the_status(server, places):
    with pytest.raises(brp.BrpError, match="401"):
        brp.HaalCentraalClient(server.url, "wrong").persons({valid_bsn(1)})


def test_the_gezag_of_a_child_is_read(server):
    relation = {
        "type": "GezamenlijkOuderlijkGezag",
        "ouders": [{"burgerservicenummer": valid_bsn(1)}, {"burgerservicenummer": valid_bsn(2)}],
        "minderjarige": {"burgerservicenummer": valid_bsn(3)},
    }
    child = person(3, "Cas", "Bakker", datetime.date(2016, 1, 9), None, gezag=[relation])
    server.publish([child])

    (gezag,) = client(server).gezag(valid_bsn(3))

    assert gezag.kind == "GezamenlijkOuderlijkGezag"
    assert gezag.minor_bsn == valid_bsn(3)
    assert gezag.holder_bsns == (valid_bsn(1), valid_bsn(2))


def test_the_command_prints_a_report_without_names_and_fails_clearly(server, places, tmp_path):
    server.publish(world_before())
    bsns = tmp_path / "bsns.txt"
    bsns.write_text(f"# eerste vulling\n{valid_bsn(1)}\n", encoding="utf-8")
    out = io.StringIO()

    call_command("brp_sync", "--bsn-file", str(bsns), stdout=out)

    assert "Nieuwe inwoners: 3" in out.getvalue()
    assert "Anna" not in out.getvalue() and valid_bsn(1) not in out.getvalue()
    bsns.write_text("12345\n", encoding="utf-8")
    with pytest.raises(CommandError, match="regel 1: '12345' is geen geldig BSN"):
        call_command("brp_sync", "--bsn-file", str(bsns))


def test_an_existing_resident_without_a_brp_status_is_refreshed_not_duplicated(server, places):
    ResidentFactory(bsn=valid_bsn(4), given_names="Dewie", surname="Smit")
    server.publish(world_before())

    report = brp_sync.sync(client(server), today=TODAY)

    dewi = Resident.objects.get(bsn=valid_bsn(4))
    assert dewi.given_names == "Dewi" and report.refreshed == [dewi.pk]


def test_a_first_load_asks_who_lives_at_every_bag_address(server, places):
    server.publish(world_before())
    out = io.StringIO()

    call_command("brp_sync", "--all-addresses", stdout=out)

    assert Resident.objects.count() == 5 and "Nieuwe inwoners: 5" in out.getvalue()
    again = io.StringIO()
    call_command("brp_sync", stdout=again)
    assert "Niets gewijzigd" in again.getvalue()
