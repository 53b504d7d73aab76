"""The money layer's verbs. Every state change is a verb taking the Actor first, in one
transaction: a refused step writes nothing.

Ledger accounts (double-entry, integer cents, debit > 0, credit < 0; ADR 0018):

* ``commitment:<line>`` / ``committed:<line>`` — an allocation's commitment (memo pair);
* ``actual:<line>`` / ``payable:<provider>`` — approved declaration lines, per line;
* ``payable:<provider>`` / ``bank`` — a payment batch;
* ``reserve_used:<year>`` / ``bank`` — a drawdown from the reserve (hardship or other).

Every transaction carries a unique key, so a retried request never books twice.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Model, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from leefwereld import rules
from leefwereld.core.actor import Actor
from leefwereld.core.bulk import insert_values
from leefwereld.core.csvfiles import UnreadableRows, read_rows
from leefwereld.core.models import Household, Neighbourhood, Organisation, Resident
from leefwereld.core.numbers import NumberError, parse_cents, parse_int
from leefwereld.democracy.models import BlockingRule
from leefwereld.rules import products
from leefwereld.vault import access as vault
from leefwereld.vault.models import Category

from . import checks, figures
from .authorisation import (
    CONTROLLERS,
    DECIDERS,
    PROFESSIONALS,
    PROVIDERS,
    may_see_household,
    own_providers,
    require,
)
from .models import (
    Allocation,
    BudgetLine,
    BudgetVersion,
    BudgetYear,
    Commitment,
    Declaration,
    DeclarationLine,
    HardshipProposal,
    LedgerLine,
    LedgerTransaction,
    PaymentBatch,
    ProviderProfile,
    Purpose,
    ReserveDrawdown,
)

SOURCE = "finance"
MAX_DECLARATION_ROWS = 250_000


class FinanceError(ValidationError):
    pass


def today() -> datetime.date:
    return timezone.localdate()


# --- the ledger -------------------------------------------------------------------------


def post(key: str, kind: str, date: datetime.date, lines: Iterable[tuple[str, int]]) -> bool:
    """Book one balanced transaction under `key`; False when the key was booked before."""
    entries = [(account, amount) for account, amount in lines if amount]
    if sum(amount for _, amount in entries) != 0:
        raise ValueError(f"unbalanced transaction {key}")
    if LedgerTransaction.objects.filter(key=key).exists():
        return False
    tx = LedgerTransaction.objects.create(key=key, kind=kind, date=date)
    LedgerLine.objects.bulk_create(
        LedgerLine(transaction=tx, account=account, amount_cents=amount)
        for account, amount in entries
    )
    return True


def trial_balance() -> dict[str, int]:
    """The balance per account; the sum over all accounts is zero."""
    rows = LedgerLine.objects.values("account").annotate(total=Sum("amount_cents"))
    return {row["account"]: row["total"] for row in rows}


# --- the budget -------------------------------------------------------------------------


@transaction.atomic
def set_budget(
    actor: Actor,
    *,
    year: int,
    neighbourhood: Neighbourhood,
    purpose: str,
    amount_cents: int,
    reason: str,
) -> BudgetLine:
    """A new version of a budget line (the line is created with its first version)."""
    require(actor, CONTROLLERS)
    if purpose not in Purpose.values:
        raise FinanceError({"purpose": _("Kies een doel uit de lijst.")})
    if amount_cents < 0:
        raise FinanceError({"amount": _("Een budget kan niet negatief zijn.")})
    reason = " ".join(reason.split())
    if not reason:
        raise FinanceError({"reason": _("Schrijf op waarom het budget verandert.")})
    budget_year, _created = BudgetYear.objects.get_or_create(year=year)
    line, _created = BudgetLine.objects.select_for_update().get_or_create(
        year=budget_year, neighbourhood=neighbourhood, purpose=purpose
    )
    line.version += 1
    line.amount_cents = amount_cents
    line.save(update_fields=["version", "amount_cents"])
    BudgetVersion.objects.create(
        line=line,
        number=line.version,
        amount_cents=amount_cents,
        reason=reason[:300],
        decided_by=actor.user,
    )
    return line


def overview(year: int, on: datetime.date | None = None) -> list[dict[str, Any]]:
    """Every line of the year with its figures: one query, whatever the size (the
    running totals on the line are kept by `allocate` and the declaration booking)."""
    on = on or today()
    lines = (
        BudgetLine.objects.filter(year__year=year)
        .select_related("neighbourhood")
        .order_by("neighbourhood__name", "purpose")
    )
    return [
        {
            "line": line,
            "figures": figures.line_figures(
                line.amount_cents, line.committed_cents, line.actual_cents, year, on
            ),
        }
        for line in lines
    ]


def recount(line: BudgetLine) -> tuple[int, int]:
    """The line's committed and actual totals summed from the rows (tests, repair)."""
    committed = line.commitments.aggregate(t=Sum("amount_cents"))["t"] or 0
    actual = (
        DeclarationLine.objects.filter(
            status=DeclarationLine.Status.APPROVED,
            period_start__year=line.year.year,
            allocation__neighbourhood_id=line.neighbourhood_id,
            allocation__purpose=line.purpose,
        ).aggregate(t=Sum("amount_cents"))["t"]
        or 0
    )
    return committed, actual


