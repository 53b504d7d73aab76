"""State changes of the debt fund: the only place where its data changes.

Every verb runs in a transaction. Personal content (the inventory, the income figures)
goes through the vault's access layer; the rows here hold the process and the fund's
own administration (see models.py and ADR 0010).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leefwereld import rules
from leefwereld.core.actor import Actor
from leefwereld.core.models import Household, Membership, Resident
from leefwereld.core.numbers import MAX_CENTS
from leefwereld.core.versioning import bump_version
from leefwereld.rules import fund_promise
from leefwereld.rules.deadlines import add_months
from leefwereld.vault import access as vault
from leefwereld.vault import registration
from leefwereld.vault import services as vault_services
from leefwereld.vault.models import Category, LegalBasis, Mode, Record

from . import ledger, notify
from .authorisation import CONTRIBUTORS, OFFICER, require
from .models import (
    TRANSITIONS,
    AftercareCheck,
    Arrangement,
    ArrangementVersion,
    ContactAttempt,
    Creditor,
    DebtCase,
    DebtItem,
    Escalation,
    Goal,
    LedgerLine,
    LedgerTransaction,
    MoneySubmission,
    Offer,
    OutreachCase,
    PaymentInstruction,
    Phase,
    PhaseChange,
    Repayment,
)
from .policy import FundPolicy, current_policy

# The purpose of every vault access by the fund: purpose binding (AVG art. 5 lid 1 b).
PURPOSE = "schuldhulpverlening en schuldenfonds"
CATEGORIES = (Category.FINANCE, Category.WORK_INCOME)
BASIS_ARTICLE = "Wgs art. 3 en 4; Besluit gemeentelijke schuldhulpverlening"
BASIS_EXPLANATION = (
    "De gemeente helpt u met uw schulden. Daarvoor mag het schuldenfonds uw gegevens over "
    "geld, schulden en inkomen bekijken en aanvullen, zolang uw schuldzaak loopt."
)
# How long the Wgs legal basis runs from the registration: the term plus aftercare.
BASIS_YEARS = 3


# For a day without a confirmed bijstandsnorm (rules.ParameterUnavailable).
NO_NORM = gettext_lazy(
    "Voor vandaag is nog geen bijstandsnorm bekend. Vink aan dat u met de laatst "
    "bekende norm wilt rekenen; de uitkomst heet dan onzeker."
)


def _check_officer(actor: Actor) -> None:
    require(actor, OFFICER)


def officer_organisation(actor: Actor):
    membership = Membership.objects.filter(user=actor.user).select_related("organisation").first()
    if membership is None:
        raise ValidationError(_("U werkt nog niet voor een organisatie; vraag de beheerder."))
    return membership.organisation


def bump_case_version(case: DebtCase, expected: int | None) -> None:
    """Optimistic locking of a case: raise its version by one, atomically
    (`UPDATE … WHERE version = N`); StaleEdit when an edit form saw another version.
    The row stays locked until the verb's transaction ends."""
    bump_version(DebtCase.objects.filter(pk=case.pk), expected)
    case.version = DebtCase.objects.values_list("version", flat=True).get(pk=case.pk)


# --- the ledger (database layer) ----------------------------------------------------------


def post(transaction_: ledger.Transaction, case: DebtCase | None = None) -> bool:
    """Append a balanced transaction once. False when its key was posted before."""
    ledger.check_balanced(transaction_.lines)
    if LedgerTransaction.objects.filter(key=transaction_.key).exists():
        return False
    try:
        with transaction.atomic():
            row = LedgerTransaction.objects.create(
                kind=transaction_.kind, key=transaction_.key, date=transaction_.date, case=case
            )
            LedgerLine.objects.bulk_create(
                LedgerLine(transaction=row, account=line.account, amount_cents=line.amount)
                for line in transaction_.lines
            )
    except IntegrityError:
        return False  # posted by a concurrent request with the same key
    return True


def account_balance(account: str) -> int:
    return LedgerLine.objects.filter(account=account).aggregate(s=Sum("amount_cents"))["s"] or 0


def account_balances() -> dict[str, int]:
    return {
        row["account"]: row["s"]
        for row in LedgerLine.objects.values("account").annotate(s=Sum("amount_cents"))
    }


def household_totals(household_id: int) -> dict[str, int]:
    """Taken over, repaid, forgiven and the balance of one household, from the ledger."""
    rows = (
        LedgerLine.objects.filter(account=ledger.receivable(household_id))
        .values("transaction__kind")
        .annotate(s=Sum("amount_cents"))
    )
    by_kind = {r["transaction__kind"]: r["s"] for r in rows}
    taken_over = by_kind.get("takeover", 0)
    repaid = -by_kind.get("repayment", 0)
    forgiven = -by_kind.get("forgiveness", 0)
    return {
        "taken_over": taken_over,
        "repaid": repaid,
        "forgiven": forgiven,
        "balance": taken_over - repaid - forgiven,
    }


# --- idempotency: every money-moving verb books once ------------------------------------

# An idempotency key: what the form's hidden field or the API's Idempotency-Key header holds.
KEY_PATTERN = re.compile(r"[A-Za-z0-9_.:-]{8,64}")


def new_submission_key() -> str:
    """A fresh idempotency key for a form being rendered (192 random bits)."""
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class Booking:
    """What a money-moving verb did. True: booked now. False: it was booked before, and
    nothing was booked twice; `why` says how we know:

    * "retry" — the same submission (idempotency key) came in again;
    * "reference" — a repayment with this bank reference was booked before;
    * "done" — the payment instruction was paid before.
    """

    booked: bool
    why: str = ""
    reference: str = ""

    def __bool__(self) -> bool:
        return self.booked


def _fingerprint(*parts: object) -> str:
    return hashlib.sha256(json.dumps([str(p) for p in parts]).encode()).hexdigest()


