"""The municipal debt fund: signals, outreach, debt cases, the takeover, the arrangement,
the programme with forgiveness, and the fund's ledger.

What is stored where (ADR 0010, docs/debts.md):

* Plain columns hold the *process* (phases, dates, deadlines, who did what) and the
  *fund's own administration*: what the fund offered and paid a creditor, what a household
  owes the fund and repaid, the ledger. That is the fund's bookkeeping as a creditor
  (BW 2:10, Gemeentewet art. 212) and is shown to the resident with that legal basis.
* Everything the resident tells us about their life goes into their vault: the debt
  inventory (creditor, principal, costs, interest, stage, attachment, reference) and the
  income figures of the payment capacity. Rows here only point at the vault record.
* Early signals are the municipality's intake register under the Wgs (art. 3 lid 3 and the
  Besluit gemeentelijke schuldhulpverlening): kept as the partner sent them so they can be
  matched; the identifying fields are cleared once a signal is matched (`clear_identity`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from leefwereld.core.appendonly import AppendOnlyModel
from leefwereld.core.models import Household, Organisation, Resident

from . import ledger


class Sector(models.TextChoices):
    """Creditor sectors: the signal partners of the Wgs and the usual other creditors."""

    LANDLORD = "landlord", _("Verhuurder")
    ENERGY = "energy", _("Energieleverancier")
    WATER = "water", _("Drinkwaterbedrijf")
    HEALTH_INSURER = "health_insurer", _("Zorgverzekeraar")
    GOVERNMENT = "government", _("Overheid (Belastingdienst, CJIB, DUO …)")
    OTHER = "other", _("Andere schuldeiser")


SIGNAL_SECTORS = (Sector.LANDLORD, Sector.ENERGY, Sector.WATER, Sector.HEALTH_INSURER)


class Creditor(models.Model):
    """An organisation the fund deals with as a creditor, with its bank account."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="debt_creditor"
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    iban = models.CharField(_("IBAN"), max_length=34)

    class Meta:
        verbose_name = _("schuldeiser")
        verbose_name_plural = _("schuldeisers")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name


# --- early signals ------------------------------------------------------------------------


