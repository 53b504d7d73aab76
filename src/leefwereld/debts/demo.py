"""Demo data of the debt fund: signals, outreach, cases in every phase, takeovers,
arrangements, goals with forgiveness, and the ledger underneath — at every scale.

Every household with problematic debts (`needs.debt_households`) gets a signal and an
outreach case; part of them a debt case. Cases that reach the inventory hold their debts
and payment capacity in the household's vault, which means an encryption per record: to
keep the rotterdam build fast, at most FULL_CASES households get such a case (a sample,
spread over all phases). The demo resident's household is always one of them, so the
portal shows a complete story. Everything else is bulk-inserted.
"""

from __future__ import annotations

import datetime
import random
import uuid
from fractions import Fraction

from django.db.models import Min

from leefwereld import payments, rules
from leefwereld.core.actor import Actor
from leefwereld.core.models import Household, Membership, Organisation, Resident, User
from leefwereld.core.roles import Role
from leefwereld.demo.rows import bulk_insert, new_row, next_id, reset_sequences
from leefwereld.payments import dutch_iban
from leefwereld.rules import fund_promise
from leefwereld.vault import access as vault
from leefwereld.vault.models import Category, LegalBasis, Mode, Record

from . import bank, ledger, notify
from .models import (
    AftercareCheck,
    Arrangement,
    ArrangementVersion,
    ContactAttempt,
    Creditor,
    DebtCase,
    DebtItem,
    Goal,
    LedgerLine,
    LedgerTransaction,
    Offer,
    OutreachCase,
    PaymentInstruction,
    Phase,
    PhaseChange,
    Repayment,
    Sector,
    Signal,
    SignalImport,
)
from .policy import current_policy
from .sepa import FundAccountMissing, fund_account
from .services import (
    BASIS_ARTICLE,
    BASIS_EXPLANATION,
    PURPOSE,
    CapacityInputs,
    capacity_payload,
    escalate_overdue,
)

FULL_CASES = 300
SECTOR_OF_KIND: dict[str, Sector] = {
    Organisation.Kind.HOUSING_CORPORATION: Sector.LANDLORD,
    Organisation.Kind.UTILITY: Sector.ENERGY,
    Organisation.Kind.HEALTH_INSURER: Sector.HEALTH_INSURER,
    Organisation.Kind.OTHER_CREDITOR: Sector.OTHER,
}
FULL_PHASES = [
    Phase.INVENTORY,
    Phase.CAPACITY,
    Phase.PLAN,
    Phase.STABILISATION,
    Phase.SOLUTION,
    Phase.SOLUTION,
    Phase.SOLUTION,
    Phase.AFTERCARE,
]


def _creditors() -> list[Creditor]:
    existing = {c.organisation_id for c in Creditor.objects.all()}
    new = [
        Creditor(organisation=o, sector=SECTOR_OF_KIND[o.kind], iban=dutch_iban("BNGH", o.pk))
        for o in Organisation.objects.filter(kind__in=list(SECTOR_OF_KIND)).order_by("pk")
        if o.pk not in existing
    ]
    Creditor.objects.bulk_create(new)
    return list(Creditor.objects.select_related("organisation").order_by("pk"))


