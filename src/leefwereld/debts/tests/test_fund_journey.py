"""The whole fund in services: signal → outreach → case → inventory → capacity → offers →
takeover → arrangement → goal → forgiveness, with the ledger underneath."""

import datetime

import pytest

from leefwereld import rules
from leefwereld.core.tests.factories import ResidentFactory, UserFactory, as_actor
from leefwereld.debts import ledger, services, signals
from leefwereld.debts.models import Offer, OutreachCase, Phase, Sector, Signal
from leefwereld.debts.policy import FundPolicy
from leefwereld.vault.models import AccessLog, LegalBasis, Record

from .factories import DAY, CreditorFactory, debt_officer

pytestmark = pytest.mark.django_db


def csv_for(resident, reference="H-1", amount="1.250,00", crisis="nee") -> bytes:
    header = ";".join(signals.COLUMNS)
    row = [
        reference,
        amount,
        "2025-06-01",
        "2025-08-15",
        crisis,
        resident.bsn,
        "F",
        "",
        "",
        "",
        "",
        "",
        "",
    ]
    return (header + "\n" + ";".join(row) + "\n").encode()


def open_case_with_debts(officer, resident, creditors, amounts):
    case = services.open_case(as_actor(officer), resident, registered_on=DAY, threatening=False)
    services.advance(as_actor(officer), case, Phase.FIRST_CONVERSATION, DAY)
    services.advance(as_actor(officer), case, Phase.INVENTORY, DAY)
    for creditor, amount in zip(creditors, amounts, strict=True):
        services.add_debt(
            as_actor(officer),
            case,
            creditor,
            principal=amount,
            costs=0,
            interest=0,
            origin_date=None,
            stage="incasso",
            attachment=False,
            reference="",
            on=DAY,
        )
    services.advance(as_actor(officer), case, Phase.CAPACITY, DAY)
    inputs = services.CapacityInputs("alleenstaande", netto_inkomen=160_000)
    services.set_capacity(as_actor(officer), case, inputs, peildatum=DAY, allow_stale=False)
    services.advance(as_actor(officer), case, Phase.PLAN, DAY)
    services.advance(as_actor(officer), case, Phase.STABILISATION, DAY)
    case.refresh_from_db()
    return case


def test_it_takes_a_signal_to_forgiveness_with_a_balanced_ledger():
    officer = debt_officer()
    resident = ResidentFactory()
    landlord = CreditorFactory(sector=Sector.LANDLORD)
    energy = CreditorFactory(sector=Sector.ENERGY)
    raw = csv_for(resident)
    result = signals.import_signals(
        as_actor(officer), signals.read_csv(raw), landlord, signals.file_hash(landlord, raw), DAY
    )
    assert (result.created, result.matched) == (1, 1)
    signal = Signal.objects.get()
    assert signal.match == Signal.Match.BSN and signal.bsn == ""  # identity cleared
    outreach = signal.outreach
    assert not outreach.picked_up
    services.record_contact_attempt(
        as_actor(officer), outreach, kind="phone", on=DAY, daypart="morning", reached=True
    )
    outreach.refresh_from_db()
    assert outreach.picked_up and outreach.status == OutreachCase.Status.REACHED

    case = open_case_with_debts(officer, resident, [landlord, energy], [150_000, 50_000])
    assert LegalBasis.objects.filter(resident=resident, law="wgs").exists()
    assert Record.objects.filter(household_id=resident.household_id, kind="debt-item").count() == 2
    # The fund's four weeks run from registration (DAY, Monday 01-09-2025), the day itself
    # not counted: 20 working days, no holidays in between -> Monday 29-09-2025
    # (rules.fund_promise).
    assert case.registered_on == DAY
    assert case.takeover_due == datetime.date(2025, 9, 29)

    offers = services.make_offers(as_actor(officer), case, DAY)
    # Capacity 1.600,00 − vtlb 1.437,51 (1.300,61 + 5 % reserveringstoeslag 68,45 …) × 18.
    capacity = rules.payment_capacity(
        rules.Household(rules.Leefsituatie.ALLEENSTAANDE, 160_000), DAY
    ).afloscapaciteit
    assert sum(o.offer_cents for o in offers) == min(200_000, capacity * 18)
    for offer in offers:
        services.respond(as_actor(officer), offer, accepted=True, on=DAY)
    for offer in Offer.objects.filter(case=case):
        assert services.mark_paid(as_actor(officer), offer.instruction, DAY)
        assert not services.mark_paid(as_actor(officer), offer.instruction, DAY)  # never twice
    arrangement = services.complete_takeover(as_actor(officer), case, DAY)
    assert arrangement.monthly_cents <= capacity
    totals = services.household_totals(case.household_id)
    assert totals["balance"] == sum(o.offer_cents for o in offers)

    services.record_repayment(as_actor(officer), arrangement, 10_000, DAY, "bank-1")
    assert not services.record_repayment(as_actor(officer), arrangement, 10_000, DAY, "bank-1")
    goal = services.agree_goal(as_actor(officer), case, "budget_coaching", DAY)
    goal = services.reach_goal(as_actor(officer), goal, DAY)
    after = services.household_totals(case.household_id)
    assert goal.forgiven_cents == (totals["balance"] - 10_000) * 1000 // 10_000
    assert after["balance"] == after["taken_over"] - after["repaid"] - after["forgiven"]
    assert "kwijtgescholden gekregen" in services.progress_sentence(case.household_id)
    assert sum(services.account_balances().values()) == 0
    # Every vault access by the fund is in the resident's access log.
    assert AccessLog.objects.filter(resident=resident, purpose=services.PURPOSE).exists()


