"""Importing signals: malformed files give clear errors naming line and field, and write
nothing; the same file twice creates nothing twice; matching and the review queue."""

import datetime

import pytest

from leefwereld.core.tests.factories import (
    AddressFactory,
    HouseholdFactory,
    ResidentFactory,
    as_actor,
)
from leefwereld.debts import signals
from leefwereld.debts.models import OutreachCase, Signal, SignalImport

from .factories import CreditorFactory, debt_officer

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 9, 1)
HEADER = ";".join(signals.COLUMNS)


def row(
    ref="R1",
    amount="100,00",
    origin="2025-06-01",
    signal="2025-08-01",
    crisis="nee",
    bsn="",
    surname="Jansen",
    birth="1980-01-02",
    postcode="3011AB",
    number="12",
):
    return ";".join(
        [ref, amount, origin, signal, crisis, bsn, "J", "", surname, birth, postcode, number, ""]
    )


def run(text: str | bytes, partner=None, officer=None):
    raw = text.encode() if isinstance(text, str) else text
    partner = partner or CreditorFactory()
    officer = officer or debt_officer()
    return signals.import_signals(
        as_actor(officer), signals.read_csv(raw), partner, signals.file_hash(partner, raw), DAY
    )


def problems_of(text) -> list[str]:
    with pytest.raises(signals.SignalImportError) as error:
        run(text)
    assert not Signal.objects.exists() and not SignalImport.objects.exists()
    return error.value.problems


def test_a_file_that_is_not_utf8_is_refused_with_its_line():
    raw = (HEADER + "\n" + row(surname="Müller")).encode("latin-1")
    (problem,) = problems_of(raw)
    assert "Regel 2" in problem and "UTF-8" in problem


def test_missing_columns_are_named():
    (problem,) = problems_of("kenmerk;bedrag\nR1;10,00\n")
    assert "Regel 1" in problem and "ontstaansdatum" in problem and "crisissignaal" in problem


def test_bad_dates_amounts_and_flags_name_line_and_field():
    text = "\n".join(
        [
            HEADER,
            row(ref="A", origin="31-13-2025"),
            row(ref="B", amount="tien"),
            row(ref="C", crisis="misschien"),
            row(ref="D", bsn="123456789"),
            row(ref="E", origin="2025-09-01", signal="2025-08-01"),
        ]
    )
    problems = problems_of(text)
    assert any("Regel 2, veld ontstaansdatum" in p for p in problems)
    assert any("Regel 3, veld bedrag" in p for p in problems)
    assert any("Regel 4, veld crisissignaal" in p for p in problems)
    assert any("Regel 5, veld bsn" in p for p in problems)
    assert any("Regel 6, veld ontstaansdatum" in p and "na de signaaldatum" in p for p in problems)


def test_duplicate_lines_are_refused_and_nothing_is_written():
    problems = problems_of("\n".join([HEADER, row(ref="A"), row(ref="B"), row(ref="A")]))
    assert problems == ["Regel 4: kenmerk A staat ook al op regel 2."]


def test_one_bad_line_stops_the_whole_file():
    problems_of("\n".join([HEADER, row(ref="A"), row(ref="B", birth="gisteren")]))


def test_the_same_file_twice_creates_nothing_twice():
    partner, officer = CreditorFactory(), debt_officer()
    text = "\n".join([HEADER, row(ref="A"), row(ref="B")])
    first = run(text, partner, officer)
    second = run(text, partner, officer)
    assert first.created == 2 and second.already_imported and Signal.objects.count() == 2
    # An overlapping later file: only the new kenmerk is added.
    third = run("\n".join([HEADER, row(ref="B"), row(ref="C")]), partner, officer)
    assert (third.created, third.skipped) == (1, 1) and Signal.objects.count() == 3


def test_matching_by_bsn_by_name_and_address_and_the_review_queue():
    address = AddressFactory(postcode="3011AB", house_number=12)
    household = HouseholdFactory(address=address)
    exact = ResidentFactory(
        household=household,
        surname="Jansen",
        surname_prefix="",
        birth_date=datetime.date(1980, 1, 2),
    )
    by_bsn = ResidentFactory()
    moved = ResidentFactory(
        surname="Pietersen", surname_prefix="", birth_date=datetime.date(1970, 5, 5)
    )
    text = "\n".join(
        [
            HEADER,
            row(ref="A", bsn=by_bsn.bsn),
            row(ref="B"),  # Jansen, 1980-01-02, 3011AB 12
            row(ref="C", surname="Pietersen", birth="1970-05-05", postcode="9999ZZ", number="1"),
            row(ref="D", surname="Onbekend", birth="1990-01-01", postcode="1111AA", number="1"),
            row(ref="E", bsn=exact.bsn, crisis="ja"),
        ]
    )
    result = run(text)
    assert (result.matched, result.review) == (3, 2)
    by_ref = {s.reference: s for s in Signal.objects.all()}
    assert by_ref["A"].match == "bsn" and by_ref["A"].resident == by_bsn
    assert by_ref["B"].match == "name_address" and by_ref["B"].resident == exact
    assert by_ref["C"].match == "review" and by_ref["C"].candidate == moved
    assert by_ref["D"].match == "review" and by_ref["D"].candidate is None
    # Grouping: both signals of the Jansen household in one outreach case.
    assert by_ref["B"].outreach_id == by_ref["E"].outreach_id
    assert OutreachCase.objects.count() == 2
    signals.review_signal(as_actor(debt_officer()), by_ref["C"], moved, DAY)
    by_ref["C"].refresh_from_db()
    assert by_ref["C"].outreach is not None and by_ref["C"].surname == ""