# --- allocations (toewijzingen) -----------------------------------------------------------


def _household_of(decision: Model) -> tuple[Household, Resident | None]:
    """The household and resident a decision is about, for any decision model.

    support.Decision reaches them through its application; a decision model with its own
    `household` / `resident` fields (the Jeugdwet decision) is read directly.
    """
    resident = getattr(decision, "resident", None)
    application = getattr(decision, "application", None)
    if resident is None and application is not None:
        resident = application.resident
    household = getattr(decision, "household", None)
    if household is None and resident is not None:
        household = resident.household
    if household is None:
        raise FinanceError(_("Bij dit besluit hoort geen huishouden."))
    return household, resident


def _granted(decision: Model) -> bool:
    outcome = getattr(decision, "outcome", "granted")
    return outcome in ("granted", "partly")


@transaction.atomic
def allocate(
    actor: Actor,
    decision: Model,
    *,
    product_code: str,
    provider: ProviderProfile,
    volume: int,
    unit: str,
    frequency: str,
    start: datetime.date,
    end: datetime.date,
    tariff_cents: int,
    neighbourhood: Neighbourhood | None = None,
    purpose: str,
    law: str = "wmo",
    overrun_reason: str = "",
) -> Allocation:
    """The toewijzing for a granted decision and its commitment on the budget, at once.

    A commitment that would take a budget line past its budget needs a recorded decision
    (`overrun_reason`, stored with who decided); without it nothing is written.
    """
    require(actor, PROFESSIONALS)
    household, resident = _household_of(decision)
    if not may_see_household(actor, household.pk):
        raise PermissionDenied
    return _book_allocation(
        actor,
        decision,
        household=household,
        resident=resident,
        product_code=product_code,
        provider=provider,
        volume=volume,
        unit=unit,
        frequency=frequency,
        start=start,
        end=end,
        tariff_cents=tariff_cents,
        neighbourhood=neighbourhood,
        purpose=purpose,
        law=law,
        overrun_reason=overrun_reason,
    )