def add_demo_data(seed: int, today: datetime.date, needs, stdout=None) -> dict[str, int]:
    rng = random.Random(seed + 606)
    policy = current_policy()
    creditors = _creditors()
    partners = [c for c in creditors if c.sector != Sector.OTHER]
    officer = User.objects.filter(role=Role.DEBT_OFFICER).order_by("pk").first()
    first = Household.objects.order_by("pk").values_list("pk", flat=True).first()
    if (
        not creditors
        or not partners
        or officer is None
        or first is None
        or not needs.debt_households
    ):
        return {"debt_signals": 0, "debt_cases": 0}
    organisation_id = (
        Membership.objects.filter(user=officer).values_list("organisation_id", flat=True).first()
    )
    households = sorted(first + i for i in needs.debt_households)
    clients = dict(
        Resident.objects.filter(household_id__gte=households[0], household_id__lte=households[-1])
        .values("household_id")
        .annotate(m=Min("pk"))
        .values_list("household_id", "m")
    )
    demo = (
        Resident.objects.filter(user__username="inwoner").values_list("household_id", "pk").first()
    )
    if demo and demo[0]:
        clients[demo[0]] = demo[1]
        if demo[0] not in households:
            households.append(demo[0])
    households = [h for h in households if h in clients]

    batches = {
        p.pk: SignalImport(
            pk=next_id(SignalImport) + i,
            partner=p,
            file_hash=f"demo-{seed}-{p.pk}",
            imported_by=officer,
            signal_count=0,
        )
        for i, p in enumerate(partners)
    }
    outreach_rows, signal_rows, attempts, cases, changes = [], [], [], [], []
    outreach_pk, signal_pk, case_pk = next_id(OutreachCase), next_id(Signal), next_id(DebtCase)
    full: list[DebtCase] = []
    full_budget = FULL_CASES
    attempt_kinds, dayparts = ContactAttempt.Kind.values, ContactAttempt.Daypart.values
    order = list(Phase.values)
    for household in households:
        is_demo = bool(demo and household == demo[0])
        opened = today - datetime.timedelta(days=rng.randint(20, 540))
        roll = rng.random()
        status, end_result, picked = OutreachCase.Status.OPEN, "", None
        if roll > 0.25:
            picked = opened + datetime.timedelta(days=rng.randint(1, 10))
            status = OutreachCase.Status.REACHED
        if roll > 0.35:
            status = OutreachCase.Status.CLOSED
            end_result = rng.choice(
                [OutreachCase.EndResult.FOLLOW_UP_FINANCIAL] * 4
                + [
                    OutreachCase.EndResult.QUICK_FIX,
                    OutreachCase.EndResult.KNOWN,
                    OutreachCase.EndResult.DECLINED,
                    OutreachCase.EndResult.NO_CONTACT,
                ]
            )
            if end_result == OutreachCase.EndResult.DECLINED:
                status = OutreachCase.Status.DECLINED
        if is_demo:
            status, end_result = (
                OutreachCase.Status.CLOSED,
                OutreachCase.EndResult.FOLLOW_UP_FINANCIAL,
            )
            picked = picked or opened
        outreach = new_row(
            OutreachCase,
            pk=outreach_pk,
            household_id=household,
            opened_on=opened,
            status=status,
            end_result=end_result,
            picked_up_on=picked,
            closed_on=opened + datetime.timedelta(days=14)
            if status in ("closed", "declined")
            else None,
        )
        outreach_rows.append(outreach)
        outreach_pk += 1
        for _k in range(rng.choice((1, 1, 2, 3))):
            partner = rng.choice(partners)
            signal_rows.append(
                new_row(
                    Signal,
                    pk=signal_pk,
                    batch_id=batches[partner.pk].pk,
                    partner_id=partner.pk,
                    reference=f"DEMO-{signal_pk}",
                    amount_cents=rng.randint(100, 3000) * 100,
                    origin_date=opened - datetime.timedelta(days=rng.randint(30, 120)),
                    signal_date=opened,
                    crisis=rng.random() < 0.08,
                    match=Signal.Match.BSN,
                    resident_id=clients[household],
                    outreach_id=outreach.pk,
                )
            )
            batches[partner.pk].signal_count += 1
            signal_pk += 1
        if picked:
            attempts.append(
                new_row(
                    ContactAttempt,
                    outreach_id=outreach.pk,
                    kind=rng.choice(attempt_kinds),
                    date=picked,
                    daypart=rng.choice(dayparts),
                    reached=status != OutreachCase.Status.OPEN,
                    by_id=officer.pk,
                )
            )
        if end_result != OutreachCase.EndResult.FOLLOW_UP_FINANCIAL:
            continue
        threatening = rng.random() < 0.15
        registered = outreach.closed_on or opened
        sample = is_demo or (full_budget > 0 and rng.random() < 0.5)
        phase = (
            Phase.SOLUTION
            if is_demo
            else rng.choice(FULL_PHASES)
            if sample
            else rng.choice([Phase.REGISTRATION, Phase.FIRST_CONVERSATION, Phase.EXIT])
        )
        if sample:
            full_budget -= 1
        case = new_row(
            DebtCase,
            pk=case_pk,
            household_id=household,
            client_id=clients[household],
            outreach_id=outreach.pk,
            officer_id=officer.pk,
            organisation_id=organisation_id,
            phase=phase,
            registered_on=registered,
            threatening=threatening,
            first_conversation_due=rules.wgs_eerste_gesprek_deadline(
                registered, bedreigend=threatening
            ),
            term_months=policy.term_months,
            takeover_due=fund_promise.promise_due(registered, policy.promise_days(False)),
        )
        case_pk += 1
        for i in range(order.index(phase) + 1):
            changes.append(
                new_row(
                    PhaseChange,
                    case_id=case.pk,
                    from_phase=order[i - 1] if i else "",
                    to_phase=order[i],
                    on=registered,
                    by_id=officer.pk,
                )
            )
        if order.index(phase) >= order.index(Phase.INVENTORY):
            case.first_conversation_on = registered + datetime.timedelta(days=rng.randint(1, 20))
        if phase == Phase.EXIT:
            case.closed_on = registered + datetime.timedelta(days=30)
        cases.append(case)
        if sample:
            full.append(case)
    bulk_insert(SignalImport, batches.values())
    bulk_insert(OutreachCase, outreach_rows)
    bulk_insert(Signal, signal_rows)
    bulk_insert(ContactAttempt, attempts)
    counts = _full_cases(full, creditors, officer, organisation_id, today, rng, policy)
    bulk_insert(DebtCase, cases)
    bulk_insert(PhaseChange, changes)
    counts.flush()
    # Cases whose four weeks ran out are escalated as the daily job would, without e-mail:
    # the dashboard and the team lead's page show them.
    with notify.muted():
        escalate_overdue(today)
    reset_sequences(
        [
            SignalImport,
            OutreachCase,
            Signal,
            ContactAttempt,
            DebtCase,
            PhaseChange,
            DebtItem,
            Offer,
            PaymentInstruction,
            Arrangement,
            ArrangementVersion,
            AftercareCheck,
            Repayment,
            Goal,
            LedgerTransaction,
            LedgerLine,
            LegalBasis,
        ]
    )
    statement = _bank_statement(officer, today, rng)
    matched, still_open = (statement.matched, statement.open) if statement else (0, 0)
    if stdout:
        stdout.write(
            f"schuldenfonds: {len(signal_rows)} signalen, {len(cases)} zaken, "
            f"{len(full)} met inventaris in de kluis, bankafschrift met "
            f"{matched} gekoppelde en {still_open} open bijschrijvingen\n"
        )
    return {
        "debt_signals": len(signal_rows),
        "debt_cases": len(cases),
        "debt_cases_with_vault_records": len(full),
        "debt_bank_lines_matched": matched,
        "debt_bank_lines_open": still_open,
    }


