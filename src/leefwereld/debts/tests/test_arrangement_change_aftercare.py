"""A running arrangement changes when the income changes (a new version, the ledger
untouched), and a finished arrangement goes through aftercare to the exit."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import ResidentFactory, UserFactory, as_actor, log_in
from leefwereld.debts import ledger, services
from leefwereld.debts.models import AftercareCheck, ArrangementVersion, Phase, Sector
from leefwereld.debts.policy import FundPolicy
from leefwereld.vault.models import Record

from .factories import DAY, CreditorFactory, debt_officer
from .test_fund_journey import open_case_with_debts

pytestmark = pytest.mark.django_db


def running_arrangement(amount=100_000):
    officer = debt_officer()
    resident = ResidentFactory(user=UserFactory(role=Role.RESIDENT))
    case = open_case_with_debts(officer, resident, [CreditorFactory()], [amount])
    (offer,) = services.make_offers(as_actor(officer), case, DAY)
    services.respond(as_actor(officer), offer, accepted=True, on=DAY)
    offer.refresh_from_db()
    services.mark_paid(as_actor(officer), offer.instruction, DAY)
    arrangement = services.complete_takeover(as_actor(officer), case, DAY)
    case.refresh_from_db()
    return officer, resident, case, arrangement


def lower_income(netto=140_000):
    return services.CapacityInputs("alleenstaande", netto_inkomen=netto)


def trial_balance_is_balanced() -> bool:
    return sum(services.account_balances().values()) == 0


def test_the_takeover_records_version_one():
    _officer, _resident, _case, arrangement = running_arrangement()
    (v1,) = arrangement.versions.all()
    assert (v1.number, v1.reason, v1.monthly_cents, v1.term_months) == (
        1,
        ArrangementVersion.Reason.START,
        arrangement.monthly_cents,
        arrangement.term_months,
    )
    assert v1.valid_from == arrangement.first_due


def test_lower_income_makes_a_new_version_within_the_new_capacity():
    officer, _resident, case, arrangement = running_arrangement()
    first = arrangement.first_due
    services.record_repayment(
        as_actor(officer), arrangement, arrangement.monthly_cents, first, "b-1"
    )
    before = services.household_totals(case.household_id)
    on = first + datetime.timedelta(days=10)
    version = services.change_arrangement(
        as_actor(officer),
        case,
        lower_income(),
        reason=ArrangementVersion.Reason.INCOME_DOWN,
        on=on,
        allow_stale=False,
    )
    arrangement.refresh_from_db()
    capacity = services.capacity_payload(lower_income(), on, False)["afloscapaciteit_cents"]
    assert version.number == 2
    assert version.monthly_cents <= capacity
    assert arrangement.monthly_cents == version.monthly_cents
    # From the next due date; the month already due keeps its old amount.
    assert version.valid_from == services.add_months(first, 1)
    schedule = arrangement.schedule()
    assert schedule[0][1] == arrangement.versions.get(number=1).monthly_cents
    assert schedule[1][1] == version.monthly_cents
    # The ledger does not move: the same balance, still balanced.
    assert services.household_totals(case.household_id) == before
    assert trial_balance_is_balanced()
    # The months left pay off the balance, unless the longest term is reached.
    months_left = version.term_months - 1
    assert version.monthly_cents * months_left >= before["balance"] or version.term_months == 180
    # The new calculation is a new vault record; the old one stays as version 1's basis.
    assert version.capacity_record_id != arrangement.versions.get(number=1).capacity_record_id
    assert Record.objects.filter(kind="payment-capacity").count() == 2
    # The payment just made is not in arrears under the new version.
    assert services.arrears(arrangement, on) == 0


def test_a_change_needs_a_reason_and_a_running_arrangement():
    officer, _resident, case, _arrangement = running_arrangement()
    with pytest.raises(services.ValidationError):
        services.change_arrangement(
            as_actor(officer),
            case,
            lower_income(),
            reason="start",
            on=DAY,
            allow_stale=False,
        )
    other = open_case_with_debts(officer, ResidentFactory(), [CreditorFactory()], [5_000])
    with pytest.raises(services.ValidationError):
        services.change_arrangement(
            as_actor(officer),
            other,
            lower_income(),
            reason=ArrangementVersion.Reason.INCOME_DOWN,
            on=DAY,
            allow_stale=False,
        )


@given(
    balance=st.integers(0, 10_000_000),
    capacity=st.integers(-1000, 500_000),
    term=st.integers(1, 180),
    done=st.integers(0, 180),
)
def test_revised_terms_never_exceed_the_capacity_or_the_longest_term(balance, capacity, term, done):
    done = min(done, term)
    monthly, new_term = services.revised_terms(balance, capacity, done, term, 180)
    assert 0 <= monthly <= max(capacity, 0)
    assert new_term <= max(180, term, done + 1)
    assert new_term >= min(term, 180) or balance == 0
    if balance > 0 and capacity > 0 and new_term < 180:
        assert monthly * (new_term - done) >= balance


def test_aftercare_starts_when_paid_off_and_exit_needs_the_whole_checklist(client):
    officer, resident, case, arrangement = running_arrangement(amount=10_000)
    with pytest.raises(services.ValidationError):  # still running, money open
        services.advance(as_actor(officer), case, Phase.AFTERCARE, arrangement.first_due)
    balance = services.household_totals(case.household_id)["balance"]
    services.record_repayment(
        as_actor(officer), arrangement, balance, arrangement.first_due, "b-all"
    )
    services.advance(as_actor(officer), case, Phase.AFTERCARE, arrangement.first_due)
    case.refresh_from_db()
    assert case.phase == Phase.AFTERCARE
    log_in(client, resident.user)
    page = client.get("/schulden/mijn-schulden/").content.decode()
    assert "Nazorg" in page and "nog niet gedaan" in page
    client.logout()
    kinds = AftercareCheck.Kind.values
    for kind in kinds[:-1]:
        assert services.check_aftercare(as_actor(officer), case, kind, arrangement.first_due)
    assert not services.check_aftercare(as_actor(officer), case, kinds[0], arrangement.first_due)
    with pytest.raises(services.ValidationError) as refused:
        services.advance(as_actor(officer), case, Phase.EXIT, arrangement.first_due)
    assert str(AftercareCheck.Kind(kinds[-1]).label) in str(refused.value)
    log_in(client, officer)
    client.post(f"/schulden/zaken/{case.pk}/nazorg/", {"kind": kinds[-1]})
    client.post(f"/schulden/zaken/{case.pk}/fase/", {"to": Phase.EXIT})
    case.refresh_from_db()
    assert case.phase == Phase.EXIT and case.closed_on is not None


def test_at_the_end_of_the_term_the_rest_is_forgiven_once():
    # A sector agreement above the equal percentage: the fund takes over more than the
    # household can repay within the term, so something is left at the end.
    officer = debt_officer()
    case = open_case_with_debts(officer, ResidentFactory(), [CreditorFactory()], [10_000_000])
    policy = FundPolicy(sector_agreements={Sector.OTHER: 8000})
    (offer,) = services.make_offers(as_actor(officer), case, DAY, policy=policy)
    services.respond(as_actor(officer), offer, accepted=True, on=DAY)
    offer.refresh_from_db()
    services.mark_paid(as_actor(officer), offer.instruction, DAY)
    arrangement = services.complete_takeover(as_actor(officer), case, DAY)
    schedule = arrangement.schedule()
    for i, (day, amount) in enumerate(schedule[:-1]):
        services.record_repayment(as_actor(officer), arrangement, amount, day, f"m-{i}")
    end = arrangement.due_dates()[-1]
    # The last month is not paid: arrears, so no forgiveness yet.
    with pytest.raises(services.ValidationError):
        services.advance(
            as_actor(officer), case, Phase.AFTERCARE, end + datetime.timedelta(days=10)
        )
    services.record_repayment(as_actor(officer), arrangement, schedule[-1][1], end, "m-last")
    left = services.household_totals(case.household_id)["balance"]
    assert left > 0
    services.advance(as_actor(officer), case, Phase.AFTERCARE, end)
    totals = services.household_totals(case.household_id)
    assert totals["balance"] == 0
    assert totals["forgiven"] == left
    assert services.account_balance(ledger.receivable(case.household_id)) == 0
    assert trial_balance_is_balanced()
