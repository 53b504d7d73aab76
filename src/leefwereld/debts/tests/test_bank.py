"""Repayments from the bank: a CAMT.053 statement matched by reference, amount and IBAN,
booked once, the rest left to the officer; the matching's invariants by Hypothesis."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leefwereld import payments
from leefwereld.core.tests.factories import ResidentFactory, as_actor
from leefwereld.debts import bank, matching, services
from leefwereld.debts.models import BankLine, LedgerLine, Repayment

from .factories import DAY, CreditorFactory, debt_officer
from .test_fund_journey import open_case_with_debts

pytestmark = pytest.mark.django_db
FUND = "NL91ABNA0417164300"
CREATED = datetime.datetime(2025, 11, 2, 6, 0)


def arrangement_for(officer, amount=100_000):
    case = open_case_with_debts(officer, ResidentFactory(), [CreditorFactory()], [amount])
    (offer,) = services.make_offers(as_actor(officer), case, DAY)
    services.respond(as_actor(officer), offer, accepted=True, on=DAY)
    offer.refresh_from_db()
    services.mark_paid(as_actor(officer), offer.instruction, DAY)
    return services.complete_takeover(as_actor(officer), case, DAY)


def booking(n, cents, remittance, iban=None, day=datetime.date(2025, 11, 1)):
    return payments.Booking(
        day, cents, iban or payments.dutch_iban("RABO", n), f"Betaler {n}", remittance, f"B-{n}"
    )


def statement(bookings, statement_id="ST-1", account=FUND):
    return payments.camt053(account, statement_id, CREATED, bookings)


@pytest.fixture
def fund(settings):
    settings.LEEFWERELD_DEBT_FUND_IBAN = FUND
    officer = debt_officer()
    return officer, arrangement_for(officer), arrangement_for(officer)


def ledger_total():
    return LedgerLine.objects.aggregate(s=Sum("amount_cents"))["s"]


def test_a_statement_books_the_matched_lines_once_and_leaves_the_rest_open(fund):
    officer, first, second = fund
    data = statement(
        [
            booking(1, first.monthly_cents, f"Aflossing {first.case.reference} november"),
            booking(2, 1_500, f"aflossing sf {second.case_id:06d}"),
            booking(3, 2_000, "voor het fonds"),  # no reference, unknown account
            booking(4, 9_999_999, f"{first.case.reference}"),  # more than is open
            booking(5, -300, "bankkosten"),
        ]
    )
    result = bank.import_statement(as_actor(officer), data, "nov.xml")
    assert (result.new_lines, result.matched, result.open, result.debits) == (4, 2, 2, 1)
    assert services.household_totals(first.case.household_id)["repaid"] == first.monthly_cents
    assert services.household_totals(second.case.household_id)["repaid"] == 1_500
    reasons = set(BankLine.objects.filter(status="open").values_list("reason", flat=True))
    assert reasons == {matching.IBAN_UNKNOWN, matching.TOO_MUCH}
    assert ledger_total() == 0

    again = bank.import_statement(as_actor(officer), data, "nov-again.xml")
    assert again.already and again.statement == result.statement
    assert Repayment.objects.count() == 2 and BankLine.objects.count() == 4

    # The bank's next export overlaps: only the new line is read.
    overlap = statement(
        [
            booking(1, first.monthly_cents, f"Aflossing {first.case.reference} november"),
            booking(6, 1_000, f"{second.case.reference}", day=datetime.date(2025, 11, 3)),
        ],
        "ST-2",
    )
    later = bank.import_statement(as_actor(officer), overlap, "nov-2.xml")
    assert (later.new_lines, later.skipped, later.matched) == (1, 1, 1)
    assert services.household_totals(second.case.household_id)["repaid"] == 2_500


def test_a_standing_order_without_reference_is_matched_by_its_known_iban_and_amount(fund):
    officer, first, _second = fund
    iban = payments.dutch_iban("INGB", 77)
    bank.import_statement(
        as_actor(officer), statement([booking(1, 1_000, first.case.reference, iban=iban)])
    )
    result = bank.import_statement(
        as_actor(officer),
        statement(
            [
                booking(2, first.monthly_cents, "", iban=iban),
                booking(3, 123, "", iban=iban),  # known account, not the monthly amount
            ],
            "ST-2",
        ),
    )
    assert (result.matched, result.open) == (1, 1)
    assert BankLine.objects.get(status="open").reason == matching.IBAN_AMOUNT


def test_arrears_follow_the_matched_bank_lines(fund):
    officer, first, _second = fund
    late = first.first_due + datetime.timedelta(days=6)
    assert services.arrears(first, late) == first.monthly_cents
    bank.import_statement(
        as_actor(officer),
        statement([booking(1, first.monthly_cents, first.case.reference, day=late)]),
    )
    assert services.arrears(first, late) == 0


def test_the_officer_resolves_an_open_line_once(fund):
    officer, first, _second = fund
    bank.import_statement(as_actor(officer), statement([booking(1, 2_500, "mijn schuld")]))
    line = BankLine.objects.get()
    bank.resolve(as_actor(officer), line, first, DAY, "Mevrouw belde: zaak SF")
    line.refresh_from_db()
    assert line.status == BankLine.Status.RESOLVED and line.repayment.amount_cents == 2_500
    assert services.household_totals(first.case.household_id)["repaid"] == 2_500
    with pytest.raises(ValidationError, match="al afgehandeld"):
        bank.resolve(as_actor(officer), line, first, DAY)
    assert services.household_totals(first.case.household_id)["repaid"] == 2_500
    assert ledger_total() == 0


def test_setting_a_line_aside_needs_a_reason(fund):
    officer, _first, _second = fund
    bank.import_statement(as_actor(officer), statement([booking(1, 2_500, "gift")]))
    line = BankLine.objects.get()
    with pytest.raises(ValidationError, match="waarom"):
        bank.set_aside(as_actor(officer), line, DAY, " ")
    bank.set_aside(as_actor(officer), line, DAY, "Gift van de kerk")
    assert BankLine.objects.get().status == BankLine.Status.SET_ASIDE


def test_a_statement_of_another_account_or_a_broken_file_writes_nothing(fund):
    officer, first, _second = fund
    other = statement([booking(1, 1_000, first.case.reference)], account="NL02ABNA0123456789")
    with pytest.raises(ValidationError, match="niet van het schuldenfonds"):
        bank.import_statement(as_actor(officer), other)
    with pytest.raises(ValidationError, match="geen geldige XML"):
        bank.import_statement(as_actor(officer), b"<Document>")
    assert not BankLine.objects.exists() and not Repayment.objects.exists()


def test_only_officers_import_statements(fund):
    _officer, first, _second = fund
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied from the policy
        bank.import_statement(
            as_actor(ResidentFactory().user), statement([booking(1, 1, first.case.reference)])
        )


amounts = st.integers(-5_000, 200_000).filter(bool)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(amounts, st.sampled_from(["first", "second", "none", "both"])),
        min_size=1,
        max_size=12,
    )
)
def test_a_statement_imported_twice_books_once_and_the_ledger_balances(fund, lines):
    officer, first, second = fund
    text = {
        "first": first.case.reference,
        "second": second.case.reference,
        "none": "onbekend",
        "both": f"{first.case.reference} {second.case.reference}",
    }
    data = statement([booking(n, cents, text[kind]) for n, (cents, kind) in enumerate(lines)])
    with transaction.atomic():
        open_before = {
            a.pk: services.household_totals(a.case.household_id)["balance"] for a in (first, second)
        }
        once = bank.import_statement(as_actor(officer), data)
        counts = (Repayment.objects.count(), LedgerLine.objects.count())
        twice = bank.import_statement(as_actor(officer), data)
        assert twice.already
        assert (Repayment.objects.count(), LedgerLine.objects.count()) == counts
        assert ledger_total() == 0
        booked = BankLine.objects.filter(repayment__isnull=False)
        assert booked.count() == once.matched
        for a in (first, second):
            repaid = sum(line.amount_cents for line in booked if line.arrangement_id == a.pk)
            assert repaid <= open_before[a.pk]  # never more than was open
        transaction.set_rollback(True)


targets = {
    n: matching.Target(arrangement_id=100 + n, case_id=n, monthly_cents=5_000, open_cents=20_000)
    for n in range(1, 4)
}


@given(
    st.lists(
        st.tuples(
            st.integers(-10_000, 30_000),
            st.sampled_from(
                ["", "SF-000001", "SF-000002", "sf 000003", "SF-000009", "SF-000001 SF-000002"]
            ),
            st.sampled_from(["NL01", "NL02", "NL03"]),
        ),
        max_size=40,
    )
)
def test_matching_never_gives_a_line_to_two_arrangements_nor_more_than_is_open(rows):
    lines = [matching.Line(f"k{n}", a, iban, text) for n, (a, text, iban) in enumerate(rows)]
    known = {"NL01": frozenset({101}), "NL02": frozenset({101, 102})}
    results = matching.match(lines, targets, known)
    assert [r.key for r in results] == [line.key for line in lines]  # one answer per line
    for target in targets.values():
        total = sum(
            line.amount_cents
            for line, r in zip(lines, results, strict=True)
            if r.arrangement_id == target.arrangement_id
        )
        assert total <= target.open_cents
    for line, r in zip(lines, results, strict=True):
        if r.arrangement_id is not None:
            assert line.amount_cents > 0


def test_the_bank_page_uses_a_constant_number_of_queries(client, fund):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from leefwereld.core.tests.factories import log_in

    officer, first, second = fund

    def read(statement_id, start):
        bank.import_statement(
            as_actor(officer),
            statement(
                [
                    booking(start, 100, first.case.reference),
                    booking(start + 1, 100, second.case.reference),
                    booking(start + 2, 100, "onbekend"),
                    booking(start + 3, 100, "SF-999999"),
                ],
                statement_id,
            ),
        )

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/schulden/bank/")
        assert response.status_code == 200
        return len(captured)

    read("ST-1", 0)
    log_in(client, officer)
    small = count()
    read("ST-2", 10)
    read("ST-3", 20)
    assert BankLine.objects.count() == 12
    assert count() == small