def _claim(
    actor: Actor, action: str, key: str, fingerprint: str, *, reference: str = ""
) -> MoneySubmission | None:
    """Record a submission's idempotency key once. None: it was recorded before (a retry).

    The insert is the check: two connections with the same key both try it, the unique
    constraint lets one through and the other's insert fails inside its own savepoint (on
    PostgreSQL it waits for the first to commit), so the loser answers "already booked"
    instead of a server error.
    """
    if not KEY_PATTERN.fullmatch(key or ""):
        raise ValidationError(
            _(
                "Het formulier is onvolledig of verlopen. Laad de pagina opnieuw en probeer "
                "het nog eens."
            )
        )
    try:
        with transaction.atomic():
            return MoneySubmission.objects.create(
                action=action, key=key, fingerprint=fingerprint, reference=reference, by=actor.user
            )
    except IntegrityError:
        pass
    earlier = MoneySubmission.objects.get(action=action, key=key)
    if earlier.fingerprint != fingerprint:
        raise ValidationError(
            _(
                "Dit formulier is al gebruikt voor een andere boeking; er is niets geboekt. "
                "Laad de pagina opnieuw als u nog iets wilt boeken."
            )
        )
    return None


def _check_amount(amount: int) -> None:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValidationError({"amount": _("Vul een bedrag groter dan € 0,00 in.")})
    if amount > MAX_CENTS:
        raise ValidationError({"amount": _("Dit bedrag is te groot.")})


@transaction.atomic
def contribute(
    actor: Actor, amount: int, on: datetime.date, reference: str, *, idempotency_key: str
) -> Booking:
    """The municipality puts money into the fund.

    The idempotency key (the form's hidden field, or the API's Idempotency-Key header) is
    the ledger key: a retry books nothing, two contributions under the same council
    decision are both booked. The typed reference is kept with the submission.
    """
    require(actor, CONTRIBUTORS)
    _check_amount(amount)
    reference = reference.strip()[:60]
    submission = _claim(
        actor,
        MoneySubmission.Action.CONTRIBUTION,
        idempotency_key,
        _fingerprint(amount, on, reference),
        reference=reference,
    )
    if submission is None:
        return Booking(False, "retry", reference)
    key = f"contribution:{idempotency_key}"
    if not post(ledger.contribution(key, on, amount)):
        raise IntegrityError(key)  # cannot happen: the key was claimed just now
    submission.ledger_key = key
    submission.save(update_fields=["ledger_key"])
    return Booking(True, reference=reference)


# --- outreach -----------------------------------------------------------------------------


@transaction.atomic
def record_contact_attempt(
    actor: Actor,
    outreach: OutreachCase,
    *,
    kind: str,
    on: datetime.date,
    daypart: str,
    reached: bool,
) -> ContactAttempt:
    _check_officer(actor)
    attempt = ContactAttempt.objects.create(
        outreach=outreach, kind=kind, date=on, daypart=daypart, reached=reached, by=actor.user
    )
    fields = []
    if outreach.picked_up_on is None:
        outreach.picked_up_on = on
        fields.append("picked_up_on")
    if reached and outreach.status == OutreachCase.Status.OPEN:
        outreach.status = OutreachCase.Status.REACHED
        fields.append("status")
    if fields:
        outreach.save(update_fields=fields)
    return attempt


@transaction.atomic
def close_outreach(
    actor: Actor, outreach: OutreachCase, end_result: str, on: datetime.date
) -> OutreachCase:
    _check_officer(actor)
    if end_result not in OutreachCase.EndResult.values:
        raise ValidationError({"end_result": _("Kies een eindresultaat.")})
    outreach.end_result = end_result
    outreach.status = (
        OutreachCase.Status.DECLINED
        if end_result == OutreachCase.EndResult.DECLINED
        else OutreachCase.Status.CLOSED
    )
    outreach.closed_on = on
    outreach.save(update_fields=["end_result", "status", "closed_on"])
    return outreach


@transaction.atomic
def decline_help(actor: Actor, outreach: OutreachCase, on: datetime.date) -> OutreachCase:
    """The resident says no to the offer of help; that is their right."""
    own = vault.own_resident(actor)
    if own is None or own.household_id != outreach.household_id:
        raise PermissionDenied
    outreach.status = OutreachCase.Status.DECLINED
    outreach.end_result = OutreachCase.EndResult.DECLINED
    outreach.closed_on = on
    outreach.save(update_fields=["status", "end_result", "closed_on"])
    return outreach


# --- the case -----------------------------------------------------------------------------


def ensure_legal_basis(actor: Actor, resident: Resident, on: datetime.date) -> None:
    """The Wgs basis for the fund's organisation to read and write the resident's money data.

    Recorded once per case and shown to the resident in their vault, with the article.
    """
    organisation = officer_organisation(actor)
    if (
        LegalBasis.objects.active()
        .filter(resident=resident, organisation=organisation, law=LegalBasis.Law.WGS)
        .exists()
    ):
        return
    vault_services.record_legal_basis(
        actor,
        resident,
        law=LegalBasis.Law.WGS,
        article=BASIS_ARTICLE,
        explanation=BASIS_EXPLANATION,
        purpose=PURPOSE,
        categories=list(CATEGORIES),
        ends_on=on.replace(year=on.year + BASIS_YEARS),
        organisation=organisation,
        mode=Mode.READ_WRITE,
    )


@transaction.atomic
def open_case(
    actor: Actor,
    client: Resident,
    *,
    registered_on: datetime.date,
    threatening: bool,
    outreach: OutreachCase | None = None,
    policy: FundPolicy | None = None,
) -> DebtCase:
    """Aanmelding: the first conversation is due in 4 weeks, or 3 working days (Wgs art. 4)."""
    _check_officer(actor)
    if client.household_id is None:
        raise ValidationError(_("Deze inwoner hoort bij geen huishouden."))
    policy = policy or current_policy()
    case = DebtCase.objects.create(
        household_id=client.household_id,
        client=client,
        outreach=outreach,
        officer=actor.user,
        organisation=officer_organisation(actor),
        registered_on=registered_on,
        threatening=threatening,
        first_conversation_due=rules.wgs_eerste_gesprek_deadline(
            registered_on, bedreigend=threatening
        ),
        term_months=policy.term_months,
        # The fund's promise starts at registration, not at a complete inventory.
        takeover_due=fund_promise.promise_due(registered_on, policy.promise_days(False)),
    )
    PhaseChange.objects.create(
        case=case, to_phase=Phase.REGISTRATION, on=registered_on, by=actor.user
    )
    ensure_legal_basis(actor, client, registered_on)
    if outreach is not None and outreach.status in (
        OutreachCase.Status.OPEN,
        OutreachCase.Status.REACHED,
    ):
        outreach.status = OutreachCase.Status.CLOSED
        outreach.end_result = OutreachCase.EndResult.FOLLOW_UP_FINANCIAL
        outreach.closed_on = registered_on
        outreach.picked_up_on = outreach.picked_up_on or registered_on
        outreach.save(update_fields=["status", "end_result", "closed_on", "picked_up_on"])
    return case


