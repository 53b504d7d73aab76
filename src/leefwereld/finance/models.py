"""The money layer (issue 14, ADR 0018): providers, the integral budget and its versions,
allocations (toewijzingen) with their commitments, declarations, payment batches, the
reserve and the hardship clause.

All amounts are integer cents. The ledger is double-entry and append-only (every
transaction sums to zero; corrections are new transactions). These tables hold the
municipality's own administration: which product, provider, period and amount — never a
resident's story. What a professional writes about a household (why a hardship payment is
needed, the alternatives considered) is a record in the household's vault.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leefwereld.core.appendonly import AppendOnlyModel
from leefwereld.core.models import Household, Neighbourhood, Organisation, Resident, User
from leefwereld.rules import products


class Purpose(models.TextChoices):
    """What the money is for: the budget's dimension next to the neighbourhood."""

    HOME = "thuis", _("Zelfstandig thuis wonen")
    GROWING_UP = "opgroeien", _("Gezond en veilig opgroeien")
    TAKING_PART = "meedoen", _("Meedoen en werk")
    LIVELIHOOD = "bestaanszekerheid", _("Bestaanszekerheid")
    SHELTER = "beschermd", _("Beschermd wonen en opvang")
    PREVENTION = "preventie", _("Preventie en algemene voorzieningen")


class Law(models.TextChoices):
    """The law a decision falls under: a reporting dimension, never a budget wall."""

    WMO = "wmo", _("Wmo 2015")
    YOUTH = "jeugdwet", _("Jeugdwet")
    PARTICIPATION = "participatiewet", _("Participatiewet")
    OTHER = "other", _("Andere wet of regeling")