def _bank_statement(
    officer: User, today: datetime.date, rng: random.Random
) -> bank.ImportResult | None:
    """Yesterday's statement of the fund's account, read in as an officer would: most
    credits name their case and are booked, a few are left for the officer (no reference
    from an unknown account, a reference of no arrangement, more than is open)."""
    try:
        _name, fund_iban = fund_account()
    except FundAccountMissing:
        return None  # no account of the fund configured: no statement to read
    day = today - datetime.timedelta(days=1)
    open_cases = [
        (a.case_id, a.monthly_cents, a.case.household_id)
        for a in Arrangement.objects.select_related("case")
        .filter(case__taken_over_on__isnull=False)
        .exclude(case__phase=Phase.EXIT)
        .order_by("pk")[:60]
    ]
    bookings = []
    for n, (case_id, monthly, household_id) in enumerate(open_cases):
        if rng.random() < 0.15:
            continue  # this household did not pay this month
        bookings.append(
            payments.Booking(
                day,
                monthly,
                payments.dutch_iban("RABO", 7_000_000 + household_id),
                "Huishouden",
                f"Aflossing SF-{case_id:06d} {day:%m-%Y}",
                f"DEMO-{day:%Y%m%d}-{n:05d}",
            )
        )
    strays = [
        (2_500, payments.dutch_iban("INGB", 9_100_001), "aflossing schuld"),
        (4_000, payments.dutch_iban("INGB", 9_100_002), "Aflossing SF-999999"),
        (99_999_00, payments.dutch_iban("INGB", 9_100_003), f"SF-{open_cases[0][0]:06d}")
        if open_cases
        else (1_000, payments.dutch_iban("INGB", 9_100_003), "gift"),
    ]
    for n, (cents, iban, text) in enumerate(strays):
        bookings.append(
            payments.Booking(day, cents, iban, "Onbekend", text, f"DEMO-{day:%Y%m%d}-X{n}")
        )
    data = payments.camt053(
        fund_iban,
        f"DEMO-{day:%Y%m%d}",
        datetime.datetime.combine(today, datetime.time(6)),
        bookings,
    )
    return bank.import_statement(Actor(officer, "demo"), data, f"afschrift-{day:%Y%m%d}.xml")


