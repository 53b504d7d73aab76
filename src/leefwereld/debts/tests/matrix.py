"""The debt fund's sample objects for the authorisation matrix (tests/test_authorisation_matrix.py).

`build(world)` gives the world's test resident a debt story — an early signal in an outreach
case, a signal the officer must review, and a running debt case with two debts, a
payment-capacity calculation, one accepted (paid) and one refused offer, an arrangement and
a goal — and returns the concrete path of every debts page and API operation that takes
arguments.

The personal content carries the world's marker: the resident's name (their surname holds
it) on the officer's pages, and the creditor's kenmerk of one debt in the household's vault
(`kenmerk-<marker>`) on the resident's own page. The objects are made directly, not through
the verbs: opening a case records a Wgs legal basis for the officer's organisation, which
would give the world's team a basis in every state and blur the other apps' cells.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from leefwereld.core.roles import Role
from leefwereld.debts import services
from leefwereld.debts.models import (
    Arrangement,
    ArrangementVersion,
    BankLine,
    BankStatement,
    DebtCase,
    DebtItem,
    Goal,
    Offer,
    OutreachCase,
    PaymentInstruction,
    Phase,
    Signal,
    SignalImport,
)
from leefwereld.vault import access
from leefwereld.vault.models import Category, Record

from .factories import CreditorFactory


def _household_record(household, category: str, kind: str, payload: dict, by) -> Record:
    """A record in the household's vault, as the fund's verbs write it (set-up, not logged)."""
    record = Record(
        household=household, category=category, kind=kind, source="debts", created_by=by
    )
    access.encrypt_record(record, payload, access.ensure_data_key(household_id=household.pk))
    record.save(force_insert=True)
    return record


def _debt(case, creditor, amount: int, reference: str, officer, today) -> DebtItem:
    payload = {
        "title": f"Schuld bij {creditor}",
        "creditor_id": creditor.pk,
        "creditor": str(creditor),
        "principal_cents": amount,
        "costs_cents": 0,
        "interest_cents": 0,
        "origin_date": None,
        "stage": "incasso",
        "attachment": False,
        "reference": reference,
    }
    record = _household_record(case.household, Category.FINANCE, "debt-item", payload, officer)
    return DebtItem.objects.create(case=case, creditor=creditor, record=record, added_on=today)


def build(world) -> dict[Any, Any]:
    subject = world.subject
    household = subject.household
    officer = world.actors[Role.DEBT_OFFICER.value]
    marker = world.marker
    today = timezone.localdate()
    accepting, refusing = CreditorFactory(), CreditorFactory()

    batch = SignalImport.objects.create(
        partner=accepting, file_hash=f"matrix-{marker}"[:64], imported_by=officer, signal_count=2
    )
    outreach = OutreachCase.objects.create(household=household, opened_on=today)
    Signal.objects.create(
        batch=batch,
        partner=accepting,
        reference=f"S-{marker}-1",
        amount_cents=12_500,
        origin_date=today - datetime.timedelta(days=90),
        signal_date=today - datetime.timedelta(days=10),
        match=Signal.Match.BSN,
        resident=subject,
        outreach=outreach,
    )
    # A signal the officer must review: its identity and the candidate are on the queue.
    review = Signal.objects.create(
        batch=batch,
        partner=accepting,
        reference=f"S-{marker}-2",
        amount_cents=7_500,
        origin_date=today - datetime.timedelta(days=60),
        signal_date=today - datetime.timedelta(days=5),
        match=Signal.Match.REVIEW,
        surname=subject.surname,
        birth_date=subject.birth_date,
        candidate=subject,
    )

    case = DebtCase.objects.create(
        household=household,
        client=subject,
        officer=officer,
        organisation=world.team,
        registered_on=today - datetime.timedelta(days=60),
        first_conversation_due=today - datetime.timedelta(days=32),
        first_conversation_on=today - datetime.timedelta(days=50),
        inventory_completed_on=today - datetime.timedelta(days=40),
        takeover_due=today - datetime.timedelta(days=12),
        taken_over_on=today - datetime.timedelta(days=14),
        phase=Phase.SOLUTION,
        term_months=18,
    )
    first = _debt(case, accepting, 150_000, f"kenmerk-{marker}", officer, today)
    second = _debt(case, refusing, 50_000, "kenmerk-tweede", officer, today)
    inputs = services.CapacityInputs("alleenstaande", netto_inkomen=160_000)
    capacity = _household_record(
        household,
        Category.WORK_INCOME,
        "payment-capacity",
        services.capacity_payload(inputs, today, allow_stale=True),
        officer,
    )
    case.capacity_record = capacity
    case.save(update_fields=["capacity_record"])

    sent = today - datetime.timedelta(days=30)
    accepted = Offer.objects.create(
        case=case,
        item=first,
        creditor=accepting,
        claim_cents=150_000,
        offer_cents=60_000,
        percentage_bp=4000,
        basis="equal",
        sent_on=sent,
        status=Offer.Status.ACCEPTED,
        responded_on=sent,
    )
    refused = Offer.objects.create(
        case=case,
        item=second,
        creditor=refusing,
        claim_cents=50_000,
        offer_cents=20_000,
        percentage_bp=4000,
        basis="equal",
        sent_on=sent,
        status=Offer.Status.REFUSED,
        responded_on=sent,
    )
    instruction = PaymentInstruction.objects.create(
        offer=accepted,
        amount_cents=accepted.offer_cents,
        creditor_name=accepting.organisation.name,
        creditor_iban=accepting.iban,
        end_to_end_id=services.end_to_end_id(accepted),
        remittance=f"Schuldenfonds {case.reference} finale kwijting",
        created_on=sent,
        paid_on=sent,
    )
    first_due = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    arrangement = Arrangement.objects.create(
        case=case,
        taken_over_cents=accepted.offer_cents,
        monthly_cents=3_400,
        term_months=18,
        first_due=first_due,
    )
    ArrangementVersion.objects.create(
        arrangement=arrangement,
        number=1,
        valid_from=first_due,
        monthly_cents=3_400,
        term_months=18,
        reason=ArrangementVersion.Reason.START,
        capacity_record=capacity,
        created_on=case.taken_over_on,
        by=officer,
    )
    goal = Goal.objects.create(
        case=case, kind=Goal.Kind.BUDGET_COACHING, share_bp=1000, agreed_on=case.taken_over_on
    )
    # A credit on the fund's account that the matching left open (payer's name only).
    statement = BankStatement.objects.create(
        file_hash=f"matrix-{marker}"[:64], filename="afschrift.xml", imported_by=officer
    )
    bank_line = BankLine.objects.create(
        statement=statement,
        key=f"matrix:{marker}",
        booking_date=today,
        amount_cents=2_500,
        counterparty_iban="NL91ABNA0417164300",
        counterparty_name="Betaler",
        remittance="aflossing",
        status=BankLine.Status.OPEN,
        reason="iban_unknown",
    )
    world.extra["debts"] = {"case": case, "outreach": outreach, "goal": goal}

    on_case = {
        f"debts:{name}": f"/schulden/zaken/{case.pk}/{tail}"
        for name, tail in {
            "case_detail": "",
            "case_advance": "fase/",
            "case_moratorium": "moratorium/",
            "case_children": "kinderen/",
            "case_add_debt": "schuld/",
            "case_capacity": "afloscapaciteit/",
            "case_offers": "aanbod/",
            "case_compulsory": "dwangakkoord/",
            "case_takeover": "overname/",
            "case_repayment": "aflossing/",
            "case_goal": "doel/",
            "case_change_arrangement": "regeling-aanpassen/",
            "case_aftercare": "nazorg/",
        }.items()
    }
    return {
        **on_case,
        # The outreach list shows the household's address, not a name.
        "debts:outreach": ("/schulden/vroegsignalering/", str(household.address)),
        "debts:outreach_detail": f"/schulden/vroegsignalering/{outreach.pk}/",
        "debts:outreach_contact": f"/schulden/vroegsignalering/{outreach.pk}/contact/",
        "debts:outreach_close": f"/schulden/vroegsignalering/{outreach.pk}/afsluiten/",
        "debts:outreach_open_case": f"/schulden/vroegsignalering/{outreach.pk}/zaak/",
        "debts:signal_review": f"/schulden/signalen/{review.pk}/controleren/",
        "debts:offer_respond": f"/schulden/aanbod/{refused.pk}/antwoord/",
        "debts:offer_court": f"/schulden/aanbod/{refused.pk}/rechter/",
        "debts:instruction_paid": f"/schulden/betaling/{instruction.pk}/betaald/",
        "debts:goal_reached": f"/schulden/doel/{goal.pk}/behaald/",
        "debts:bank_resolve": f"/schulden/bank/{bank_line.pk}/koppelen/",
        "debts:decline": f"/schulden/mijn-schulden/geen-hulp/{outreach.pk}/",
        # The resident's own page: the kenmerk of a debt, read from their own vault.
        "debts:mine": ("/schulden/mijn-schulden/", f"kenmerk-{marker}"),
        ("/api/v1/debt-cases/{id}/", "get"): f"/api/v1/debt-cases/{case.pk}/",
    }