class ProviderProfile(models.Model):
    """What finance needs of a contracted provider (an organisation, or a zzp'er)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="provider_profile"
    )
    agb_code = models.CharField(
        _("AGB-code"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{8}$", _("Een AGB-code heeft 8 cijfers."))],
    )
    is_zzp = models.BooleanField(_("zelfstandige zonder personeel (zzp)"), default=False)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)

    class Meta:
        verbose_name = _("aanbieder")
        verbose_name_plural = _("aanbieders")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.agb_code})"


class BudgetYear(models.Model):
    year = models.PositiveSmallIntegerField(_("jaar"), unique=True)
    # The reserve for the unforeseen: a share of the year's budget (principle 5).
    reserve_percent = models.PositiveSmallIntegerField(
        _("reserve (%)"), default=5, validators=[MinValueValidator(5), MaxValueValidator(10)]
    )

    class Meta:
        verbose_name = _("begrotingsjaar")
        verbose_name_plural = _("begrotingsjaren")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reserve_percent__gte=5) & Q(reserve_percent__lte=10),
                name="finance_reserve_5_to_10",
            )
        ]

    def __str__(self) -> str:
        return str(self.year)


class BudgetLine(models.Model):
    """One line of the integral budget: a year, a neighbourhood and a purpose."""

    year = models.ForeignKey(BudgetYear, on_delete=models.PROTECT, related_name="lines")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("doel"), max_length=20, choices=Purpose.choices)
    # The amount of the current version (BudgetVersion holds every version).
    amount_cents = models.BigIntegerField(_("budget"), default=0)
    version = models.PositiveIntegerField(default=0)
    # Running totals kept by the verbs in the same transaction as the rows they sum
    # (commitments; approved declaration lines with a period in this year), so the
    # overview of every line is one query at any scale. Tests compare them to the sums.
    committed_cents = models.BigIntegerField(default=0)
    actual_cents = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")
        ordering = ["year", "neighbourhood__name", "purpose"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "neighbourhood", "purpose"], name="finance_one_line"
            ),
            models.CheckConstraint(condition=Q(amount_cents__gte=0), name="finance_line_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.year_id} {self.neighbourhood_id} {self.purpose}"


class BudgetVersion(AppendOnlyModel):
    """Every change of a budget line: the new amount, the reason and who decided."""

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    amount_cents = models.BigIntegerField()
    reason = models.CharField(_("reden"), max_length=300)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["line", "number"]
        constraints = [
            models.UniqueConstraint(fields=["line", "number"], name="finance_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.line_id} v{self.number}"


class Contract(models.Model):
    """A contract with a provider in one of the three execution variants."""

    class Variant(models.TextChoices):
        INSPANNING = products.INSPANNING, _("Inspanningsgericht")
        OUTPUT = products.OUTPUT, _("Outputgericht")
        TAAK = products.TAAK, _("Taakgericht")

    provider = models.ForeignKey(
        ProviderProfile, on_delete=models.PROTECT, related_name="contracts"
    )
    name = models.CharField(_("naam"), max_length=150)
    variant = models.CharField(_("uitvoeringsvariant"), max_length=12, choices=Variant.choices)
    starts_on = models.DateField(_("ingangsdatum"))
    ends_on = models.DateField(_("einddatum"))
    # Taakgericht: the lump sum for the population over the term (cents).
    lump_sum_cents = models.BigIntegerField(_("vast bedrag"), default=0)
    exit_clause = models.CharField(_("uittreding"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracten")
        ordering = ["provider", "starts_on"]

    def __str__(self) -> str:
        return self.name

    @property
    def term_years(self) -> float:
        return ((self.ends_on - self.starts_on).days + 1) / 365.25


class Allocation(models.Model):
    """A toewijzing: a granted decision carries a product, provider, volume and tariff.

    The decision is any model (support.Decision today, a Jeugdwet decision tomorrow) by a
    generic relation, so no app needs a migration to carry money.
    """

    decision_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    decision_id = models.PositiveBigIntegerField()
    decision = GenericForeignKey("decision_type", "decision_id")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    law = models.CharField(_("wet"), max_length=16, choices=Law.choices, default=Law.WMO)
    product_category = models.CharField(_("productcategorie"), max_length=2)
    product_code = models.CharField(_("productcode"), max_length=5)
    provider = models.ForeignKey(
        ProviderProfile, on_delete=models.PROTECT, related_name="allocations"
    )
    volume = models.PositiveIntegerField(_("omvang"))
    unit = models.CharField(_("eenheid"), max_length=2)
    frequency = models.CharField(_("frequentie"), max_length=1)
    starts_on = models.DateField(_("ingangsdatum"))
    ends_on = models.DateField(_("einddatum"))
    tariff_cents = models.PositiveIntegerField(_("tarief per eenheid"))
    units_granted = models.BigIntegerField()
    commitment_cents = models.BigIntegerField()
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("doel"), max_length=20, choices=Purpose.choices)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("toewijzing")
        verbose_name_plural = _("toewijzingen")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision_type", "decision_id", "product_code"],
                name="finance_one_allocation_per_product",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="finance_alloc_period"
            ),
        ]
        indexes = [
            models.Index(fields=["household", "ends_on"], name="finance_alloc_household"),
            models.Index(fields=["ends_on"], name="finance_alloc_ends"),
        ]

    def __str__(self) -> str:
        return str(_("Toewijzing %(n)s") % {"n": self.pk})

    @property
    def product_name(self) -> str:
        found = products.product(self.product_code)
        return found.name if found else self.product_code

    @property
    def unit_name(self) -> str:
        return products.UNITS.get(self.unit, self.unit)

    @property
    def frequency_name(self) -> str:
        return products.FREQUENCIES.get(self.frequency, self.frequency)


class Commitment(models.Model):
    """An allocation's commitment on one year's budget line (split by days)."""

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="commitments")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="commitments")
    amount_cents = models.BigIntegerField()
    # When this commitment takes the line past its budget: the recorded decision to do so.
    overrun_reason = models.CharField(max_length=300, blank=True)
    overrun_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["allocation", "line"], name="finance_commit_once"),
            models.CheckConstraint(condition=Q(amount_cents__gte=0), name="finance_commit_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.allocation_id} → {self.line_id}: {self.amount_cents}"


class LedgerTransaction(AppendOnlyModel):
    key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=20)
    date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "date"], name="finance_tx_kind")]

    def __str__(self) -> str:
        return self.key


class LedgerLine(AppendOnlyModel):
    transaction = models.ForeignKey(
        LedgerTransaction, on_delete=models.PROTECT, related_name="lines"
    )
    account = models.CharField(max_length=40, db_index=True)
    amount_cents = models.BigIntegerField()  # debit > 0, credit < 0

    def __str__(self) -> str:
        return f"{self.account} {self.amount_cents}"


class Declaration(models.Model):
    """One submission by a provider: a web form or an uploaded CSV file."""

    class Channel(models.TextChoices):
        WEB = "web", _("Webformulier")
        CSV = "csv", _("CSV-bestand")

    provider = models.ForeignKey(
        ProviderProfile, on_delete=models.PROTECT, related_name="declarations"
    )
    channel = models.CharField(max_length=4, choices=Channel.choices)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    line_count = models.PositiveIntegerField(default=0)
    approved_count = models.PositiveIntegerField(default=0)
    refused_count = models.PositiveIntegerField(default=0)
    approved_cents = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("declaratie")
        verbose_name_plural = _("declaraties")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return str(_("Declaratie %(n)s") % {"n": self.pk})


class PaymentBatch(models.Model):
    """Approved declaration lines paid together (SEPA pain.001 via the payment module)."""

    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    line_count = models.PositiveIntegerField(default=0)
    total_cents = models.BigIntegerField(default=0)
    paid_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("betaalbatch")
        verbose_name_plural = _("betaalbatches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(_("Betaalbatch %(n)s") % {"n": self.pk})


class DeclarationLine(models.Model):
    class Status(models.TextChoices):
        APPROVED = "approved", _("Goedgekeurd")
        REFUSED = "refused", _("Afgekeurd")

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="lines")
    line_no = models.PositiveIntegerField()
    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, null=True, blank=True, related_name="lines"
    )
    allocation_number = models.CharField(max_length=20)  # as given by the provider
    product_code = models.CharField(max_length=5)
    period_start = models.DateField(null=True)
    period_end = models.DateField(null=True)
    units = models.BigIntegerField(default=0)
    tariff_cents = models.BigIntegerField(default=0)
    amount_cents = models.BigIntegerField(default=0)
    status = models.CharField(max_length=8, choices=Status.choices)
    refusal_code = models.CharField(max_length=4, blank=True)
    batch = models.ForeignKey(
        PaymentBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="lines"
    )

    class Meta:
        ordering = ["declaration", "line_no"]
        constraints = [
            # A refused line never reaches a payment batch.
            models.CheckConstraint(
                condition=Q(batch__isnull=True) | Q(status="approved"),
                name="finance_refused_never_paid",
            ),
            # No double declaration: one approved line per allocation and period.
            models.UniqueConstraint(
                fields=["allocation", "period_start", "period_end"],
                condition=Q(status="approved"),
                name="finance_no_double_declaration",
            ),
            # A refused line names its reason; an approved line has none.
            models.CheckConstraint(
                condition=Q(status="approved", refusal_code="")
                | (Q(status="refused") & ~Q(refusal_code="")),
                name="finance_refusal_code_iff_refused",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "batch"], name="finance_line_payable"),
        ]

    def __str__(self) -> str:
        return f"{self.declaration_id}:{self.line_no}"


class ReserveDrawdown(models.Model):
    """Money taken from the year's reserve: why, who approved, and what it paid for."""

    year = models.ForeignKey(BudgetYear, on_delete=models.PROTECT, related_name="drawdowns")
    amount_cents = models.BigIntegerField()
    reason = models.CharField(_("reden"), max_length=300)
    approved_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField()
    link = models.CharField(_("waarvoor (verwijzing)"), max_length=200, blank=True)

    class Meta:
        ordering = ["-approved_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="finance_drawdown_gt_0")
        ]

    def __str__(self) -> str:
        return f"{self.year_id}: {self.amount_cents}"