class _Rows:
    """Rows collected for bulk insertion, written after the cases exist."""

    def __init__(self):
        self.records: list[Record] = []
        self.bases: list[LegalBasis] = []
        self.items: list[DebtItem] = []
        self.offers: list[Offer] = []
        self.instructions: list[PaymentInstruction] = []
        self.arrangements: list[Arrangement] = []
        self.versions: list[ArrangementVersion] = []
        self.aftercare: list[AftercareCheck] = []
        self.repayments: list[Repayment] = []
        self.goals: list[Goal] = []
        self.transactions: list[LedgerTransaction] = []
        self.lines: list[LedgerLine] = []
        self.txn_pk = next_id(LedgerTransaction)

    def post(self, t: ledger.Transaction, case_id: int | None) -> None:
        self.transactions.append(
            LedgerTransaction(pk=self.txn_pk, kind=t.kind, key=t.key, date=t.date, case_id=case_id)
        )
        self.lines += [
            LedgerLine(transaction_id=self.txn_pk, account=line.account, amount_cents=line.amount)
            for line in t.lines
        ]
        self.txn_pk += 1

    def flush(self) -> None:
        bulk_insert(Record, self.records)
        # bulk_create, not COPY: the categories are a JSON list.
        LegalBasis.objects.bulk_create(self.bases, batch_size=500)
        for model, rows in (
            (DebtItem, self.items),
            (Offer, self.offers),
            (PaymentInstruction, self.instructions),
            (Arrangement, self.arrangements),
            (ArrangementVersion, self.versions),
            (AftercareCheck, self.aftercare),
            (Repayment, self.repayments),
            (Goal, self.goals),
            (LedgerTransaction, self.transactions),
            (LedgerLine, self.lines),
        ):
            bulk_insert(model, rows)