def test_it_refuses_phases_out_of_order():
    officer = debt_officer()
    case = services.open_case(
        as_actor(officer), ResidentFactory(), registered_on=DAY, threatening=True
    )
    assert case.first_conversation_due == rules.wgs_eerste_gesprek_deadline(DAY, bedreigend=True)
    with pytest.raises(services.ValidationError):
        services.advance(as_actor(officer), case, Phase.CAPACITY, DAY)
    services.advance(as_actor(officer), case, Phase.FIRST_CONVERSATION, DAY)
    services.advance(as_actor(officer), case, Phase.INVENTORY, DAY)
    with pytest.raises(services.ValidationError):  # no debts on the list yet
        services.advance(as_actor(officer), case, Phase.CAPACITY, DAY)
    services.advance(as_actor(officer), case, Phase.EXIT, DAY)
    case.refresh_from_db()
    assert case.phase == Phase.EXIT and case.phase_changes.count() == 4


def test_a_moratorium_lasts_at_most_six_months():
    officer = debt_officer()
    case = services.open_case(
        as_actor(officer), ResidentFactory(), registered_on=DAY, threatening=False
    )
    services.set_moratorium(as_actor(officer), case, DAY, None)
    assert case.moratorium_end == rules.moratorium_einde(DAY)
    with pytest.raises(services.ValidationError):
        services.set_moratorium(as_actor(officer), case, DAY, DAY + datetime.timedelta(days=200))


def test_sector_agreements_override_the_equal_percentage():
    policy = FundPolicy(sector_agreements={"energy": 5000})
    planned = services.plan_offers([("energy", 10_000), ("other", 30_000)], 100, 18, policy)
    assert planned[0] == (5_000, 5000, "sector")
    # Equal: 100 × 18 / 40.000 = 4,5 % of the other creditor's 30.000.
    assert planned[1] == (1_350, 450, "equal")


def test_refusing_creditors_block_nothing_but_are_listed():
    officer = debt_officer()
    resident = ResidentFactory()
    a, b = CreditorFactory(), CreditorFactory()
    case = open_case_with_debts(officer, resident, [a, b], [100_000, 100_000])
    first, second = services.make_offers(as_actor(officer), case, DAY)
    services.respond(as_actor(officer), first, accepted=True, on=DAY)
    services.respond(as_actor(officer), second, accepted=False, on=DAY)
    with pytest.raises(services.ValidationError):  # the accepted one is not paid yet
        services.complete_takeover(as_actor(officer), case, DAY)
    first.refresh_from_db()
    services.mark_paid(as_actor(officer), first.instruction, DAY)
    arrangement = services.complete_takeover(as_actor(officer), case, DAY)
    assert arrangement.taken_over_cents == first.offer_cents
    assert Offer.objects.filter(status=Offer.Status.REFUSED).count() == 1


def test_the_clock_warns_and_escalates():
    officer = debt_officer()
    resident = ResidentFactory()
    case = open_case_with_debts(officer, resident, [CreditorFactory()], [10_000])
    assert services.takeover_clock(case, DAY).state == "running"
    assert services.takeover_clock(case, DAY + datetime.timedelta(days=22)).state == "warning"
    late = DAY + datetime.timedelta(days=29)
    assert services.takeover_clock(case, late).state == "overdue"
    assert services.escalate_overdue(late) == 1
    assert services.escalate_overdue(late) == 0


def test_arrears_are_flagged_after_the_grace_days():
    officer = debt_officer()
    resident = ResidentFactory()
    case = open_case_with_debts(officer, resident, [CreditorFactory()], [100_000])
    (offer,) = services.make_offers(as_actor(officer), case, DAY)
    services.respond(as_actor(officer), offer, accepted=True, on=DAY)
    offer.refresh_from_db()
    services.mark_paid(as_actor(officer), offer.instruction, DAY)
    arrangement = services.complete_takeover(as_actor(officer), case, DAY)
    assert services.arrears(arrangement, arrangement.first_due) == 0
    late = arrangement.first_due + datetime.timedelta(days=6)
    assert services.arrears(arrangement, late) == arrangement.monthly_cents
    services.record_repayment(
        as_actor(officer), arrangement, arrangement.monthly_cents, late, "b-1"
    )
    assert services.arrears(arrangement, late) == 0


def test_only_officers_change_cases():
    resident = ResidentFactory()
    with pytest.raises(services.PermissionDenied):
        services.open_case(
            as_actor(UserFactory(professional=True)), resident, registered_on=DAY, threatening=False
        )


def test_ledger_keys_are_unique_per_movement():
    assert services.post(ledger.contribution("c1", DAY, 100))
    assert not services.post(ledger.contribution("c1", DAY, 100))
    assert services.account_balance(ledger.CASH) == 100