class SignalImport(models.Model):
    """One file or API call of signals. The same file twice is refused by its hash."""

    partner = models.ForeignKey(Creditor, on_delete=models.PROTECT, related_name="imports")
    file_hash = models.CharField(max_length=64, unique=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signal_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ingelezen signalen")
        verbose_name_plural = _("ingelezen signalen")

    def __str__(self) -> str:
        return f"{self.partner} {self.imported_at:%Y-%m-%d}"


class OutreachCase(models.Model):
    """DDAS Vroegsignaalzaak: the signals of one household, and the offer of help."""

    class Status(models.TextChoices):
        OPEN = "open", _("Nog geen contact")
        REACHED = "reached", _("Contact gehad")
        DECLINED = "declined", _("Inwoner wil geen hulp")
        CLOSED = "closed", _("Afgesloten")

    class EndResult(models.TextChoices):
        # DDAS EnumEindresultaat (a selection; VNG-Realisatie ddas-vroegsignalering).
        REPEATED = "herhaalde_melding", _("Herhaalde melding")
        UNJUSTIFIED = "onterecht_signaal", _("Onterecht signaal")
        KNOWN = "al_bekend", _("Al bekend bij schuldhulpverlening")
        QUICK_FIX = "quick_fix", _("Opgelost binnen 30 dagen (quick fix)")
        FOLLOW_UP_FINANCIAL = "vervolghulp_financieel", _("Vervolghulp financieel")
        FOLLOW_UP_OTHER = "vervolghulp_niet_financieel", _("Vervolghulp niet-financieel")
        REFERRED_NO_CONTACT = "verwijzing_zonder_contact", _("Verwezen zonder contact")
        NO_CONTACT = "geen_contact", _("Geen contact gekregen")
        DECLINED = "hulp_geweigerd", _("Inwoner weigert hulp")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField(_("geopend op"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    end_result = models.CharField(
        _("eindresultaat"), max_length=30, choices=EndResult.choices, blank=True
    )
    closed_on = models.DateField(null=True, blank=True)
    picked_up_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("vroegsignaalzaak")
        verbose_name_plural = _("vroegsignaalzaken")
        indexes = [models.Index(fields=["household", "status"])]

    def __str__(self) -> str:
        return str(_("Vroegsignaalzaak %(id)s") % {"id": self.pk})

    @property
    def picked_up(self) -> bool:
        """What a signal partner may learn: only *that* the municipality acted on it.

        Picked up means: we tried to reach the household (a first contact attempt). Not
        whether we reached them, nor whether they accepted or declined help.
        """
        return self.picked_up_on is not None


class Signal(models.Model):
    """DDAS Vroegsignaal: a partner's message about a payment arrear."""

    class Match(models.TextChoices):
        BSN = "bsn", _("Gevonden op BSN")
        NAME_ADDRESS = "name_address", _("Gevonden op naam, geboortedatum en adres")
        REVIEW = "review", _("Controleren")
        REVIEWED = "reviewed", _("Gecontroleerd")
        NONE = "none", _("Niet gevonden")

    batch = models.ForeignKey(SignalImport, on_delete=models.PROTECT, related_name="signals")
    partner = models.ForeignKey(Creditor, on_delete=models.PROTECT, related_name="signals")
    # The partner's own reference; with the partner it is the natural key of a signal.
    reference = models.CharField(_("kenmerk"), max_length=60)
    amount_cents = models.BigIntegerField(_("bedrag (centen)"))
    origin_date = models.DateField(_("ontstaansdatum"))
    signal_date = models.DateField(_("signaaldatum"))
    crisis = models.BooleanField(_("crisissignaal"), default=False)
    # Identification as the partner sent it; cleared once matched (see module docstring).
    bsn = models.CharField(max_length=9, blank=True)
    initials = models.CharField(max_length=20, blank=True)
    surname_prefix = models.CharField(max_length=20, blank=True)
    surname = models.CharField(max_length=120, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=6, blank=True)
    house_number = models.PositiveIntegerField(null=True, blank=True)
    house_addition = models.CharField(max_length=8, blank=True)
    match = models.CharField(max_length=16, choices=Match.choices, default=Match.NONE)
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A possible resident for the review queue (uncertain match).
    candidate = models.ForeignKey(
        Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outreach = models.ForeignKey(
        OutreachCase, on_delete=models.PROTECT, null=True, blank=True, related_name="signals"
    )

    class Meta:
        verbose_name = _("vroegsignaal")
        verbose_name_plural = _("vroegsignalen")
        constraints = [
            models.UniqueConstraint(fields=["partner", "reference"], name="unique_signal")
        ]
        indexes = [models.Index(fields=["match"])]

    def __str__(self) -> str:
        return f"{self.partner_id}:{self.reference}"


class ContactAttempt(models.Model):
    """DDAS Contactpoging: how and when we tried to reach the household."""

    class Kind(models.TextChoices):
        LETTER = "letter", _("Brief")
        PHONE = "phone", _("Telefoon")
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Sms")
        HOME_VISIT = "home_visit", _("Huisbezoek")
        CARD = "card", _("Kaartje in de bus")

    class Daypart(models.TextChoices):
        MORNING = "morning", _("Ochtend")
        AFTERNOON = "afternoon", _("Middag")
        EVENING = "evening", _("Avond")

    outreach = models.ForeignKey(OutreachCase, on_delete=models.CASCADE, related_name="attempts")
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("datum"))
    daypart = models.CharField(_("dagdeel"), max_length=10, choices=Daypart.choices)
    reached = models.BooleanField(_("bereikt"), default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["date", "pk"]

    # --- the debt case ------------------------------------------------------------------------

    def __str__(self) -> str:
        return f"{self.kind} {self.date}"


class Phase(models.TextChoices):
    """DDAS phases of schuldhulpverlening (Detail_Model Schuldhulpverlening)."""

    REGISTRATION = "aanmelding", _("Aanmelding")
    FIRST_CONVERSATION = "eerste_gesprek", _("Eerste gesprek")
    INVENTORY = "inventarisatie", _("Schulden op een rij")
    CAPACITY = "afloscapaciteit", _("Afloscapaciteit")
    PLAN = "plan_van_aanpak", _("Plan van aanpak")
    STABILISATION = "stabilisatie", _("Stabilisatie en overname")
    SOLUTION = "oplossing", _("Regeling en programma")
    AFTERCARE = "nazorg", _("Nazorg")
    EXIT = "uitstroom", _("Afgesloten")


# The explicit transition table. Every phase may also go to EXIT (the resident stops, or
# the case ends); nothing goes back except through a new case.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Phase.REGISTRATION: (Phase.FIRST_CONVERSATION,),
    Phase.FIRST_CONVERSATION: (Phase.INVENTORY,),
    Phase.INVENTORY: (Phase.CAPACITY,),
    Phase.CAPACITY: (Phase.PLAN,),
    Phase.PLAN: (Phase.STABILISATION,),
    Phase.STABILISATION: (Phase.SOLUTION,),
    Phase.SOLUTION: (Phase.AFTERCARE,),
    Phase.AFTERCARE: (Phase.EXIT,),
    Phase.EXIT: (),
}
PHASE_ORDER = list(Phase.values)


class DebtCase(models.Model):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+")
    outreach = models.ForeignKey(
        OutreachCase, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.REGISTRATION)
    registered_on = models.DateField(_("aangemeld op"))
    # Wgs art. 4 lid 2: eviction, cut-off of energy or water, end of health insurance.
    threatening = models.BooleanField(_("bedreigende situatie"), default=False)
    # Children first (issue 18): a case with children at risk gets the fast route (the
    # fund's clock halved, rules.fund_promise.FAST_DAYS). The reason says why, in a word or
    # two; the children's details stay with the neighbourhood team.
    children_at_risk = models.BooleanField(_("kinderen in de knel"), default=False)
    children_reason = models.CharField(_("reden"), max_length=200, blank=True)
    first_conversation_due = models.DateField(_("eerste gesprek uiterlijk"))
    first_conversation_on = models.DateField(null=True, blank=True)
    moratorium_start = models.DateField(null=True, blank=True)
    moratorium_end = models.DateField(null=True, blank=True)
    inventory_completed_on = models.DateField(null=True, blank=True)
    takeover_due = models.DateField(null=True, blank=True)
    taken_over_on = models.DateField(null=True, blank=True)
    takeover_escalated_on = models.DateField(null=True, blank=True)
    # Payment capacity used for the offers: the figure itself lives in the vault record;
    # the arrangement below is the contract the resident signed.
    capacity_record = models.ForeignKey(
        "vault.Record", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    term_months = models.PositiveSmallIntegerField(_("looptijd (maanden)"), default=18)
    closed_on = models.DateField(null=True, blank=True)
    # Optimistic locking: every change by an officer raises it by one; an edit form carries
    # the number it was rendered with, and a save against another number is refused
    # (services.bump_case_version), so two officers never overwrite each other silently.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("schuldzaak")
        verbose_name_plural = _("schuldzaken")
        indexes = [models.Index(fields=["phase"]), models.Index(fields=["household"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"SF-{self.pk:06d}"

    def phase_index(self) -> int:
        return PHASE_ORDER.index(self.phase)


class Escalation(models.Model):
    """The four weeks of the takeover ran out: who was told, and when (one per case).

    Written by the daily job (`leefwereld debts_escalate`); its uniqueness per case makes
    the job idempotent: a second run the same or a later day tells nobody twice.
    """

    case = models.OneToOneField(DebtCase, on_delete=models.CASCADE, related_name="escalation")
    on = models.DateField(_("gemeld op"))
    due = models.DateField(_("overname uiterlijk"))
    recipients = models.PositiveSmallIntegerField(_("aantal ontvangers"), default=0)

    class Meta:
        verbose_name = _("escalatie")
        verbose_name_plural = _("escalaties")
        ordering = ["-on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.on}"


class PhaseChange(AppendOnlyModel):
    """Append-only history of the case's phases (a database trigger refuses changes too)."""

    case = models.ForeignKey(DebtCase, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    to_phase = models.CharField(max_length=20, choices=Phase.choices)
    on = models.DateField()
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.to_phase}"


class DebtItem(models.Model):
    """One debt of the inventory. Its content is a vault record; this row points at it."""

    case = models.ForeignKey(DebtCase, on_delete=models.CASCADE, related_name="items")
    creditor = models.ForeignKey(Creditor, on_delete=models.PROTECT, related_name="+")
    record = models.ForeignKey("vault.Record", on_delete=models.PROTECT, related_name="+")
    added_on = models.DateField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.creditor_id}"


class Offer(models.Model):
    """The fund's settlement offer to one creditor: the fund's own correspondence."""

    class Status(models.TextChoices):
        SENT = "sent", _("Verstuurd, wacht op antwoord")
        ACCEPTED = "accepted", _("Aanvaard")
        REFUSED = "refused", _("Geweigerd")

    case = models.ForeignKey(DebtCase, on_delete=models.CASCADE, related_name="offers")
    item = models.OneToOneField(DebtItem, on_delete=models.PROTECT, related_name="offer")
    creditor = models.ForeignKey(Creditor, on_delete=models.PROTECT, related_name="offers")
    claim_cents = models.BigIntegerField()
    offer_cents = models.BigIntegerField()
    # Basis points of the claim (sector agreement or the equal percentage).
    percentage_bp = models.PositiveIntegerField()
    basis = models.CharField(max_length=20)  # "equal" or "sector"
    sent_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)
    responded_on = models.DateField(null=True, blank=True)
    # After a refusal: the court's decision on the dwangakkoord (Fw 287a), if asked.
    court_decision = models.CharField(
        _("uitspraak rechter"),
        max_length=10,
        blank=True,
        choices=[("granted", _("Dwangakkoord toegewezen")), ("rejected", _("Afgewezen"))],
    )
    court_decided_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.creditor_id} {self.status}"

    @property
    def percentage(self) -> str:
        whole, rest = divmod(self.percentage_bp, 100)
        return f"{whole},{rest:02d} %"


class PaymentInstruction(models.Model):
    """Pay an accepted offer: one instruction per offer, paid at most once."""

    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="instruction")
    amount_cents = models.BigIntegerField()
    creditor_name = models.CharField(max_length=140)
    creditor_iban = models.CharField(max_length=34)
    end_to_end_id = models.CharField(max_length=35, unique=True)
    remittance = models.CharField(max_length=140)
    created_on = models.DateField()
    paid_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.end_to_end_id


class Arrangement(models.Model):
    """The one repayment arrangement of the household with the fund."""

    case = models.OneToOneField(DebtCase, on_delete=models.PROTECT, related_name="arrangement")
    taken_over_cents = models.BigIntegerField()
    monthly_cents = models.BigIntegerField()
    term_months = models.PositiveSmallIntegerField()
    first_due = models.DateField()

    def __str__(self) -> str:
        return f"{self.case_id}: {self.monthly_cents}"

    def due_dates(self) -> list[datetime.date]:
        from leefwereld.rules.deadlines import add_months

        return [add_months(self.first_due, i) for i in range(self.term_months)]

    def schedule(self) -> list[tuple[datetime.date, int]]:
        """(due date, amount) for every month of the current term, by the version in force.

        A version applies from its valid_from date on; the months before keep the amount
        agreed then, so a change never rewrites what was due in the past.
        """
        versions = list(self.versions.order_by("valid_from", "number"))
        result = []
        for day in self.due_dates():
            amount = self.monthly_cents
            for version in versions:
                if version.valid_from <= day:
                    amount = version.monthly_cents
            if versions and day < versions[0].valid_from:
                amount = versions[0].monthly_cents
            result.append((day, amount))
        return result


class ArrangementVersion(models.Model):
    """One version of the arrangement: the first at the takeover, a new one at each change.

    The arrangement row holds the version in force; these rows are the history. A change
    (the income drops, or rises) gets a new payment-capacity calculation in the vault.
    """

    class Reason(models.TextChoices):
        START = "start", _("Begin van de regeling")
        INCOME_DOWN = "income_down", _("Het inkomen is lager geworden")
        INCOME_UP = "income_up", _("Het inkomen is hoger geworden")
        COSTS = "costs", _("De vaste lasten zijn veranderd")
        HOUSEHOLD = "household", _("Het huishouden is veranderd")
        COURT = "court", _("De rechter legde een dwangakkoord op")

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    valid_from = models.DateField(_("geldt vanaf"))
    monthly_cents = models.BigIntegerField()
    term_months = models.PositiveSmallIntegerField()
    reason = models.CharField(_("reden"), max_length=20, choices=Reason.choices)
    capacity_record = models.ForeignKey(
        "vault.Record", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "number"], name="one_arrangement_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.arrangement_id} v{self.number}"


class Repayment(models.Model):
    """A repayment received by the fund.

    Two natural keys keep a retry from booking twice without merging two genuine
    repayments: the bank's reference when there is one (unique when not empty), and the
    submission (MoneySubmission) that booked it. Same day, same amount and no bank
    reference is *not* a key: a household may well pay twice.
    """

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="payments")
    amount_cents = models.BigIntegerField()
    paid_on = models.DateField()
    # The bank's reference; empty when the officer had none.
    reference = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["paid_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                condition=~models.Q(reference=""),
                name="one_repayment_per_bank_reference",
            )
        ]

    def __str__(self) -> str:
        return self.reference


class Goal(models.Model):
    class Kind(models.TextChoices):
        BUDGET_COACHING = "budget_coaching", _("Budgetcoaching gevolgd")
        STABLE_INCOME = "stable_income", _("Een vast inkomen")
        NO_NEW_ARREARS = "no_new_arrears", _("Zes maanden geen nieuwe achterstanden")
        WORK_OR_EDUCATION = "work_or_education", _("Een stap in werk of opleiding")
        VOLUNTEERING = "volunteering", _("Vrijwilligerswerk")

    case = models.ForeignKey(DebtCase, on_delete=models.CASCADE, related_name="goals")
    kind = models.CharField(_("doel"), max_length=20, choices=Kind.choices)
    share_bp = models.PositiveIntegerField()
    agreed_on = models.DateField()
    reached_on = models.DateField(null=True, blank=True)
    forgiven_cents = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="one_goal_per_kind")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind}"

    @property
    def share(self) -> str:
        whole, rest = divmod(self.share_bp, 100)
        return f"{whole} %" if not rest else f"{whole},{rest:02d} %"


