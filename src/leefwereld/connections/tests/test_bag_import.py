"""bag_import: addresses with their nummeraanduiding and CBS area from a BAG extract;
idempotent; every bad row named; nothing partial."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from leefwereld.connections.models import AddressIdentity
from leefwereld.core.models import Address
from leefwereld.core.tests.factories import AddressFactory, NeighbourhoodFactory

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parent / "data" / "bag-sample.csv"
HEADER = SAMPLE.read_text(encoding="utf-8").splitlines()[0]


@pytest.fixture
def wijken():
    return {
        "WK059901": NeighbourhoodFactory(cbs_code="WK059901", name="Centrum"),
        "WK059902": NeighbourhoodFactory(cbs_code="WK059902", name="Haven"),
    }


def run(path) -> str:
    out = io.StringIO()
    call_command("bag_import", str(path), stdout=out)
    return out.getvalue()


def test_the_sample_extract_fills_addresses_with_their_nummeraanduiding_and_wijk(wijken):
    out = run(SAMPLE)

    assert "Nieuw: 4" in out
    identity = AddressIdentity.objects.select_related("address").get(
        nummeraanduiding="0599200000100003"
    )
    address = identity.address
    assert (address.street, address.house_number, address.addition, address.postcode) == (
        "Kerkweg",
        12,
        "2",
        "1234AC",
    )
    assert address.neighbourhood == wijken["WK059901"] and identity.buurt_code == "BU05990102"
    assert (
        AddressIdentity.objects.get(nummeraanduiding="0599200000100004").address.neighbourhood
        == wijken["WK059902"]
    )
    assert Address.objects.get(house_number=3).house_letter == "A"


def test_importing_the_same_extract_again_changes_nothing(wijken):
    run(SAMPLE)
    before = list(Address.objects.order_by("pk").values())

    out = run(SAMPLE)

    assert "Nieuw: 0" in out and "ongewijzigd: 4" in out
    assert list(Address.objects.order_by("pk").values()) == before


def test_an_address_typed_in_before_is_linked_not_duplicated(wijken):
    existing = AddressFactory(street="Dorpstraat", house_number=1, postcode="1234AB")

    out = run(SAMPLE)

    existing.refresh_from_db()
    assert "gekoppeld aan een bestaand adres: 1" in out
    assert existing.street == "Dorpsstraat" and existing.bag.nummeraanduiding == "0599200000100001"


def test_a_renamed_street_is_updated(wijken, tmp_path):
    run(SAMPLE)
    renamed = tmp_path / "bag.csv"
    renamed.write_text(SAMPLE.read_text().replace("Havenkade", "Havenkade-Noord"), encoding="utf-8")

    out = run(renamed)

    assert "bijgewerkt: 1" in out
    assert Address.objects.filter(street="Havenkade-Noord").count() == 1


def test_every_bad_row_is_named_and_nothing_is_written(wijken, tmp_path):
    bad = tmp_path / "bag.csv"
    bad.write_text(
        "\n".join(
            [
                HEADER,
                "0599200000100001,0599010000100001,Dorpsstraat,1,,,1234AB,Teststad,BU05990101",
                "12345,0599010000100002,Dorpsstraat,3,,,1234AB,Teststad,BU05990101",
                "0599200000100003,0599010000100003,Kerkweg,nul,,,1234 ac,Teststad,BU05990102",
                "0599200000100004,0599010000100004,Havenkade,40,,,1234AD,Teststad,BU05999901",
                "0599200000100001,0599010000100005,Kade,5,,,1234AE,Teststad,BU05990101",
            ]
        ),
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as error:
        run(bad)

    message = str(error.value)
    assert "Regel 3, nummeraanduiding_id: '12345' is geen BAG-identificatie" in message
    assert "Regel 4, huisnummer: 'nul'" in message
    assert "Regel 5, buurtcode: wijk WK059999 bestaat niet" in message
    assert "Regel 6: nummeraanduiding_id staat ook op regel 2." in message
    assert Address.objects.count() == 0 and AddressIdentity.objects.count() == 0


def test_a_file_without_the_columns_is_refused(wijken, tmp_path):
    bad = tmp_path / "bag.csv"
    bad.write_text("straat,huisnummer\nDorpsstraat,1\n", encoding="utf-8")

    with pytest.raises(CommandError, match="kolom\\(men\\) ontbreken: nummeraanduiding_id"):
        run(bad)
