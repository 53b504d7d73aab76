import pytest

from leefwereld.algorithms.sortition.households import household_key, normalise_address


@pytest.mark.parametrize(
    "variant",
    [
        "Kerkstraat 1a",
        "Kerkstraat 1 A",
        "kerkstraat 1-a",
        "KERKSTRAAT 1A",
        "Kerkstraat1a",
        "Kerkstr. 1a",
    ],
)
def test_spellings_of_one_address_normalise_to_the_same_key(variant: str) -> None:
    assert normalise_address(variant) == normalise_address("Kerkstraat 1a")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Kerkstraat 1a", "Kerkstraat 1b"),
        ("Kerkstraat 1", "Kerkstraat 11"),
        ("Kerkstraat 1a", "Kerkstraat 1"),
        ("Kerkstraat 1", "Kerklaan 1"),
    ],
)
def test_different_addresses_stay_different(one: str, other: str) -> None:
    assert normalise_address(one) != normalise_address(other)


def test_postcode_spacing_and_accents_are_ignored() -> None:
    assert normalise_address("1234 AB") == normalise_address("1234ab")
    assert normalise_address("Ééndrachtstraat 2") == normalise_address("Eendrachtstraat 2")


def test_house_number_additions_written_apart_join_the_number() -> None:
    assert normalise_address("Dorpsstraat 3 bis") == normalise_address("Dorpsstraat 3-bis")


def test_people_without_an_address_are_never_one_household() -> None:
    assert household_key(["", "  "]) is None
    assert household_key(["Kerkstraat 1a", "1234 AB"]) == household_key(
        ["kerkstraat 1-A", "1234ab"]
    )