def open_walk_in(
    actor: Actor,
    *,
    bsn: str,
    birth_date: datetime.date,
    registered_on: datetime.date,
    threatening: bool,
) -> DebtCase:
    """Aanmelding aan de balie: find the resident by BSN and birth date and open a case.

    Both must match (the officer reads them from the identity document); the lookup is
    logged as a basic-registration read. A household with a running case gets no second
    one: the officer is sent to the running case instead.
    """
    _check_officer(actor)
    resident = Resident.objects.filter(bsn=bsn, birth_date=birth_date).first()
    if resident is None:
        raise ValidationError(
            _(
                "Er is geen inwoner met dit BSN en deze geboortedatum. Kijk beide nog eens na "
                "op het identiteitsbewijs."
            )
        )
    registration.show(actor, [resident])
    running = (
        DebtCase.objects.filter(household_id=resident.household_id)
        .exclude(phase=Phase.EXIT)
        .first()
        if resident.household_id is not None
        else None  # a case always belongs to a household
    )
    if running is not None:
        raise ValidationError(
            _("Dit huishouden heeft al een lopende schuldzaak: %(ref)s.")
            % {"ref": running.reference}
        )
    return open_case(actor, resident, registered_on=registered_on, threatening=threatening)


def allowed_next(case: DebtCase) -> list[str]:
    nxt = list(TRANSITIONS[case.phase])
    if case.phase != Phase.EXIT and Phase.EXIT not in nxt:
        nxt.append(Phase.EXIT)
    return nxt


@transaction.atomic
def advance(
    actor: Actor,
    case: DebtCase,
    to: str,
    on: datetime.date,
    policy: FundPolicy | None = None,
    *,
    expected_version: int | None = None,
) -> DebtCase:
    """Move the case along the transition table; each step checks what it needs."""
    _check_officer(actor)
    bump_case_version(case, expected_version)
    case.refresh_from_db()
    if to not in allowed_next(case):
        raise ValidationError(
            _("Van %(from)s kan de zaak niet naar %(to)s.")
            % {"from": Phase(case.phase).label, "to": Phase(to).label if to in Phase.values else to}
        )
    policy = policy or current_policy()
    fields = ["phase"]
    if to == Phase.INVENTORY:
        case.first_conversation_on = on
        fields.append("first_conversation_on")
    elif to == Phase.CAPACITY:
        if not case.items.exists():
            raise ValidationError(_("Zet eerst minstens één schuld op de lijst."))
        # The inventory is complete; the takeover's clock has run since registration.
        case.inventory_completed_on = on
        fields.append("inventory_completed_on")
        if case.takeover_due is None:  # a case opened before the promise counted so
            case.takeover_due = promise_due(case, policy)
            fields.append("takeover_due")
    elif to == Phase.PLAN:
        if case.capacity_record_id is None:
            raise ValidationError(_("Bereken eerst de afloscapaciteit."))
    elif to == Phase.SOLUTION:
        raise ValidationError(_("Rond eerst de overname af; dan begint de regeling."))
    elif to == Phase.AFTERCARE:
        _close_arrangement(actor, case, on, policy)
    elif to == Phase.EXIT and case.phase == Phase.AFTERCARE:
        missing = aftercare_missing(case)
        if missing:
            raise ValidationError(
                _("Nog niet alles uit de nazorg is gedaan: %(items)s.")
                % {"items": ", ".join(str(AftercareCheck.Kind(k).label) for k in missing)}
            )
        case.closed_on = on
        fields.append("closed_on")
    elif to == Phase.EXIT:
        case.closed_on = on
        fields.append("closed_on")
    PhaseChange.objects.create(case=case, from_phase=case.phase, to_phase=to, on=on, by=actor.user)
    case.phase = to
    case.save(update_fields=fields)
    return case


def _close_arrangement(actor: Actor, case: DebtCase, on: datetime.date, policy: FundPolicy) -> None:
    """The arrangement ends: paid off, or its term is over without arrears.

    At the end of the term what is left is forgiven (finale kwijting), booked once in the
    ledger so the household's balance is zero when aftercare starts.
    """
    arrangement = Arrangement.objects.filter(case=case).first()
    if arrangement is None:
        raise ValidationError(_("Er is nog geen regeling; nazorg komt na de regeling."))
    balance = household_totals(case.household_id)["balance"]
    if balance <= 0:
        return
    last_due = arrangement.due_dates()[-1] if arrangement.term_months else arrangement.first_due
    if last_due > on:
        raise ValidationError(
            _("De regeling loopt nog tot %(d)s; er staat nog %(a)s open.")
            % {"d": last_due.strftime("%d-%m-%Y"), "a": euro(balance)}
        )
    if arrears(arrangement, on, policy) > 0:
        raise ValidationError(
            _("Er is nog een achterstand. Spreek eerst met de inwoner af hoe die wordt opgelost.")
        )
    post(ledger.forgive(f"forgiveness:final:{case.pk}", on, case.household_id, balance), case)


def aftercare_missing(case: DebtCase) -> list[str]:
    done = set(case.aftercare.values_list("kind", flat=True))
    return [k for k in AftercareCheck.Kind.values if k not in done]


@transaction.atomic
def check_aftercare(actor: Actor, case: DebtCase, kind: str, on: datetime.date) -> bool:
    """Tick off one aftercare item. Idempotent: ticking it again changes nothing."""
    _check_officer(actor)
    if case.phase != Phase.AFTERCARE:
        raise ValidationError(_("De nazorg is nog niet begonnen."))
    if kind not in AftercareCheck.Kind.values:
        raise ValidationError(_("Kies een punt uit de lijst."))
    _check, created = AftercareCheck.objects.get_or_create(
        case=case, kind=kind, defaults={"done_on": on, "by": actor.user}
    )
    return created