def _full_cases(cases, creditors, officer, organisation_id, today, rng, policy) -> _Rows:
    """Inventory in the vault, capacity, offers, takeover, arrangement, goals, ledger."""
    rows = _Rows()
    ids = random.Random(rng.getrandbits(64))  # record ids: the same for the same seed
    item_pk, offer_pk, arrangement_pk, goal_pk = (
        next_id(DebtItem),
        next_id(Offer),
        next_id(Arrangement),
        next_id(Goal),
    )
    now = datetime.datetime.combine(today, datetime.time(9), tzinfo=datetime.UTC)
    paid_by_month: dict[datetime.date, int] = {}
    for case in cases:
        key = vault.ensure_data_key(household_id=case.household_id)
        rows.bases.append(
            LegalBasis(
                resident_id=case.client_id,
                organisation_id=organisation_id,
                law=LegalBasis.Law.WGS,
                article=BASIS_ARTICLE,
                explanation=BASIS_EXPLANATION,
                purpose=PURPOSE,
                categories=[Category.FINANCE, Category.WORK_INCOME],
                mode=Mode.READ_WRITE,
                starts_at=now - datetime.timedelta(days=(today - case.registered_on).days),
                ends_at=now + datetime.timedelta(days=3 * 365),
                recorded_by=officer,
                recorded_at=now,
            )
        )
        if case.phase == Phase.AFTERCARE:
            # Part of the checklist is done; the case leaves aftercare when all of it is.
            kinds = list(AftercareCheck.Kind.values)
            for kind in kinds[: rng.randint(1, len(kinds) - 1)]:
                rows.aftercare.append(
                    new_row(
                        AftercareCheck,
                        case_id=case.pk,
                        kind=kind,
                        done_on=today - datetime.timedelta(days=rng.randint(1, 60)),
                        by_id=officer.pk,
                    )
                )
        chosen = rng.sample(creditors, min(len(creditors), rng.randint(2, 5)))
        claims = []
        for creditor in chosen:
            principal = rng.randint(200, 6000) * 100
            payload = {
                "title": f"Schuld bij {creditor.organisation.name}",
                "creditor_id": creditor.pk,
                "creditor": creditor.organisation.name,
                "principal_cents": principal,
                "costs_cents": rng.randint(0, 300) * 100,
                "interest_cents": rng.randint(0, 150) * 100,
                "origin_date": (
                    case.registered_on - datetime.timedelta(days=rng.randint(60, 900))
                ).isoformat(),
                "stage": rng.choice(["aanmaning", "incasso", "deurwaarder", "vonnis"]),
                "attachment": rng.random() < 0.2,
                "reference": f"D{rng.randint(10000, 99999)}",
            }
            record = Record(
                id=uuid.UUID(int=ids.getrandbits(128), version=4),
                household_id=case.household_id,
                category=Category.FINANCE,
                kind="debt-item",
                source="debts",
                created_by=officer,
                created_at=now,
            )
            vault.encrypt_record(record, payload, key)
            rows.records.append(record)
            rows.items.append(
                DebtItem(
                    pk=item_pk,
                    case_id=case.pk,
                    creditor=creditor,
                    record_id=record.id,
                    added_on=case.first_conversation_on,
                )
            )
            claims.append(
                (
                    item_pk,
                    creditor,
                    payload["principal_cents"] + payload["costs_cents"] + payload["interest_cents"],
                )
            )
            item_pk += 1
        order = list(Phase.values)
        if order.index(case.phase) < order.index(Phase.CAPACITY):
            continue
        case.inventory_completed_on = case.first_conversation_on + datetime.timedelta(
            days=rng.randint(7, 40)
        )
        inputs = CapacityInputs(
            rng.choice(["alleenstaande", "alleenstaande_ouder", "gehuwden"]),
            netto_inkomen=rng.randint(1500, 2600) * 100,
        )
        payload = capacity_payload(inputs, today, True)
        record = Record(
            id=uuid.UUID(int=ids.getrandbits(128), version=4),
            household_id=case.household_id,
            category=Category.WORK_INCOME,
            kind="payment-capacity",
            source="debts",
            created_by=officer,
            created_at=now,
        )
        vault.encrypt_record(record, payload, key)
        rows.records.append(record)
        case.capacity_record_id = record.id
        if order.index(case.phase) < order.index(Phase.STABILISATION):
            continue
        capacity = payload["afloscapaciteit_cents"]
        total = sum(c for _i, _c, c in claims)
        offer = rules.settlement_offer(capacity, total, case.term_months)
        shares = rules.split_offer(offer.offer, [c for _i, _c, c in claims])
        bp = int(offer.percentage * 10_000)
        sent = case.inventory_completed_on + datetime.timedelta(days=2)
        done = case.phase != Phase.STABILISATION
        taken = sent + datetime.timedelta(days=rng.randint(10, 34))
        taken_over = 0
        for (item_id, creditor, claim), share in zip(claims, shares, strict=True):
            refused = rng.random() < 0.07 and not done
            status = (
                Offer.Status.REFUSED
                if refused
                else (Offer.Status.ACCEPTED if done or rng.random() < 0.5 else Offer.Status.SENT)
            )
            rows.offers.append(
                Offer(
                    pk=offer_pk,
                    case_id=case.pk,
                    item_id=item_id,
                    creditor=creditor,
                    claim_cents=claim,
                    offer_cents=share,
                    percentage_bp=bp,
                    basis="equal",
                    sent_on=sent,
                    status=status,
                    responded_on=None if status == "sent" else sent + datetime.timedelta(days=5),
                )
            )
            if status == Offer.Status.ACCEPTED and share > 0:
                on = sent + datetime.timedelta(days=5)
                rows.post(
                    ledger.takeover(
                        f"takeover:{offer_pk}", on, case.household_id, creditor.pk, share
                    ),
                    case.pk,
                )
                paid = done
                rows.instructions.append(
                    PaymentInstruction(
                        offer_id=offer_pk,
                        amount_cents=share,
                        creditor_name=creditor.organisation.name[:140],
                        creditor_iban=creditor.iban,
                        end_to_end_id=f"LW-SF-{case.pk}-{offer_pk}",
                        remittance=f"Schuldenfonds SF-{case.pk:06d} finale kwijting",
                        created_on=on,
                        paid_on=taken if paid else None,
                    )
                )
                if paid:
                    rows.post(
                        ledger.payment(f"payment:demo:{offer_pk}", taken, creditor.pk, share),
                        case.pk,
                    )
                    month = taken.replace(day=1)
                    paid_by_month[month] = paid_by_month.get(month, 0) + share
                taken_over += share
            offer_pk += 1
        if not done or taken_over == 0:
            continue
        case.taken_over_on = taken
        monthly = min(capacity, -(-taken_over // case.term_months))
        first_due = (taken.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        arrangement = Arrangement(
            pk=arrangement_pk,
            case_id=case.pk,
            taken_over_cents=taken_over,
            monthly_cents=monthly,
            term_months=case.term_months,
            first_due=first_due,
        )
        rows.arrangements.append(arrangement)
        rows.versions.append(
            new_row(
                ArrangementVersion,
                arrangement_id=arrangement_pk,
                number=1,
                valid_from=first_due,
                monthly_cents=monthly,
                term_months=case.term_months,
                reason=ArrangementVersion.Reason.START,
                capacity_record_id=case.capacity_record_id,
                created_on=taken,
                by_id=officer.pk,
            )
        )
        balance, forgiven, repaid_total = taken_over, 0, 0
        for n, due in enumerate(arrangement.due_dates()):
            if due > today or balance <= 0 or monthly <= 0:
                break
            if rng.random() < 0.1:  # a missed month: arrears show on the dashboard
                continue
            amount = min(monthly, balance)
            ref = f"demo-{case.pk}-{n}"
            rows.repayments.append(
                Repayment(
                    arrangement_id=arrangement_pk, amount_cents=amount, paid_on=due, reference=ref
                )
            )
            rows.post(ledger.repayment(f"repayment:{ref}", due, case.household_id, amount), case.pk)
            balance -= amount
            repaid_total += amount
        for kind in rng.sample(list(Goal.Kind.values), 3):
            share_bp = policy.goal_shares.get(kind, 0)
            reached = None
            amount = 0
            if rng.random() < 0.5 and balance > 0:
                reached = min(today, taken + datetime.timedelta(days=rng.randint(60, 300)))
                result = rules.forgiveness(
                    balance,
                    Fraction(share_bp, 10_000),
                    already_forgiven=forgiven,
                    cap=policy.cap_cents(taken_over),
                )
                amount = result.amount
                if amount:
                    rows.post(
                        ledger.forgive(
                            f"forgiveness:{goal_pk}", reached, case.household_id, amount
                        ),
                        case.pk,
                    )
                balance -= amount
                forgiven += amount
            rows.goals.append(
                Goal(
                    pk=goal_pk,
                    case_id=case.pk,
                    kind=kind,
                    share_bp=share_bp,
                    agreed_on=taken,
                    reached_on=reached,
                    forgiven_cents=amount,
                )
            )
            goal_pk += 1
        arrangement_pk += 1
    # The municipality tops up the fund each month with what it paid out, plus a reserve.
    for month, amount in sorted(paid_by_month.items()):
        rows.post(
            ledger.contribution(f"contribution:demo:{month:%Y-%m}", month, amount + 500_000), None
        )
    return rows