class AftercareCheck(models.Model):
    """One item of the aftercare checklist, ticked off by the officer (DDAS phase nazorg).

    The case leaves aftercare (exit) only when every item is done.
    """

    class Kind(models.TextChoices):
        BUDGET = "budget", _("Er is een maandbegroting die klopt en die de inwoner zelf bijhoudt")
        FIXED_COSTS = "fixed_costs", _("Huur, energie, water en zorgpremie gaan automatisch")
        BENEFITS = "benefits", _("Toeslagen en regelingen zijn nagekeken en aangevraagd")
        NO_NEW_ARREARS = (
            "no_new_arrears",
            _("Bij de laatste controle waren er geen nieuwe achterstanden"),
        )
        FOLLOW_UP = "follow_up", _("Het nazorggesprek is gehouden")
        WHERE_TO_GO = "where_to_go", _("De inwoner weet waar hij terecht kan als het weer misgaat")

    case = models.ForeignKey(DebtCase, on_delete=models.CASCADE, related_name="aftercare")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    done_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="one_aftercare_check_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind}"


class MoneySubmission(models.Model):
    """One money-moving request, by its idempotency key: booked once, found again on a retry.

    The key comes from a hidden field generated when the form is rendered (or from the
    API's Idempotency-Key header). The unique constraint decides a race between two
    connections: the loser's insert fails inside a savepoint and it answers "already
    booked". The fingerprint (SHA-256 of what was asked) refuses the same key reused for
    a different request.
    """

    class Action(models.TextChoices):
        REPAYMENT = "repayment", _("aflossing")
        CONTRIBUTION = "contribution", _("inleg")
        PAYMENT = "payment", _("betaling aan een schuldeiser")
        TAKEOVER = "takeover", _("overname")

    action = models.CharField(max_length=20, choices=Action.choices)
    key = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64)
    # What the submission booked in the ledger ("" when it booked nothing).
    ledger_key = models.CharField(max_length=80, blank=True)
    # The reference the person typed (a contribution's council decision or booking).
    reference = models.CharField(max_length=60, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "key"], name="one_money_submission_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.action}:{self.key}"