@transaction.atomic
def set_moratorium(
    actor: Actor,
    case: DebtCase,
    start: datetime.date,
    end: datetime.date | None,
    *,
    expected_version: int | None = None,
):
    """A breathing space of at most six months (Wgs art. 5; Fw 287b)."""
    _check_officer(actor)
    bump_case_version(case, expected_version)
    latest = rules.moratorium_einde(start)
    end = end or latest
    if end > latest:
        raise ValidationError(
            {
                "end": _("Een moratorium duurt hoogstens zes maanden: uiterlijk %(d)s.")
                % {"d": latest}
            }
        )
    if end < start:
        raise ValidationError({"end": _("Het einde ligt voor het begin.")})
    case.moratorium_start, case.moratorium_end = start, end
    case.save(update_fields=["moratorium_start", "moratorium_end"])
    return case


# --- vault content ------------------------------------------------------------------------


def case_records(actor: Actor, case: DebtCase) -> dict[Any, dict[str, Any]]:
    """The case's vault records the actor may read, by record id (one access-log row)."""
    subject = case.client
    own = vault.own_resident(actor)
    if own is not None and own.household_id == case.household_id:
        subject = own
    opened = vault.read_records(actor, subject, categories=CATEGORIES, purpose=PURPOSE)
    return {r.id: r.payload for r in opened.records}


def debt_total(payload: dict[str, Any]) -> int:
    return (
        int(payload["principal_cents"])
        + int(payload["costs_cents"])
        + int(payload["interest_cents"])
    )


@transaction.atomic
def add_debt(
    actor: Actor,
    case: DebtCase,
    creditor: Creditor,
    *,
    principal: int,
    costs: int,
    interest: int,
    origin_date: datetime.date | None,
    stage: str,
    attachment: bool,
    reference: str,
    on: datetime.date,
) -> DebtItem:
    """Put one debt on the list; its details go into the household's vault."""
    _check_officer(actor)
    if case.phase not in (Phase.INVENTORY, Phase.FIRST_CONVERSATION, Phase.REGISTRATION):
        raise ValidationError(_("De lijst met schulden is al compleet."))
    if min(principal, costs, interest) < 0 or principal + costs + interest <= 0:
        raise ValidationError(_("Vul bedragen van € 0,00 of meer in, samen meer dan € 0,00."))
    payload = {
        "title": str(_("Schuld bij %(creditor)s") % {"creditor": creditor}),
        "creditor_id": creditor.pk,
        "creditor": str(creditor),
        "principal_cents": principal,
        "costs_cents": costs,
        "interest_cents": interest,
        "origin_date": origin_date.isoformat() if origin_date else None,
        "stage": stage,
        "attachment": attachment,
        "reference": reference,
    }
    household = Household.objects.get(pk=case.household_id)
    record = vault.write_record(
        actor,
        household,
        Category.FINANCE,
        purpose=PURPOSE,
        payload=payload,
        kind="debt-item",
        source="debts",
    )
    return DebtItem.objects.create(case=case, creditor=creditor, record=record, added_on=on)


@dataclass(frozen=True)
class CapacityInputs:
    leefsituatie: str
    netto_inkomen: int
    woonkosten: int = 0
    huurtoeslag: int = 0
    zorgpremie: int = 0
    zorgtoeslag: int = 0
    inkomen_uit_arbeid: bool = False

    def household(self) -> rules.Household:
        return rules.Household(
            leefsituatie=rules.Leefsituatie(self.leefsituatie),
            netto_inkomen=self.netto_inkomen,
            woonkosten=self.woonkosten,
            huurtoeslag=self.huurtoeslag,
            zorgpremie=self.zorgpremie,
            zorgtoeslag=self.zorgtoeslag,
            inkomen_uit_arbeid=self.inkomen_uit_arbeid,
        )


def capacity_payload(inputs: CapacityInputs, peildatum: datetime.date, allow_stale: bool):
    """Compute with the legal rules; refuses (NO_NORM) when no bijstandsnorm is known for
    the day and the officer did not choose to compute with the last known one."""
    try:
        result = rules.payment_capacity(inputs.household(), peildatum, allow_stale=allow_stale)
    except rules.ParameterUnavailable as error:
        raise ValidationError(NO_NORM) from error
    return {
        "title": str(_("Berekening afloscapaciteit")),
        "inputs": inputs.__dict__,
        "peildatum": peildatum.isoformat(),
        "allow_stale": allow_stale,
        "bijstandsnorm_cents": result.bijstandsnorm,
        "beslagvrije_voet_cents": result.beslagvrije_voet,
        "vtlb_cents": result.vrij_te_laten_bedrag,
        "afloscapaciteit_cents": result.afloscapaciteit,
        "uncertain": result.uncertain,
        "steps": [
            {
                "label": s.label,
                "amount_cents": s.amount_cents,
                "source": s.source,
                "uncertain": s.uncertain,
                "note": s.note,
            }
            for s in result.explanation.steps
        ],
    }


@transaction.atomic
def set_capacity(
    actor: Actor,
    case: DebtCase,
    inputs: CapacityInputs,
    *,
    peildatum: datetime.date,
    allow_stale: bool,
    expected_version: int | None = None,
) -> Record:
    """Compute the payment capacity and keep the calculation, step by step, in the vault."""
    _check_officer(actor)
    bump_case_version(case, expected_version)
    if case.phase != Phase.CAPACITY:
        raise ValidationError(_("De afloscapaciteit bereken je na de lijst met schulden."))
    payload = capacity_payload(inputs, peildatum, allow_stale)
    if case.capacity_record is not None:
        return vault.update_record(actor, case.capacity_record, payload, purpose=PURPOSE)
    record = _write_capacity_record(actor, case, payload)
    case.capacity_record = record
    case.save(update_fields=["capacity_record"])
    return record


def _write_capacity_record(actor: Actor, case: DebtCase, payload: dict) -> Record:
    """A new payment-capacity calculation in the household's vault."""
    return vault.write_record(
        actor,
        Household.objects.get(pk=case.household_id),
        Category.WORK_INCOME,
        purpose=PURPOSE,
        payload=payload,
        kind="payment-capacity",
        source="debts",
    )


# --- the takeover -------------------------------------------------------------------------