def _book_allocation(
    actor: Actor,
    decision: Model,
    *,
    household: Household,
    resident: Resident | None,
    product_code: str,
    provider: ProviderProfile,
    volume: int,
    unit: str,
    frequency: str,
    start: datetime.date,
    end: datetime.date,
    tariff_cents: int,
    neighbourhood: Neighbourhood | None,
    purpose: str,
    law: str,
    overrun_reason: str,
) -> Allocation:
    if not _granted(decision):
        raise FinanceError(_("Alleen een toegekend besluit krijgt een toewijzing."))
    found = products.product(product_code)
    errors: dict[str, str] = {}
    if found is None:
        errors["product_code"] = _("Deze productcode staat niet in de productenlijst.")
    elif found.variant == products.TAAK:
        errors["product_code"] = _("Een taakgericht product krijgt geen toewijzing per inwoner.")
    if unit not in products.UNITS:
        errors["unit"] = _("Kies een eenheid uit de lijst.")
    if frequency not in products.FREQUENCIES:
        errors["frequency"] = _("Kies een frequentie uit de lijst.")
    if end < start:
        errors["end"] = _("De einddatum ligt voor de ingangsdatum.")
    if volume <= 0:
        errors["volume"] = _("De omvang moet groter dan nul zijn.")
    if tariff_cents <= 0:
        errors["tariff"] = _("Het tarief moet groter dan nul zijn.")
    if purpose not in Purpose.values:
        errors["purpose"] = _("Kies een doel uit de lijst.")
    if errors:
        raise FinanceError(errors)
    assert found is not None
    neighbourhood = neighbourhood or household.address.neighbourhood
    if neighbourhood is None:
        raise FinanceError(_("Het adres van dit huishouden ligt in geen bekende wijk."))
    units = products.units_granted(volume, frequency, start, end)
    total = units * tariff_cents
    per_year = products.split_by_year(total, start, end)
    lines = {
        line.year.year: line
        for line in BudgetLine.objects.select_for_update()
        .select_related("year")
        .filter(year__year__in=per_year, neighbourhood=neighbourhood, purpose=purpose)
    }
    missing = sorted(set(per_year) - set(lines))
    if missing:
        raise FinanceError(
            _("Er is geen budget voor %(wijk)s, doel %(doel)s, in %(jaren)s.")
            % {
                "wijk": neighbourhood.name,
                "doel": Purpose(purpose).label,
                "jaren": ", ".join(str(y) for y in missing),
            }
        )
    overrun_reason = " ".join(overrun_reason.split())
    over = [
        year
        for year, amount in per_year.items()
        if lines[year].committed_cents + amount > lines[year].amount_cents
    ]
    if over and not overrun_reason:
        raise FinanceError(
            {
                "overrun_reason": _(
                    "Met deze toewijzing gaat het budget van %(jaren)s over de grens. "
                    "Leg vast waarom dat toch gebeurt."
                )
                % {"jaren": ", ".join(str(y) for y in over)}
            }
        )
    try:
        with transaction.atomic():
            allocation = Allocation.objects.create(
                decision_type=ContentType.objects.get_for_model(decision),
                decision_id=decision.pk,
                household=household,
                resident=resident,
                law=law,
                product_category=found.category,
                product_code=found.code,
                provider=provider,
                volume=volume,
                unit=unit,
                frequency=frequency,
                starts_on=start,
                ends_on=end,
                tariff_cents=tariff_cents,
                units_granted=units,
                commitment_cents=total,
                neighbourhood=neighbourhood,
                purpose=purpose,
                created_by=actor.user,
            )
    except IntegrityError:
        raise FinanceError(_("Dit besluit heeft al een toewijzing voor dit product.")) from None
    for year, amount in per_year.items():
        line = lines[year]
        Commitment.objects.create(
            allocation=allocation,
            line=line,
            amount_cents=amount,
            overrun_reason=overrun_reason if year in over else "",
            overrun_by=actor.user if year in over else None,
        )
        BudgetLine.objects.filter(pk=line.pk).update(committed_cents=F("committed_cents") + amount)
        post(
            f"commit:{allocation.pk}:{line.pk}",
            "commitment",
            start,
            [(f"commitment:{line.pk}", amount), (f"committed:{line.pk}", -amount)],
        )
    return allocation


REASSESSMENT_WEEKS = 8


def reassessments(actor: Actor, on: datetime.date | None = None):
    """Allocations in the actor's caseload ending within 8 weeks (herindicatie)."""
    from .authorisation import visible_allocations

    require(actor, PROFESSIONALS)
    on = on or today()
    return (
        visible_allocations(actor)
        .filter(ends_on__gte=on, ends_on__lte=on + datetime.timedelta(weeks=REASSESSMENT_WEEKS))
        .select_related("provider__organisation")
        .order_by("ends_on", "pk")
    )


# --- declarations -----------------------------------------------------------------------

CSV_COLUMNS = (
    "toewijzingnummer",
    "productcode",
    "begindatum",
    "einddatum",
    "aantal",
    "tarief",
    "bedrag",
)


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        return None