# --- the ledger ---------------------------------------------------------------------------


class AppendOnly(AppendOnlyModel):
    """The ledger: append-only in Python and, by a trigger, in the database (migration
    0006; leefwereld.core.appendonly). A correction is a new, reversing transaction."""

    append_only_message = _("Het grootboek wordt nooit gewijzigd, alleen aangevuld.")

    class Meta:
        abstract = True


class LedgerTransaction(AppendOnly):
    kind = models.CharField(max_length=20, choices=[(k, k) for k in ledger.KINDS])
    key = models.CharField(max_length=80, unique=True)
    date = models.DateField()
    case = models.ForeignKey(
        DebtCase, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return self.key


class LedgerLine(AppendOnly):
    transaction = models.ForeignKey(
        LedgerTransaction, on_delete=models.PROTECT, related_name="lines"
    )
    account = models.CharField(max_length=40, db_index=True)
    amount_cents = models.BigIntegerField()  # debit > 0, credit < 0

    def __str__(self) -> str:
        return f"{self.account} {self.amount_cents}"


# --- bank statements (CAMT.053) -----------------------------------------------------------


class BankStatement(models.Model):
    """One CAMT.053 file read in. The file's hash is unique: the same file twice is told,
    not read twice; a line seen in an earlier file is skipped by its own key."""

    file_hash = models.CharField(max_length=64, unique=True)
    filename = models.CharField(max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    line_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bankafschrift")
        verbose_name_plural = _("bankafschriften")

    def __str__(self) -> str:
        return self.filename or self.file_hash[:12]


class BankLine(models.Model):
    """A credit on the fund's account: matched to an arrangement (and booked as its
    repayment), or open for the officer to resolve."""

    class Status(models.TextChoices):
        MATCHED = "gekoppeld", _("Gekoppeld")
        OPEN = "open", _("Nog uitzoeken")
        RESOLVED = "opgelost", _("Door medewerker gekoppeld")
        SET_ASIDE = "apart", _("Geen aflossing")

    statement = models.ForeignKey(BankStatement, on_delete=models.PROTECT, related_name="lines")
    key = models.CharField(max_length=120, unique=True)
    booking_date = models.DateField(_("boekdatum"))
    amount_cents = models.BigIntegerField(_("bedrag (centen)"))
    counterparty_iban = models.CharField(_("rekening van"), max_length=34, blank=True)
    counterparty_name = models.CharField(_("naam"), max_length=140, blank=True)
    reference = models.CharField(_("kenmerk"), max_length=140, blank=True)
    remittance = models.CharField(_("omschrijving"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    reason = models.CharField(max_length=30, blank=True)  # why it stayed open (matching)
    arrangement = models.ForeignKey(
        Arrangement, on_delete=models.PROTECT, null=True, blank=True, related_name="bank_lines"
    )
    repayment = models.OneToOneField(
        Repayment, on_delete=models.PROTECT, null=True, blank=True, related_name="bank_line"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_on = models.DateField(null=True, blank=True)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        ordering = ["booking_date", "pk"]
        indexes = [models.Index(fields=["status"])]
        constraints = [
            # One bank line is one repayment of at most one arrangement.
            models.CheckConstraint(
                condition=~models.Q(status__in=["gekoppeld", "opgelost"])
                | models.Q(arrangement__isnull=False, repayment__isnull=False),
                name="bank_line_booked_has_arrangement",
            )
        ]

    def __str__(self) -> str:
        return self.key
