"""Repayments from the bank: read a CAMT.053 statement, match, book, and leave the rest
to the officer.

The whole file is one transaction: a statement that cannot be read, or is not of the
fund's account, writes nothing. Idempotent twice over: the same file (by its SHA-256) is
recognised and not read again, and a line that an earlier file already brought (by the
line's stable key, `payments.StatementLine.key`) is skipped, so overlapping exports book
nothing twice. Booking is in bulk (one insert per table), so a month of a large city's
repayments is read in seconds (bench/debts_matching.py).
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leefwereld import payments
from leefwereld.core.actor import Actor

from . import ledger, matching
from .models import (
    Arrangement,
    BankLine,
    BankStatement,
    LedgerLine,
    LedgerTransaction,
    Phase,
    Repayment,
)
from .sepa import fund_account
from .services import _check_officer, household_totals, post

CHUNK = 5000

REASONS = {
    matching.NO_REFERENCE: gettext_lazy(
        "Geen zaaknummer, en de rekening betaalde voor meer zaken."
    ),
    matching.UNKNOWN_REFERENCE: gettext_lazy("Het zaaknummer hoort bij geen lopende regeling."),
    matching.TWO_REFERENCES: gettext_lazy("Er staan twee zaaknummers in de omschrijving."),
    matching.TOO_MUCH: gettext_lazy("Het bedrag is meer dan er op de regeling openstaat."),
    matching.IBAN_UNKNOWN: gettext_lazy("Geen zaaknummer, en de rekening is onbekend."),
    matching.IBAN_AMOUNT: gettext_lazy(
        "Geen zaaknummer; de rekening is bekend, maar het bedrag is niet het maandbedrag."
    ),
}


@dataclass(frozen=True)
class ImportResult:
    statement: BankStatement
    already: bool  # the same file was read before: nothing was booked now
    new_lines: int = 0
    skipped: int = 0  # lines an earlier file brought
    matched: int = 0
    open: int = 0
    debits: int = 0


def repayment_reference(key: str) -> str:
    """The Repayment reference (and, prefixed, the ledger key) of a bank line."""
    return "camt:" + hashlib.sha256(key.encode()).hexdigest()[:40]


def _targets() -> tuple[dict[int, matching.Target], dict[str, frozenset[int]]]:
    rows = list(
        Arrangement.objects.filter(case__taken_over_on__isnull=False)
        .exclude(case__phase=Phase.EXIT)
        .values_list("pk", "case_id", "monthly_cents", "case__household_id")
    )
    balances = {
        row["account"]: row["s"]
        for row in LedgerLine.objects.filter(account__startswith="receivable:")
        .values("account")
        .annotate(s=Sum("amount_cents"))
    }
    targets = {
        case_id: matching.Target(pk, case_id, monthly, balances.get(ledger.receivable(hh), 0))
        for pk, case_id, monthly, hh in rows
    }
    paid: dict[str, set[int]] = defaultdict(set)
    for iban, arrangement_id in (
        BankLine.objects.filter(status__in=[BankLine.Status.MATCHED, BankLine.Status.RESOLVED])
        .exclude(counterparty_iban="")
        .values_list("counterparty_iban", "arrangement_id")
        .distinct()
    ):
        paid[iban].add(arrangement_id)
    return targets, {iban: frozenset(ids) for iban, ids in paid.items()}


def _existing_keys(keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        found.update(
            BankLine.objects.filter(key__in=keys[start : start + CHUNK]).values_list(
                "key", flat=True
            )
        )
    return found


def _read(data: bytes) -> list[payments.StatementLine]:
    try:
        lines = payments.read_camt053(data)
    except payments.StatementError as error:
        raise ValidationError({"file": str(error)}) from error
    _name, fund_iban = fund_account()
    for line in lines:
        if line.account_iban != fund_iban.upper():
            raise ValidationError(
                {
                    "file": _(
                        "Dit afschrift is van rekening %(iban)s, niet van het schuldenfonds "
                        "(%(fund)s). Er is niets ingelezen."
                    )
                    % {"iban": line.account_iban, "fund": fund_iban}
                }
            )
    return lines


@transaction.atomic
def import_statement(actor: Actor, data: bytes, filename: str = "") -> ImportResult:
    _check_officer(actor)
    digest = hashlib.sha256(data).hexdigest()
    earlier = BankStatement.objects.filter(file_hash=digest).first()
    if earlier is not None:
        return ImportResult(earlier, already=True)
    lines = _read(data)
    credits = [line for line in lines if line.amount_cents > 0]
    seen = _existing_keys([line.key for line in credits])
    new = [line for line in credits if line.key not in seen]
    targets, known_ibans = _targets()
    results = matching.match(
        [
            matching.Line(
                line.key,
                line.amount_cents,
                line.counterparty_iban,
                f"{line.reference} {line.remittance}",
            )
            for line in new
        ],
        targets,
        known_ibans,
    )
    statement = BankStatement.objects.create(
        file_hash=digest, filename=filename[:200], imported_by=actor.user, line_count=len(new)
    )
    case_of = {t.arrangement_id: t.case_id for t in targets.values()}
    household_of = dict(
        Arrangement.objects.filter(
            pk__in={r.arrangement_id for r in results if r.arrangement_id}
        ).values_list("pk", "case__household_id")
    )
    matched: list[tuple[payments.StatementLine, int]] = [
        (line, r.arrangement_id)
        for line, r in zip(new, results, strict=True)
        if r.arrangement_id is not None
    ]
    repayments = Repayment.objects.bulk_create(
        (
            Repayment(
                arrangement_id=arrangement_id,
                amount_cents=line.amount_cents,
                paid_on=line.booking_date,
                reference=repayment_reference(line.key),
            )
            for line, arrangement_id in matched
        ),
        batch_size=CHUNK,
    )
    transactions = [
        ledger.repayment(
            "repayment:" + repayment_reference(line.key),
            line.booking_date,
            household_of[arrangement_id],
            line.amount_cents,
        )
        for line, arrangement_id in matched
    ]
    rows = LedgerTransaction.objects.bulk_create(
        (
            LedgerTransaction(kind=t.kind, key=t.key, date=t.date, case_id=case_of[arrangement_id])
            for t, (_line, arrangement_id) in zip(transactions, matched, strict=True)
        ),
        batch_size=CHUNK,
    )
    ledger_lines = []
    for row, t in zip(rows, transactions, strict=True):
        ledger.check_balanced(t.lines)
        ledger_lines += [
            LedgerLine(transaction=row, account=x.account, amount_cents=x.amount) for x in t.lines
        ]
    LedgerLine.objects.bulk_create(ledger_lines, batch_size=CHUNK)
    repayment_of = {line.key: rep for (line, _r), rep in zip(matched, repayments, strict=True)}
    BankLine.objects.bulk_create(
        (
            BankLine(
                statement=statement,
                key=line.key,
                booking_date=line.booking_date,
                amount_cents=line.amount_cents,
                counterparty_iban=line.counterparty_iban[:34],
                counterparty_name=line.counterparty_name[:140],
                reference=line.reference[:140],
                remittance=line.remittance[:500],
                status=BankLine.Status.MATCHED if r.arrangement_id else BankLine.Status.OPEN,
                reason=r.by if r.arrangement_id else r.reason,
                arrangement_id=r.arrangement_id,
                repayment=repayment_of.get(line.key),
            )
            for line, r in zip(new, results, strict=True)
        ),
        batch_size=CHUNK,
    )
    statement.matched_count = len(matched)
    statement.save(update_fields=["matched_count"])
    return ImportResult(
        statement,
        already=False,
        new_lines=len(new),
        skipped=len(credits) - len(new),
        matched=len(matched),
        open=len(new) - len(matched),
        debits=len(lines) - len(credits),
    )


@transaction.atomic
def resolve(
    actor: Actor, line: BankLine, arrangement: Arrangement, on: datetime.date, note: str = ""
) -> BankLine:
    """The officer says which arrangement an open line repays: book it once."""
    _check_officer(actor)
    line = BankLine.objects.select_for_update().get(pk=line.pk)
    if line.status != BankLine.Status.OPEN:
        raise ValidationError(_("Deze bankregel is al afgehandeld."))
    arrangement = (
        Arrangement.objects.select_for_update().select_related("case").get(pk=arrangement.pk)
    )
    totals = household_totals(arrangement.case.household_id)
    if line.amount_cents > totals["balance"]:
        raise ValidationError(
            {"arrangement": _("Dat is meer dan er op deze regeling nog openstaat.")}
        )
    reference = repayment_reference(line.key)
    repayment = Repayment.objects.create(
        arrangement=arrangement,
        amount_cents=line.amount_cents,
        paid_on=line.booking_date,
        reference=reference,
    )
    post(
        ledger.repayment(
            "repayment:" + reference,
            line.booking_date,
            arrangement.case.household_id,
            line.amount_cents,
        ),
        arrangement.case,
    )
    line.status = BankLine.Status.RESOLVED
    line.arrangement = arrangement
    line.repayment = repayment
    line.resolved_by = actor.user
    line.resolved_on = on
    line.note = note[:300]
    line.save()
    return line


@transaction.atomic
def set_aside(actor: Actor, line: BankLine, on: datetime.date, note: str) -> BankLine:
    """Not a repayment (a gift to the fund, a payment in error to be returned): say why."""
    _check_officer(actor)
    if not note.strip():
        raise ValidationError({"note": _("Schrijf op waarom dit geen aflossing is.")})
    line = BankLine.objects.select_for_update().get(pk=line.pk)
    if line.status != BankLine.Status.OPEN:
        raise ValidationError(_("Deze bankregel is al afgehandeld."))
    line.status = BankLine.Status.SET_ASIDE
    line.resolved_by = actor.user
    line.resolved_on = on
    line.note = note.strip()[:300]
    line.save()
    return line