def plan_offers(
    claims: list[tuple[str, int]], afloscapaciteit: int, term: int, policy: FundPolicy
) -> list[tuple[int, int, str]]:
    """(offer cents, percentage in basis points, basis) per (sector, claim).

    Sectors with an agreement get their agreed percentage; every other creditor the one
    equal percentage min(1, afloscapaciteit × term / total debt) (rules.settlement_offer),
    split over them pro rata in whole cents (rules.split_offer).
    """
    total = sum(c for _s, c in claims)
    equal = rules.settlement_offer(afloscapaciteit, total, term)
    equal_bp = int(equal.percentage * 10_000)
    result: list[tuple[int, int, str] | None] = [None] * len(claims)
    equal_idx = []
    for i, (sector, claim) in enumerate(claims):
        if sector in policy.sector_agreements:
            bp = policy.sector_agreements[sector]
            result[i] = (claim * bp // 10_000, bp, "sector")
        else:
            equal_idx.append(i)
    equal_claims = [claims[i][1] for i in equal_idx]
    pool = sum(equal_claims) * equal.percentage.numerator // equal.percentage.denominator
    for i, share in zip(equal_idx, rules.split_offer(pool, equal_claims), strict=True):
        result[i] = (share, equal_bp, "equal")
    return [r for r in result if r is not None]


def capacity_of(records: dict[Any, dict[str, Any]], case: DebtCase) -> int:
    payload = records.get(case.capacity_record_id)
    if payload is None:
        raise ValidationError(_("Bereken eerst de afloscapaciteit."))
    return int(payload["afloscapaciteit_cents"])


@transaction.atomic
def make_offers(actor: Actor, case: DebtCase, on: datetime.date, policy=None) -> list[Offer]:
    """Offer every creditor on the list a settlement, in one go."""
    _check_officer(actor)
    policy = policy or current_policy()
    if case.phase != Phase.STABILISATION:
        raise ValidationError(_("Aanbiedingen doe je in de fase stabilisatie en overname."))
    if case.offers.exists():
        raise ValidationError(_("De schuldeisers hebben al een aanbod gekregen."))
    records = case_records(actor, case)
    items = list(case.items.select_related("creditor"))
    claims = [(i.creditor.sector, debt_total(records[i.record_id])) for i in items]
    planned = plan_offers(claims, capacity_of(records, case), case.term_months, policy)
    return [
        Offer.objects.create(
            case=case,
            item=item,
            creditor=item.creditor,
            claim_cents=claim,
            offer_cents=amount,
            percentage_bp=bp,
            basis=basis,
            sent_on=on,
        )
        for item, (_sector, claim), (amount, bp, basis) in zip(items, claims, planned, strict=True)
    ]


def end_to_end_id(offer: Offer) -> str:
    return f"LW-SF-{offer.case_id}-{offer.pk}"[:35]


@transaction.atomic
def respond(actor: Actor, offer: Offer, *, accepted: bool, on: datetime.date) -> Offer:
    """Record a creditor's answer. Acceptance books the takeover and a payment instruction."""
    _check_officer(actor)
    offer = (
        Offer.objects.select_for_update().select_related("creditor__organisation").get(pk=offer.pk)
    )
    if offer.status != Offer.Status.SENT:
        raise ValidationError(
            _(
                "Het antwoord van deze schuldeiser was al vastgelegd (%(status)s); er is "
                "niets dubbel geboekt."
            )
            % {"status": offer.get_status_display()}
        )
    offer.status = Offer.Status.ACCEPTED if accepted else Offer.Status.REFUSED
    offer.responded_on = on
    offer.save(update_fields=["status", "responded_on"])
    if accepted:
        _book_acceptance(offer, on)
    return offer


def _book_acceptance(offer: Offer, on: datetime.date) -> None:
    """The fund takes the claim over: the ledger and one payment instruction."""
    if offer.offer_cents <= 0:
        return
    case = offer.case
    post(
        ledger.takeover(
            f"takeover:{offer.pk}", on, case.household_id, offer.creditor_id, offer.offer_cents
        ),
        case,
    )
    PaymentInstruction.objects.get_or_create(
        offer=offer,
        defaults={
            "amount_cents": offer.offer_cents,
            "creditor_name": offer.creditor.organisation.name[:140],
            "creditor_iban": offer.creditor.iban,
            "end_to_end_id": end_to_end_id(offer),
            "remittance": f"Schuldenfonds {case.reference} finale kwijting"[:140],
            "created_on": on,
        },
    )


@transaction.atomic
def record_court_decision(
    actor: Actor,
    offer: Offer,
    *,
    granted: bool,
    on: datetime.date,
    policy: FundPolicy | None = None,
) -> Offer:
    """The court ruled on the dwangakkoord for a refusing creditor (Fw art. 287a).

    Granted: the creditor must accept the offer; the fund takes the claim over like any
    accepted offer (ledger, payment instruction). If the arrangement already runs, it gets
    a new version with the larger amount taken over, within the same afloscapaciteit.
    Rejected: the claim stays outside the fund (the resident may ask for the Wsnp).
    """
    _check_officer(actor)
    policy = policy or current_policy()
    offer = (
        Offer.objects.select_for_update().select_related("creditor__organisation").get(pk=offer.pk)
    )
    if offer.status != Offer.Status.REFUSED or offer.court_decision:
        raise ValidationError(_("Voor deze schuldeiser is geen uitspraak van de rechter nodig."))
    offer.court_decision = "granted" if granted else "rejected"
    offer.court_decided_on = on
    fields = ["court_decision", "court_decided_on"]
    if granted:
        offer.status = Offer.Status.ACCEPTED
        fields.append("status")
    offer.save(update_fields=fields)
    if not granted:
        return offer
    _book_acceptance(offer, on)
    case = offer.case
    arrangement = Arrangement.objects.select_for_update().filter(case=case).first()
    if arrangement is None or offer.offer_cents <= 0:
        return offer
    capacity = capacity_of(case_records(actor, case), case)
    months_done = sum(1 for d in arrangement.due_dates() if d <= on)
    monthly, term = revised_terms(
        household_totals(case.household_id)["balance"],
        capacity,
        months_done,
        arrangement.term_months,
        policy.max_term_months,
    )
    last = arrangement.versions.order_by("-number").first()
    ArrangementVersion.objects.create(
        arrangement=arrangement,
        number=(last.number + 1) if last else 1,
        valid_from=add_months(arrangement.first_due, months_done),
        monthly_cents=monthly,
        term_months=term,
        reason=ArrangementVersion.Reason.COURT,
        capacity_record_id=case.capacity_record_id,
        created_on=on,
        by=actor.user,
    )
    arrangement.taken_over_cents += offer.offer_cents
    arrangement.monthly_cents, arrangement.term_months = monthly, term
    arrangement.save(update_fields=["taken_over_cents", "monthly_cents", "term_months"])
    return offer


@transaction.atomic
def mark_paid(actor: Actor, instruction: PaymentInstruction, on: datetime.date) -> Booking:
    """The bank paid the creditor. Idempotent by its natural key, the instruction (one per
    accepted offer, paid at most once; the row is locked): the second call changes nothing."""
    _check_officer(actor)
    instruction = (
        PaymentInstruction.objects.select_for_update()
        .select_related("offer")
        .get(pk=instruction.pk)
    )
    if instruction.paid_on is not None:
        return Booking(False, "done")
    posted = post(
        ledger.payment(
            f"payment:{instruction.pk}",
            on,
            instruction.offer.creditor_id,
            instruction.amount_cents,
        ),
        instruction.offer.case,
    )
    instruction.paid_on = on
    instruction.save(update_fields=["paid_on"])
    return Booking(posted, "" if posted else "done")


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


@transaction.atomic
def complete_takeover(actor: Actor, case: DebtCase, on: datetime.date) -> Arrangement:
    """All creditors answered and the accepted ones are paid: the fund is the one creditor.

    The arrangement follows at once: a monthly amount no higher than the afloscapaciteit,
    over the case's term.
    """
    _check_officer(actor)
    DebtCase.objects.select_for_update().filter(pk=case.pk).first()
    case.refresh_from_db()
    if case.taken_over_on is not None or Arrangement.objects.filter(case=case).exists():
        raise ValidationError(
            _("De overname was al afgerond en de regeling gemaakt; er is niets dubbel geboekt.")
        )
    offers = list(case.offers.select_related("instruction"))
    if not offers:
        raise ValidationError(_("Doe eerst een aanbod aan de schuldeisers."))
    if any(o.status == Offer.Status.SENT for o in offers):
        raise ValidationError(_("Nog niet alle schuldeisers hebben geantwoord."))
    accepted = [o for o in offers if o.status == Offer.Status.ACCEPTED]
    if not accepted:
        raise ValidationError(_("Geen enkele schuldeiser heeft het aanbod aanvaard."))
    unpaid = [o for o in accepted if o.offer_cents and o.instruction.paid_on is None]
    if unpaid:
        raise ValidationError(_("Betaal eerst alle schuldeisers die het aanbod aanvaardden."))
    records = case_records(actor, case)
    capacity = capacity_of(records, case)
    taken_over = sum(o.offer_cents for o in accepted)
    monthly = min(capacity, ceil_div(taken_over, case.term_months))
    first_due = (on.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    arrangement = Arrangement.objects.create(
        case=case,
        taken_over_cents=taken_over,
        monthly_cents=monthly,
        term_months=case.term_months,
        first_due=first_due,
    )
    ArrangementVersion.objects.create(
        arrangement=arrangement,
        number=1,
        valid_from=first_due,
        monthly_cents=monthly,
        term_months=case.term_months,
        reason=ArrangementVersion.Reason.START,
        capacity_record_id=case.capacity_record_id,
        created_on=on,
        by=actor.user,
    )
    PhaseChange.objects.create(
        case=case, from_phase=case.phase, to_phase=Phase.SOLUTION, on=on, by=actor.user
    )
    case.phase = Phase.SOLUTION
    case.taken_over_on = on
    case.save(update_fields=["phase", "taken_over_on"])
    bump_case_version(case, None)
    return arrangement


@dataclass(frozen=True)
class CompulsoryOverview:
    """What the court needs for a dwangakkoord (Fw art. 287a), from the fund's own offers."""

    offers: list[Offer]
    refused: list[Offer]
    claims_total: int
    accepted_claims: int
    refused_claims: int
    open_claims: int

    @property
    def accepted_share(self) -> str:
        """Share of the claims (by amount) whose creditors accepted, as "87,5 %"."""
        if not self.claims_total:
            return "0 %"
        tenths = (self.accepted_claims * 1000 + self.claims_total // 2) // self.claims_total
        whole, rest = divmod(tenths, 10)
        return f"{whole},{rest} %"


def compulsory_overview(case: DebtCase) -> CompulsoryOverview:
    """Every creditor's claim, offer and answer; the basis of the request to the court.

    Fw art. 287a (in force since 1 Jan 2008, Stb. 2007, 320): when a creditor refuses a
    settlement, the debtor may ask the court to order the creditor to agree; the court
    weighs whether the creditor could reasonably refuse, given the imbalance between
    their interest and that of the debtor and the other creditors.
    """
    offers = list(case.offers.select_related("creditor__organisation").order_by("pk"))
    claims = sum(o.claim_cents for o in offers)
    by_status: dict[str, int] = {}
    for o in offers:
        by_status[o.status] = by_status.get(o.status, 0) + o.claim_cents
    return CompulsoryOverview(
        offers=offers,
        refused=[o for o in offers if o.status == Offer.Status.REFUSED],
        claims_total=claims,
        accepted_claims=by_status.get(Offer.Status.ACCEPTED, 0),
        refused_claims=by_status.get(Offer.Status.REFUSED, 0),
        open_claims=by_status.get(Offer.Status.SENT, 0),
    )


def promise_due(case: DebtCase, policy: FundPolicy | None = None) -> datetime.date:
    policy = policy or current_policy()
    return fund_promise.promise_due(case.registered_on, policy.promise_days(case.children_at_risk))


def promise(
    case: DebtCase,
    today: datetime.date,
    first_offer_on: datetime.date | None = None,
    policy: FundPolicy | None = None,
    *,
    look_up_offer: bool = True,
) -> list[fund_promise.PhaseDeadline]:
    """Every phase of the fund's promise against its deadline (rules.fund_promise).

    first_offer_on: the day the first offer went out. A list page passes it annotated with
    look_up_offer=False, so it costs no query per case; else it is looked up.
    """
    policy = policy or current_policy()
    if look_up_offer and first_offer_on is None and case.pk:
        first_offer_on = case.offers.aggregate(d=Min("sent_on"))["d"]
    done = {
        fund_promise.FIRST_CONVERSATION: case.first_conversation_on,
        fund_promise.INVENTORY: case.inventory_completed_on,
        fund_promise.OFFER: first_offer_on,
        fund_promise.TAKEOVER: case.taken_over_on,
    }
    return fund_promise.against_deadlines(
        case.registered_on, done, today, policy.promise_days(case.children_at_risk)
    )


@transaction.atomic
def flag_children(actor: Actor, case: DebtCase, reason: str, on: datetime.date) -> DebtCase:
    """Children first: the fast route (the fund's clock halved from registration)."""
    _check_officer(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"children_reason": _("Schrijf kort op waarom.")})
    case = DebtCase.objects.select_for_update().get(pk=case.pk)
    case.children_at_risk = True
    case.children_reason = reason[:200]
    if case.taken_over_on is None:
        case.takeover_due = promise_due(case)
    case.save(update_fields=["children_at_risk", "children_reason", "takeover_due"])
    return case


@dataclass(frozen=True)
class Clock:
    """The four-week takeover clock, as everyone involved sees it."""

    due: datetime.date
    days_left: int
    state: str  # "running", "warning", "overdue", "done"
    escalated_on: datetime.date | None = None
    taken_over_on: datetime.date | None = None

    @property
    def done_late(self) -> bool:
        return self.state == "done" and self.days_left < 0

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)


def takeover_clock(case: DebtCase, today: datetime.date, policy=None) -> Clock | None:
    if case.takeover_due is None:
        return None
    policy = policy or current_policy()
    if case.taken_over_on is not None:
        return Clock(
            case.takeover_due,
            (case.takeover_due - case.taken_over_on).days,
            "done",
            case.takeover_escalated_on,
            case.taken_over_on,
        )
    left = (case.takeover_due - today).days
    state = "overdue" if left < 0 else "warning" if left <= policy.warning_days else "running"
    return Clock(case.takeover_due, left, state, case.takeover_escalated_on)


def escalate_overdue(today: datetime.date) -> int:
    """Tell the officer and the team leads of every case whose four weeks ran out.

    Run daily (`leefwereld debts_escalate`). Each case is escalated once: the Escalation
    row is unique per case, so a second run the same day or later tells nobody twice. The
    e-mail names only the case reference and links to the escalations page; the same
    escalation stands on the officer's dashboard and on the team lead's escalations page.
    Returns the number of cases escalated in this run.
    """
    due = (
        DebtCase.objects.filter(
            takeover_due__lt=today, taken_over_on__isnull=True, takeover_escalated_on__isnull=True
        )
        .exclude(phase=Phase.EXIT)
        .values_list("pk", flat=True)
    )
    count = 0
    for pk in list(due):
        if _escalate_one(pk, today):
            count += 1
    return count


@transaction.atomic
def _escalate_one(pk: int, today: datetime.date) -> bool:
    case = (
        DebtCase.objects.select_for_update()
        .select_related("officer")
        .filter(pk=pk, takeover_escalated_on__isnull=True, taken_over_on__isnull=True)
        .first()
    )
    if case is None or case.takeover_due is None:
        return False  # escalated or taken over by a concurrent run
    to = notify.escalation_recipients(case)
    escalation, created = Escalation.objects.get_or_create(
        case=case, defaults={"on": today, "due": case.takeover_due, "recipients": len(to)}
    )
    case.takeover_escalated_on = escalation.on
    case.save(update_fields=["takeover_escalated_on"])
    if not created:
        return False
    days_late = (today - case.takeover_due).days
    notify.send(
        to,
        _("Schuldenfonds: de overname van %(ref)s is te laat") % {"ref": case.reference},
        _(
            "De vier weken voor de overname van schuldzaak %(ref)s zijn voorbij. De overname "
            "moest uiterlijk %(due)s klaar zijn; dat is %(days)s dagen geleden.\n\n"
            "Bekijk wat er nog moet gebeuren: %(link)s\n\n"
            "In deze e-mail staan geen persoonsgegevens. U krijgt hem omdat u de "
            "schuldhulpverlener of teamleider van deze zaak bent."
        )
        % {
            "ref": case.reference,
            "due": case.takeover_due.strftime("%d-%m-%Y"),
            "days": days_late,
            "link": notify.link("debts:escalations"),
        },
    )
    return True


# --- arrangement and programme ------------------------------------------------------------


@transaction.atomic
def record_repayment(
    actor: Actor,
    arrangement: Arrangement,
    amount: int,
    on: datetime.date,
    reference: str = "",
    *,
    idempotency_key: str = "",
) -> Booking:
    """A repayment received by the fund, booked once.

    Two keys, neither of which can merge two genuine repayments: the bank's reference
    (when there is one) and the submission's idempotency key (the form's hidden field, or
    the API's Idempotency-Key header). One of them is required. Two repayments on the same
    day of the same amount without a bank reference are two repayments.
    """
    _check_officer(actor)
    reference = reference.strip()
    if not reference and not idempotency_key:
        raise ValidationError({"reference": _("Vul het kenmerk van de bank in.")})
    _check_amount(amount)
    # One repayment of an arrangement at a time: the balance check below stays true.
    arrangement = (
        Arrangement.objects.select_for_update().select_related("case").get(pk=arrangement.pk)
    )
    submission = None
    if idempotency_key:
        submission = _claim(
            actor,
            MoneySubmission.Action.REPAYMENT,
            idempotency_key,
            _fingerprint(arrangement.pk, amount, on, reference),
            reference=reference,
        )
        if submission is None:
            return Booking(False, "retry", reference)
    if reference and Repayment.objects.filter(reference=reference).exists():
        return Booking(False, "reference", reference)
    totals = household_totals(arrangement.case.household_id)
    if amount > totals["balance"]:
        raise ValidationError({"amount": _("Dat is meer dan er nog openstaat.")})
    key = f"repayment:{reference}" if reference else f"repayment:key:{idempotency_key}"
    try:
        with transaction.atomic():
            Repayment.objects.create(
                arrangement=arrangement, amount_cents=amount, paid_on=on, reference=reference
            )
            if not post(
                ledger.repayment(key, on, arrangement.case.household_id, amount),
                arrangement.case,
            ):
                raise IntegrityError(key)
    except IntegrityError:
        # A concurrent request booked the same bank reference (another arrangement's lock
        # does not stop it): the unique constraint caught it, and so do we.
        return Booking(False, "reference", reference)
    if submission is not None:
        submission.ledger_key = key
        submission.save(update_fields=["ledger_key"])
    return Booking(True, reference=reference)


def arrears(arrangement: Arrangement, today: datetime.date, policy=None) -> int:
    """What should have come in by now (after the grace days) minus what did.

    Each month counts with the amount of the arrangement's version in force that month.
    """
    policy = policy or current_policy()
    cutoff = today - datetime.timedelta(days=policy.grace_days)
    due = sum(amount for day, amount in arrangement.schedule() if day <= cutoff)
    totals = household_totals(arrangement.case.household_id)
    expected = min(due, arrangement.taken_over_cents - totals["forgiven"])
    return max(0, expected - totals["repaid"])


def revised_terms(
    balance: int, capacity: int, months_done: int, term: int, max_term: int
) -> tuple[int, int]:
    """(monthly amount, total term in months) after the payment capacity changed.

    Pure fund policy: the household pays what finishes the balance within the months left,
    never more than the new afloscapaciteit. When that is not enough, the term grows (up to
    the policy's maximum); what is left at the end of the longest term is forgiven at the
    exit, as in any schuldregeling. A capacity of zero pauses the repayments.
    """
    if balance <= 0:
        return 0, max(months_done, 1)
    left = max(term - months_done, 1)
    if capacity <= 0:
        return 0, max(term, months_done + 1)
    needed = ceil_div(balance, left)
    if needed <= capacity:
        return needed, max(term, months_done + 1)
    longer = min(max_term, months_done + ceil_div(balance, capacity))
    return capacity, max(term, longer)


@transaction.atomic
def change_arrangement(
    actor: Actor,
    case: DebtCase,
    inputs: CapacityInputs,
    *,
    reason: str,
    on: datetime.date,
    allow_stale: bool,
    policy: FundPolicy | None = None,
    expected_version: int | None = None,
) -> ArrangementVersion:
    """The household's situation changed: a new capacity, and a new version of the
    arrangement from the next due date on.

    The new calculation is a new payment-capacity record in the vault (the old one stays,
    as the basis of the earlier version). The ledger does not move: the household still
    owes the fund the same balance; only the monthly amount and the term change.
    """
    _check_officer(actor)
    bump_case_version(case, expected_version)
    policy = policy or current_policy()
    if reason not in ArrangementVersion.Reason.values or reason in (
        ArrangementVersion.Reason.START,
        ArrangementVersion.Reason.COURT,
    ):
        raise ValidationError({"reason": _("Kies waarom de regeling verandert.")})
    arrangement = Arrangement.objects.select_for_update().filter(case=case).first()
    if arrangement is None or case.phase != Phase.SOLUTION:
        raise ValidationError(_("Er loopt geen regeling die u kunt aanpassen."))
    payload = capacity_payload(inputs, on, allow_stale)
    record = _write_capacity_record(actor, case, payload)
    dates = arrangement.due_dates()
    months_done = sum(1 for d in dates if d <= on)
    valid_from = add_months(arrangement.first_due, months_done)
    balance = household_totals(case.household_id)["balance"]
    monthly, term = revised_terms(
        balance,
        int(payload["afloscapaciteit_cents"]),
        months_done,
        arrangement.term_months,
        policy.max_term_months,
    )
    last = arrangement.versions.order_by("-number").first()
    version = ArrangementVersion.objects.create(
        arrangement=arrangement,
        number=(last.number + 1) if last else 1,
        valid_from=valid_from,
        monthly_cents=monthly,
        term_months=term,
        reason=reason,
        capacity_record=record,
        created_on=on,
        by=actor.user,
    )
    arrangement.monthly_cents, arrangement.term_months = monthly, term
    arrangement.save(update_fields=["monthly_cents", "term_months"])
    case.capacity_record = record
    case.save(update_fields=["capacity_record"])
    return version


@transaction.atomic
def agree_goal(actor: Actor, case: DebtCase, kind: str, on: datetime.date, policy=None) -> Goal:
    _check_officer(actor)
    policy = policy or current_policy()
    if kind not in Goal.Kind.values:
        raise ValidationError({"kind": _("Kies een doel.")})
    if case.goals.filter(kind=kind).exists():
        raise ValidationError({"kind": _("Dit doel is al afgesproken.")})
    return Goal.objects.create(
        case=case, kind=kind, share_bp=policy.goal_shares.get(kind, 0), agreed_on=on
    )


@transaction.atomic
def reach_goal(actor: Actor, goal: Goal, on: datetime.date, policy=None) -> Goal:
    """Reaching a goal forgives its share of the remaining debt (rules.forgiveness), capped."""
    _check_officer(actor)
    policy = policy or current_policy()
    goal = Goal.objects.select_for_update().select_related("case").get(pk=goal.pk)
    if goal.reached_on is not None:
        return goal
    case = goal.case
    if case.taken_over_on is None:
        raise ValidationError(_("Kwijtschelding kan pas als het fonds de schulden overnam."))
    totals = household_totals(case.household_id)
    result = rules.forgiveness(
        totals["balance"],
        Fraction(goal.share_bp, 10_000),
        already_forgiven=totals["forgiven"],
        cap=policy.cap_cents(totals["taken_over"]),
    )
    if result.amount > 0:
        post(ledger.forgive(f"forgiveness:{goal.pk}", on, case.household_id, result.amount), case)
    goal.reached_on = on
    goal.forgiven_cents = result.amount
    goal.save(update_fields=["reached_on", "forgiven_cents"])
    return goal


def euro(cents: int) -> str:
    """€ 2.340 for whole euros, € 2.340,50 otherwise (plain-language progress texts)."""
    text = rules.format_euro(cents)
    return text[:-3] if text.endswith(",00") else text


def progress_sentence(household_id: int) -> str:
    totals = household_totals(household_id)
    return _("Nog %(left)s te gaan. U heeft al %(forgiven)s kwijtgescholden gekregen.") % {
        "left": euro(totals["balance"]),
        "forgiven": euro(totals["forgiven"]),
    }


def today() -> datetime.date:
    return timezone.localdate()