def read_line(line_no: int, row: dict[str, str]) -> checks.Line:
    """One declaration line as typed or uploaded; what cannot be read is marked so."""
    unreadable = False
    try:
        allocation_id: int | None = parse_int(
            row.get("toewijzingnummer", ""), "toewijzingnummer", minimum=1
        )
    except NumberError:
        allocation_id = None
    try:
        units = parse_int(row.get("aantal", ""), "aantal", minimum=0, maximum=10**9)
        tariff = parse_cents(row.get("tarief", ""), "tarief")
        amount = parse_cents(row.get("bedrag", ""), "bedrag")
    except NumberError:
        units = tariff = amount = 0
        unreadable = True
    start, end = _date(row.get("begindatum", "")), _date(row.get("einddatum", ""))
    return checks.Line(
        line_no=line_no,
        allocation_id=allocation_id,
        product_code=(row.get("productcode") or "").strip().upper()[:5],
        period_start=start,
        period_end=end,
        units=units,
        tariff_cents=tariff,
        amount_cents=amount,
        unreadable=unreadable or start is None or end is None,
    )


def read_csv(data: bytes) -> list[checks.Line]:
    """The lines of an uploaded declaration file (columns in docs/finance.md).

    A file that cannot be read at all is refused whole, with the reason; a line that
    cannot be read becomes a refused line (code R09), so the provider sees which.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FinanceError(_("Het bestand is geen tekstbestand in UTF-8.")) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise FinanceError(
            _("Deze kolommen ontbreken in de eerste regel: %(cols)s.")
            % {"cols": ", ".join(missing)}
        )
    reader.fieldnames = header
    try:
        rows = read_rows(
            reader,
            max_rows=MAX_DECLARATION_ROWS,
            too_many=_("Regel %(line)s: een bestand heeft hoogstens %(max)s regels."),
        )
    except UnreadableRows as error:
        raise FinanceError(str(error)) from None
    if not rows:
        raise FinanceError(_("Het bestand heeft geen regels onder de kolomnamen."))
    return [read_line(line_no, row) for line_no, row in rows]


def _known_allocations(
    provider: ProviderProfile, ids: set[int]
) -> tuple[dict[int, checks.Granted], dict[int, tuple[int, str]]]:
    """The provider's allocations (and where each is booked: neighbourhood, purpose),
    plus — to tell "not yours" from "unknown" — any other allocation a line names, in a
    bounded number of queries."""
    fields = (
        "pk",
        "provider_id",
        "product_code",
        "starts_on",
        "ends_on",
        "tariff_cents",
        "units_granted",
    )
    found: dict[int, checks.Granted] = {}
    where: dict[int, tuple[int, str]] = {}
    for row in Allocation.objects.filter(provider=provider).values_list(
        *fields, "neighbourhood_id", "purpose"
    ):
        found[row[0]] = checks.Granted(*row[:7])
        where[row[0]] = (row[7], row[8])
    rest = sorted(ids - set(found))
    for i in range(0, len(rest), 5000):
        for row in Allocation.objects.filter(pk__in=rest[i : i + 5000]).values_list(*fields):
            found[row[0]] = checks.Granted(*row)
    return found, where


@transaction.atomic
def declare(
    actor: Actor, provider: ProviderProfile, lines: list[checks.Line], channel: str
) -> Declaration:
    """Check every line set-based and book the approved ones; refused lines keep their
    code. Three reads whatever the number of lines, one bulk insert, one ledger entry."""
    require(actor, PROVIDERS)
    if not own_providers(actor).filter(pk=provider.pk).exists():
        raise PermissionDenied
    return book_declaration(actor, provider, lines, channel)


LINE_COLUMNS = (
    "declaration_id",
    "line_no",
    "allocation_id",
    "allocation_number",
    "product_code",
    "period_start",
    "period_end",
    "units",
    "tariff_cents",
    "amount_cents",
    "status",
    "refusal_code",
    "batch_id",
)


def book_declaration(
    actor: Actor, provider: ProviderProfile, lines: list[checks.Line], channel: str
) -> Declaration:
    """The checking and booking behind `declare` (the benchmark calls it directly)."""
    if not lines:
        raise FinanceError(_("Er zijn geen regels om te declareren."))
    # Lock the provider row: two uploads of one provider are checked one after the other,
    # so neither can miss the other's lines (no double, volume within).
    ProviderProfile.objects.select_for_update().filter(pk=provider.pk).first()
    ids = {line.allocation_id for line in lines if line.allocation_id}
    allocations, where = _known_allocations(provider, ids)
    # A line is only ever approved on the declaring provider's own allocation, so its
    # declarations hold every approved line of its allocations (index on provider).
    declared: set[tuple[int, datetime.date, datetime.date]] = set()
    used: dict[int, int] = defaultdict(int)
    for allocation_id, start, end, units in DeclarationLine.objects.filter(
        status=DeclarationLine.Status.APPROVED, declaration__provider=provider
    ).values_list("allocation_id", "period_start", "period_end", "units"):
        if start and end:  # always, for an approved line (R09 refuses a line without)
            declared.add((allocation_id, start, end))
        used[allocation_id] += units
    verdicts = checks.check(lines, provider.pk, allocations, declared, used)
    declaration = Declaration.objects.create(
        provider=provider, channel=channel, submitted_by=actor.user, line_count=len(lines)
    )
    rows = []
    approved_cents = approved_count = 0
    # Approved amounts per (year, neighbourhood, purpose): the budget lines they book on.
    totals: dict[tuple[int, int, str], int] = defaultdict(int)
    for line, verdict in zip(lines, verdicts, strict=True):
        known = line.allocation_id in allocations
        rows.append(
            (
                declaration.pk,
                line.line_no,
                line.allocation_id if known else None,
                str(line.allocation_id or "")[:20],
                line.product_code,
                line.period_start,
                line.period_end,
                line.units,
                line.tariff_cents,
                line.amount_cents,
                "approved" if verdict.approved else "refused",
                verdict.code,
                None,
            )
        )
        if verdict.approved:
            approved_count += 1
            approved_cents += line.amount_cents
            assert line.period_start is not None and line.allocation_id is not None
            neighbourhood_id, purpose = where[line.allocation_id]
            totals[(line.period_start.year, neighbourhood_id, purpose)] += line.amount_cents
    # Plain tuples, COPY on PostgreSQL (bulk INSERTs elsewhere): no model instance per
    # line. The database still checks every constraint (no double, refused never paid).
    insert_values(DeclarationLine, LINE_COLUMNS, rows)
    declaration.approved_count = approved_count
    declaration.refused_count = len(lines) - approved_count
    declaration.approved_cents = approved_cents
    declaration.save(update_fields=["approved_count", "refused_count", "approved_cents"])
    _book_actuals(declaration, totals)
    return declaration


def _book_actuals(declaration: Declaration, totals: dict[tuple[int, int, str], int]) -> None:
    """One ledger transaction: the approved amounts per budget line against the payable,
    and the lines' running totals."""
    per_line: dict[int, int] = defaultdict(int)
    line_ids = {
        (line.year.year, line.neighbourhood_id, line.purpose): line.pk
        for line in BudgetLine.objects.select_related("year").filter(
            year__year__in={year for year, _n, _p in totals}
        )
    }
    total = 0
    for key, amount in totals.items():
        # An allocation always has a line for its years (allocate refuses otherwise).
        per_line[line_ids[key]] += amount
        total += amount
    for pk, amount in per_line.items():
        BudgetLine.objects.filter(pk=pk).update(actual_cents=F("actual_cents") + amount)
    if total:
        post(
            f"declaration:{declaration.pk}",
            "actual",
            declaration.submitted_at.date(),
            [
                *((f"actual:{pk}", amount) for pk, amount in per_line.items()),
                (f"payable:{declaration.provider_id}", -total),
            ],
        )