class InvestmentFundEntry(models.Model):
    """The year-end surplus moved to the investment fund (its own line)."""

    year = models.ForeignKey(BudgetYear, on_delete=models.PROTECT, related_name="fund_entries")
    amount_cents = models.BigIntegerField()
    reason = models.CharField(_("reden"), max_length=300)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()

    def __str__(self) -> str:
        return f"{self.year_id}: {self.amount_cents}"


class HardshipProposal(models.Model):
    """A hardship payment for a household (principle 6): proposed by one professional,
    decided by a second, mandated person within a clock."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Voorgesteld")
        GRANTED = "granted", _("Toegekend")
        REFUSED = "refused", _("Afgewezen")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    amount_cents = models.BigIntegerField(_("bedrag"))
    rule = models.ForeignKey("democracy.BlockingRule", on_delete=models.PROTECT, related_name="+")
    law = models.CharField(_("wet"), max_length=16, choices=Law.choices, default=Law.WMO)
    # Why it is painful and the alternatives considered: the household's vault.
    record = models.UUIDField()
    proposed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    proposed_on = models.DateField()
    due_on = models.DateField()
    escalated_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    drawdown = models.OneToOneField(
        ReserveDrawdown, on_delete=models.PROTECT, null=True, blank=True, related_name="hardship"
    )
    register_entry = models.ForeignKey(
        "democracy.HardshipDecision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    amount_band = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="finance_hardship_gt_0"),
            models.CheckConstraint(
                condition=~Q(decided_by=models.F("proposed_by")) | Q(decided_by__isnull=True),
                name="finance_no_own_approval",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Hardheidsvoorstel %(n)s") % {"n": self.pk})

    def is_late(self, today: datetime.date) -> bool:
        return self.status == self.Status.PROPOSED and today > self.due_on