@transaction.atomic
def create_batch(actor: Actor) -> PaymentBatch | None:
    """Every approved, unpaid line into one new batch; None when there is nothing to pay.

    One UPDATE claims the lines (`batch IS NULL`), so a line is never in two batches;
    the database refuses a refused line in a batch (check constraint).
    """
    require(actor, CONTROLLERS)
    batch = PaymentBatch.objects.create(created_by=actor.user)
    claimed = DeclarationLine.objects.filter(
        status=DeclarationLine.Status.APPROVED, batch__isnull=True
    ).update(batch=batch)
    if not claimed:
        transaction.set_rollback(True)
        return None
    per_provider = dict(
        DeclarationLine.objects.filter(batch=batch)
        .values("declaration__provider_id")
        .annotate(total=Sum("amount_cents"))
        .values_list("declaration__provider_id", "total")
    )
    total = sum(per_provider.values())
    batch.line_count = claimed
    batch.total_cents = total
    batch.save(update_fields=["line_count", "total_cents"])
    post(
        f"batch:{batch.pk}",
        "payment",
        today(),
        [*((f"payable:{pk}", amount) for pk, amount in per_provider.items()), ("bank", -total)],
    )
    return batch


# --- reserve ----------------------------------------------------------------------------


def reserve(year: BudgetYear) -> dict[str, int]:
    total = BudgetLine.objects.filter(year=year).aggregate(t=Sum("amount_cents"))["t"] or 0
    size = figures.reserve_cents(total, year.reserve_percent)
    used = year.drawdowns.aggregate(t=Sum("amount_cents"))["t"] or 0
    return {"budget": total, "reserve": size, "used": used, "balance": size - used}


def _draw(
    actor: Actor, year: BudgetYear, amount_cents: int, reason: str, link: str
) -> ReserveDrawdown:
    BudgetYear.objects.select_for_update().filter(pk=year.pk).first()
    if amount_cents <= 0:
        raise FinanceError({"amount": _("Het bedrag moet groter dan nul zijn.")})
    reason = " ".join(reason.split())
    if not reason:
        raise FinanceError({"reason": _("Schrijf op waarvoor het geld uit de reserve gaat.")})
    if amount_cents > reserve(year)["balance"]:
        raise FinanceError({"amount": _("Zoveel is er niet meer in de reserve van dit jaar.")})
    drawdown = ReserveDrawdown.objects.create(
        year=year,
        amount_cents=amount_cents,
        reason=reason[:300],
        approved_by=actor.user,
        approved_on=today(),
        link=link[:200],
    )
    post(
        f"drawdown:{drawdown.pk}",
        "reserve",
        drawdown.approved_on,
        [(f"reserve_used:{year.year}", amount_cents), ("bank", -amount_cents)],
    )
    return drawdown


@transaction.atomic
def draw_reserve(
    actor: Actor, year: BudgetYear, *, amount_cents: int, reason: str, link: str = ""
) -> ReserveDrawdown:
    require(actor, CONTROLLERS)
    return _draw(actor, year, amount_cents, reason, link)


# --- hardship ---------------------------------------------------------------------------


def hardship_days() -> int:
    """Working days a mandated person has to decide (LEEFWERELD_HARDSHIP_DECISION_DAYS:
    read from the environment, checked at start-up, default 5, in conf/base.py)."""
    days = int(settings.LEEFWERELD_HARDSHIP_DECISION_DAYS)
    if days < 1:
        raise ImproperlyConfigured("LEEFWERELD_HARDSHIP_DECISION_DAYS must be 1 or more.")
    return days


@transaction.atomic
def propose_hardship(
    actor: Actor,
    household: Household,
    *,
    amount_cents: int,
    rule: BlockingRule,
    law: str,
    why: str,
    alternatives: str,
) -> HardshipProposal:
    """A professional proposes a payment; why and the alternatives go to the vault."""
    require(actor, PROFESSIONALS)
    if not may_see_household(actor, household.pk):
        raise PermissionDenied
    errors = {}
    if amount_cents <= 0:
        errors["amount"] = _("Het bedrag moet groter dan nul zijn.")
    if not why.strip():
        errors["why"] = _("Schrijf op waarom de regel hier pijn doet.")
    if not alternatives.strip():
        errors["alternatives"] = _("Schrijf op welke andere oplossingen zijn bekeken.")
    if errors:
        raise FinanceError(errors)
    purpose = ""
    for member in Resident.objects.filter(household=household):
        purpose = vault.writable_purposes(actor, member).get(Category.FINANCE, "")
        if purpose:
            break
    record = vault.write_record(
        actor,
        household,
        category=Category.FINANCE,
        purpose=purpose or _("Hardheidsclausule"),
        payload={
            "title": _("Voorstel hardheidsclausule"),
            "text": why.strip(),
            "why": why.strip(),
            "alternatives": alternatives.strip(),
            "amount_cents": amount_cents,
        },
        kind="hardship-proposal",
        source=SOURCE,
    )
    on = today()
    return HardshipProposal.objects.create(
        household=household,
        amount_cents=amount_cents,
        rule=rule,
        law=law,
        record=record.pk,
        proposed_by=actor.user,
        proposed_on=on,
        due_on=rules.add_working_days(on, hardship_days()),
    )


def _register_law(law: str) -> str:
    return {"wmo": "wmo", "jeugdwet": "jeugdwet", "participatiewet": "participatiewet"}.get(
        law, "other"
    )


@transaction.atomic
def decide_hardship(actor: Actor, proposal: HardshipProposal, *, grant: bool) -> HardshipProposal:
    """The second, mandated person decides. A grant is paid from the reserve of the year
    and recorded anonymously in the hardship register with an amount band."""
    from leefwereld.democracy import services as democracy

    require(actor, DECIDERS)
    proposal = HardshipProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != HardshipProposal.Status.PROPOSED:
        raise FinanceError(_("Over dit voorstel is al besloten."))
    if proposal.proposed_by_id == actor.user.pk:
        raise PermissionDenied(_("U kunt niet over uw eigen voorstel beslissen."))
    on = today()
    proposal.decided_by = actor.user
    proposal.decided_on = on
    if not grant:
        proposal.status = HardshipProposal.Status.REFUSED
        proposal.save(update_fields=["status", "decided_by", "decided_on"])
        return proposal
    year = BudgetYear.objects.filter(year=on.year).first()
    if year is None:
        raise FinanceError(_("Er is geen begroting (en dus geen reserve) voor dit jaar."))
    band = figures.amount_band(proposal.amount_cents)
    drawdown = _draw(
        actor,
        year,
        proposal.amount_cents,
        _("Hardheidsclausule: %(rule)s") % {"rule": proposal.rule.title},
        f"hardheid:{proposal.pk}",
    )
    organisations = democracy.hardship_organisations(actor, proposal.rule)
    organisation = organisations.exclude(kind=Organisation.Kind.MUNICIPALITY).first()
    organisation = organisation or organisations.first()
    if organisation is None:
        raise FinanceError(_("Er is geen organisatie om het besluit op naam van te zetten."))
    entry = democracy.record_hardship_decision(
        actor,
        proposal.rule,
        decided_on=on,
        law=_register_law(proposal.law),
        organisation=organisation,
        description=_("Betaling uit de reserve, bedrag %(band)s.") % {"band": band},
    )
    proposal.status = HardshipProposal.Status.GRANTED
    proposal.drawdown = drawdown
    proposal.register_entry = entry
    proposal.amount_band = band
    proposal.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_on",
            "drawdown",
            "register_entry",
            "amount_band",
        ]
    )
    return proposal


def escalate_late(on: datetime.date | None = None) -> int:
    """Mark every proposal past its clock as escalated (set-based); the list shows them."""
    on = on or today()
    return HardshipProposal.objects.filter(
        status=HardshipProposal.Status.PROPOSED, due_on__lt=on, escalated_on__isnull=True
    ).update(escalated_on=on)


def hardship_per_rule(year: int) -> list[dict[str, Any]]:
    """Granted hardship money per blocking rule (aggregates only: the council's view)."""
    return list(
        HardshipProposal.objects.filter(
            status=HardshipProposal.Status.GRANTED, decided_on__year=year
        )
        .values("rule_id", "rule__title")
        .annotate(total=Sum("amount_cents"), n=Count("pk"))
        .order_by("-total")
    )
