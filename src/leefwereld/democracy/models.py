"""Residents decide with us: neighbourhood budgets, citizen initiatives, blocking rules and
the right to challenge (mission principle 9).

Money is in whole euros (integers): neighbourhood budgets and project costs are estimates
that are never split into cents, and whole units keep the pabulib files and the Method of
Equal Shares exact. Statuses change only through `services.py`, which checks the
transition tables below and appends a row to the status history of the object.

Ballots are deliberately thin: a ballot holds which projects were approved and nothing
else (no timestamp, no channel, no voter). Who voted is in a separate register
(`VoterRegisterEntry`). While voting is open the register row holds a random token whose
hash is on the ballot, so a voter can change their ballot; closing the round erases both
and rewrites the ballots in a content-sorted order under fresh random ids (ADR 0006).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leefwereld.core.appendonly import AppendOnlyModel
from leefwereld.core.models import Municipality, Neighbourhood, Organisation, Resident

# ---------------------------------------------------------------------------------------
# Neighbourhood budgets
# ---------------------------------------------------------------------------------------


class Phase(models.TextChoices):
    DRAFT = "draft", _("In voorbereiding")
    PROPOSALS = "proposals", _("Ideeën indienen")
    REVIEW = "review", _("Toets door de gemeente")
    VOTING = "voting", _("Stemmen")
    RESULT = "result", _("Uitslag")
    REALISATION = "realisation", _("Uitvoering")
    FINISHED = "finished", _("Afgerond")
    CANCELLED = "cancelled", _("Gestopt")


# Which phase may follow which. Anything not listed is refused by services.transition_round.
# Back from review to proposals lets the municipality reopen a round with too few feasible
# ideas; once voting has started the only way is forward (a vote is never thrown away).
ROUND_TRANSITIONS: dict[str, frozenset[str]] = {
    Phase.DRAFT: frozenset({Phase.PROPOSALS, Phase.CANCELLED}),
    Phase.PROPOSALS: frozenset({Phase.REVIEW, Phase.CANCELLED}),
    Phase.REVIEW: frozenset({Phase.VOTING, Phase.PROPOSALS, Phase.CANCELLED}),
    Phase.VOTING: frozenset({Phase.RESULT}),
    Phase.RESULT: frozenset({Phase.REALISATION}),
    Phase.REALISATION: frozenset({Phase.FINISHED}),
    Phase.FINISHED: frozenset(),
    Phase.CANCELLED: frozenset(),
}


class VotingRule(models.TextChoices):
    MES = "mes", _("Methode van gelijke delen")
    GREEDY = "greedy", _("Meeste stemmen")


class Completion(models.TextChoices):
    # The kernel's names (algorithms/pb/rules.py), so the pabulib META and the command agree.
    ADD1 = "add1", _("add1: budget per stemmer ophogen (zoals equalshares.net)")
    ADD1E = "add1e", _("add1e: ophogen tot het eerste volle resultaat")
    ADD1U = "add1u", _("add1u: ophogen, daarna aanvullen met meeste stemmen")
    UTILITARIAN = "utilitarian", _("utilitarian: aanvullen met meeste stemmen")
    NONE = "none", _("geen aanvulling")


class Utility(models.TextChoices):
    COST = "cost", _("naar kosten (standaard)")
    APPROVAL = "approval", _("elke stem telt even zwaar")


DEFAULT_TIE_BREAKING = "votes,cost,id"


class BudgetRound(models.Model):
    """One neighbourhood budget: one or more neighbourhoods (districts), one pot of money."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="budget_rounds"
    )
    title = models.CharField(_("naam"), max_length=150)
    description = models.TextField(_("uitleg"), blank=True)
    budget = models.PositiveIntegerField(_("budget (hele euro's)"))
    phase = models.CharField(_("fase"), max_length=16, choices=Phase.choices, default=Phase.DRAFT)
    min_age = models.PositiveSmallIntegerField(_("minimumleeftijd om te stemmen"), default=16)
    max_projects = models.PositiveSmallIntegerField(
        _("hoogstens zoveel projecten kiezen"), null=True, blank=True
    )
    max_total_cost = models.PositiveIntegerField(
        _("hoogstens zoveel euro aan projecten kiezen"), null=True, blank=True
    )
    rule = models.CharField(
        _("rekenregel"), max_length=8, choices=VotingRule.choices, default=VotingRule.MES
    )
    completion = models.CharField(
        _("aanvulling"), max_length=12, choices=Completion.choices, default=Completion.ADD1
    )
    utility = models.CharField(
        _("waarde van een stem"), max_length=12, choices=Utility.choices, default=Utility.COST
    )
    tie_breaking = models.CharField(
        _("volgorde bij gelijke stand"),
        max_length=40,
        default=DEFAULT_TIE_BREAKING,
        help_text=_(
            "Komma's tussen: votes (meer stemmen eerst), cost (goedkoper eerst), "
            "-cost (duurder eerst), id (projectnummer). id komt altijd als laatste."
        ),
    )
    proposals_close_on = models.DateField(_("ideeën indienen tot"), null=True, blank=True)
    voting_closes_on = models.DateField(_("stemmen tot"), null=True, blank=True)
    # A round read from a pabulib file for analysis: no residents, not on the public pages.
    is_analysis = models.BooleanField(_("analyse (ingelezen bestand)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Optimistic locking of the settings: raised by one at every save (services.update_round);
    # a settings form made from another version is refused, so two officers never overwrite
    # each other's settings silently.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("buurtbegroting")
        verbose_name_plural = _("buurtbegrotingen")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return not self.is_analysis and self.phase != Phase.DRAFT

    @property
    def has_result(self) -> bool:
        return self.phase in (Phase.RESULT, Phase.REALISATION, Phase.FINISHED)


class StatusChange(AppendOnlyModel):
    """One row of an append-only status history: when, by whom (None: by a daily job or
    because a deadline passed) and why. Subclasses add the object and its from/to status;
    every history is reached as `<object>.history`. A database trigger refuses UPDATE and
    DELETE too (leefwereld.core.appendonly)."""

    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class RoundStatusChange(StatusChange):
    """Append-only history of a round's phases."""

    round = models.ForeignKey(BudgetRound, on_delete=models.CASCADE, related_name="history")
    from_phase = models.CharField(max_length=16, choices=Phase.choices, blank=True)
    to_phase = models.CharField(max_length=16, choices=Phase.choices)

    def __str__(self) -> str:
        return f"{self.round_id}: {self.from_phase} → {self.to_phase}"


class RoundDistrict(models.Model):
    """A part of a round's area with an optional cap: usually one neighbourhood.

    Residents of the round's districts' neighbourhoods may vote. A round read from a
    pabulib file has districts by name only.
    """

    round = models.ForeignKey(BudgetRound, on_delete=models.CASCADE, related_name="districts")
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("naam"), max_length=100)
    cap = models.PositiveIntegerField(_("hoogstens (euro)"), null=True, blank=True)

    class Meta:
        verbose_name = _("gebied")
        verbose_name_plural = _("gebieden")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="unique_district_name"),
        ]

    def __str__(self) -> str:
        return self.name


class RoundCategory(models.Model):
    round = models.ForeignKey(BudgetRound, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("naam"), max_length=100)
    cap = models.PositiveIntegerField(_("hoogstens (euro)"), null=True, blank=True)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="unique_category_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op toets")
    FEASIBLE = "feasible", _("Haalbaar")
    REJECTED = "rejected", _("Niet haalbaar")


class RealisationStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    IN_PROGRESS = "in_progress", _("Bezig")
    DELAYED = "delayed", _("Vertraagd")
    DONE = "done", _("Klaar")
    STOPPED = "stopped", _("Gestopt")


class Project(models.Model):
    """An idea a resident proposed; after a feasible review it is on the ballot."""

    round = models.ForeignKey(BudgetRound, on_delete=models.CASCADE, related_name="projects")
    # The project id in pabulib files: short, stable, unique within the round.
    code = models.CharField(_("projectnummer"), max_length=40)
    title = models.CharField(_("naam"), max_length=150)
    description = models.TextField(_("beschrijving"))
    cost = models.PositiveIntegerField(_("kosten (hele euro's)"))
    proposed_cost = models.PositiveIntegerField(_("kosten volgens indiener"), null=True)
    categories = models.ManyToManyField(RoundCategory, blank=True, related_name="projects")
    district = models.ForeignKey(
        RoundDistrict, on_delete=models.CASCADE, null=True, blank=True, related_name="projects"
    )
    # Never shown on public pages: a proposal is published as "from a resident of <wijk>".
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    review_status = models.CharField(
        _("toets"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    # Published: every rejection has a reason residents can read.
    review_reason = models.TextField(_("uitleg van de gemeente"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    realisation_status = models.CharField(
        _("uitvoering"), max_length=12, choices=RealisationStatus.choices, blank=True
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projecten")
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "code"], name="unique_project_code"),
        ]

    def __str__(self) -> str:
        return self.title


class ProjectSupport(models.Model):
    """A resident backs a proposal before the review (no effect on the vote)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="one_support_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.project_id}"


class VotingChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    CODE = "code", _("Met stemcode")


class VoterRegisterEntry(models.Model):
    """Who voted in a round: one row per resident, never what they voted.

    `ballot_token` exists only while voting is open, so an online voter can change their
    ballot; closing the round sets it to NULL for every row (services.close_voting).
    """

    round = models.ForeignKey(BudgetRound, on_delete=models.CASCADE, related_name="register")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=8, choices=VotingChannel.choices)
    voted_on = models.DateField(default=timezone.localdate)
    # NULL, not "": "no link" must be unambiguous (ruff DJ001 does not know that).
    ballot_token = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001

    class Meta:
        verbose_name = _("stemregister")
        verbose_name_plural = _("stemregister")
        constraints = [
            models.UniqueConstraint(fields=["round", "resident"], name="one_ballot_per_resident"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.resident_id} ({self.channel})"


class Ballot(models.Model):
    """An approval ballot: the ids of the approved projects, sorted. Nothing else.

    No timestamp and no channel, so nothing on a ballot can be matched with the register.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(BudgetRound, on_delete=models.CASCADE, related_name="ballots")
    choices = models.JSONField(default=list)
    # SHA-256 of the voter's token while voting is open; NULL after the round closes.
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("stembiljet")
        verbose_name_plural = _("stembiljetten")

    def __str__(self) -> str:
        return str(_("Stembiljet in ronde %(round)s") % {"round": self.round_id})


class VotingCode(models.Model):
    """A one-time code for a resident who votes on paper or without an account.

    Only a keyed hash of the code is stored; the code itself is printed once.
    """

    round = models.ForeignKey(BudgetRound, on_delete=models.CASCADE, related_name="codes")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("stemcode")
        verbose_name_plural = _("stemcodes")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "resident"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_code_per_resident",
            )
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.resident_id}"


class RoundResult(models.Model):
    """The stored outcome of a round, computed once when voting closes."""

    round = models.OneToOneField(BudgetRound, on_delete=models.CASCADE, related_name="result")
    computed_at = models.DateTimeField(default=timezone.now)
    rule = models.CharField(max_length=8, choices=VotingRule.choices)
    completion = models.CharField(max_length=12, choices=Completion.choices)
    utility = models.CharField(max_length=12, choices=Utility.choices)
    tie_breaking = models.CharField(max_length=40)
    budget = models.PositiveIntegerField()
    spent = models.PositiveIntegerField()
    greedy_spent = models.PositiveIntegerField()
    voters = models.PositiveIntegerField()
    # What every voter started with, as an exact fraction "numerator/denominator" (euros).
    per_voter = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = _("uitslag")
        verbose_name_plural = _("uitslagen")

    def __str__(self) -> str:
        return str(_("Uitslag van ronde %(round)s") % {"round": self.round_id})


class ProjectOutcome(models.Model):
    result = models.ForeignKey(RoundResult, on_delete=models.CASCADE, related_name="outcomes")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outcomes")
    votes = models.PositiveIntegerField()
    funded = models.BooleanField()
    # Position in the order the rule funded projects (1 = first); None when not funded.
    position = models.PositiveSmallIntegerField(null=True)
    greedy_funded = models.BooleanField()
    # The kernel's structured explanation (algorithms.pb.explain), fractions as "n/d".
    explanation = models.JSONField(default=dict)
    # Its plain-language sentences, made once per interface language: {"nl": …, "en": …}.
    sentences = models.JSONField(default=dict)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["result", "project"], name="one_outcome_per_project"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {'funded' if self.funded else 'not funded'}"


class RealisationUpdate(models.Model):
    """Append-only progress of a funded project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=12, choices=RealisationStatus.choices)
    text = models.TextField(_("wat is er gebeurd"))
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.status}"


# ---------------------------------------------------------------------------------------
# Citizen initiatives
# ---------------------------------------------------------------------------------------


class ParticipationSettings(models.Model):
    """What a municipality promises initiatives. One row per municipality (admin)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="participation_settings"
    )
    initiative_answer_days = models.PositiveSmallIntegerField(
        _("antwoord op een initiatief binnen (werkdagen)"), default=10
    )

    class Meta:
        verbose_name = _("instellingen meedoen")
        verbose_name_plural = _("instellingen meedoen")

    def __str__(self) -> str:
        return str(self.municipality_id)


class InitiativeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Wacht op antwoord")
    YES = "yes", _("Ja")
    YES_BY_DEFAULT = "yes_by_default", _("Ja (geen antwoord op tijd)")
    NO = "no", _("Nee")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


INITIATIVE_TRANSITIONS: dict[str, frozenset[str]] = {
    InitiativeStatus.SUBMITTED: frozenset(
        {
            InitiativeStatus.YES,
            InitiativeStatus.NO,
            InitiativeStatus.YES_BY_DEFAULT,
            InitiativeStatus.WITHDRAWN,
        }
    ),
    InitiativeStatus.YES: frozenset({InitiativeStatus.WITHDRAWN}),
    InitiativeStatus.YES_BY_DEFAULT: frozenset({InitiativeStatus.WITHDRAWN}),
    InitiativeStatus.NO: frozenset({InitiativeStatus.WITHDRAWN}),
    InitiativeStatus.WITHDRAWN: frozenset(),
}


class Initiative(models.Model):
    """Residents start something for their neighbourhood; the municipality says "ja, tenzij"."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="initiatives"
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("naam van het initiatief"), max_length=150)
    description = models.TextField(_("wat gaat u doen"))
    # Who, as the initiators want it published (a group name or a first name).
    public_name = models.CharField(_("wie zijn jullie"), max_length=120)
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    needs_room = models.BooleanField(_("een ruimte"), default=False)
    needs_permit = models.BooleanField(_("een vergunning"), default=False)
    needs_money = models.BooleanField(_("geld"), default=False)
    needs_contact = models.BooleanField(_("een contactpersoon bij de gemeente"), default=False)
    needs_detail = models.TextField(_("toelichting op wat u nodig heeft"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    answer_due = models.DateField(_("antwoord uiterlijk"))
    status = models.CharField(
        max_length=16, choices=InitiativeStatus.choices, default=InitiativeStatus.SUBMITTED
    )
    # Published: the conditions of a yes, or the reason of a no.
    answer = models.TextField(_("antwoord van de gemeente"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=True)

    class Meta:
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status == InitiativeStatus.SUBMITTED and today > self.answer_due

    @property
    def effective_status(self) -> str:
        """The status as it stands today: no answer after the deadline means yes."""
        if self.is_overdue(timezone.localdate()):
            return InitiativeStatus.YES_BY_DEFAULT
        return self.status

    def get_effective_status_display(self) -> str:
        return str(InitiativeStatus(self.effective_status).label)

    @property
    def needs(self) -> list[str]:
        labels = [
            (self.needs_room, _("een ruimte")),
            (self.needs_permit, _("een vergunning")),
            (self.needs_money, _("geld")),
            (self.needs_contact, _("een contactpersoon")),
        ]
        return [str(label) for wanted, label in labels if wanted]


class InitiativeStatusChange(StatusChange):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=16, choices=InitiativeStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=InitiativeStatus.choices)

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.from_status} → {self.to_status}"


class InitiativeContact(models.Model):
    """A professional who helps an initiative (a contact at the municipality or a team)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="contacts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("waarmee helpt u"), max_length=200, blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="one_contact_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.initiative_id}"


class StartupGrant(models.Model):
    """A small grant to get an initiative going, with effects agreed before the money goes."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="grants")
    amount = models.PositiveIntegerField(_("bedrag (hele euro's)"))
    purpose = models.TextField(_("waarvoor"))
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    report_due = models.DateField(_("resultaten melden vóór"))
    reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("startsubsidie")
        verbose_name_plural = _("startsubsidies")
        ordering = ["-granted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.initiative_id}: € {self.amount}"

    @property
    def proven(self) -> bool:
        """Every agreed effect reached its target (needs `indicators` loaded)."""
        indicators = list(self.indicators.all())
        return bool(indicators) and all(i.reached for i in indicators)


class EffectIndicator(models.Model):
    grant = models.ForeignKey(StartupGrant, on_delete=models.CASCADE, related_name="indicators")
    description = models.CharField(_("wat willen jullie bereiken"), max_length=200)
    target = models.PositiveIntegerField(_("doel (aantal)"))
    unit = models.CharField(_("eenheid"), max_length=40, blank=True)
    result = models.PositiveIntegerField(_("bereikt (aantal)"), null=True, blank=True)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def reached(self) -> bool:
        return self.result is not None and self.result >= self.target


# ---------------------------------------------------------------------------------------
# Blocking rules
# ---------------------------------------------------------------------------------------


class RuleStatus(models.TextChoices):
    REPORTED = "reported", _("Gemeld")
    KEPT = "kept", _("Blijft, met uitleg")
    CHANGED = "changed", _("Aangepast")
    REMOVED = "removed", _("Geschrapt")


RULE_TRANSITIONS: dict[str, frozenset[str]] = {
    RuleStatus.REPORTED: frozenset({RuleStatus.KEPT, RuleStatus.CHANGED, RuleStatus.REMOVED}),
    # A kept rule can still be changed or removed later (the council may ask again).
    RuleStatus.KEPT: frozenset({RuleStatus.CHANGED, RuleStatus.REMOVED}),
    RuleStatus.CHANGED: frozenset({RuleStatus.REMOVED}),
    RuleStatus.REMOVED: frozenset(),
}


class BlockingRule(models.Model):
    """A rule or practice that stands in the way of an initiative."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="blocking_rules"
    )
    title = models.CharField(_("welke regel of werkwijze"), max_length=200)
    reference = models.CharField(_("vindplaats van de regel"), max_length=200, blank=True)
    blocked = models.TextField(_("wat werd erdoor tegengehouden"))
    place = models.CharField(_("waar"), max_length=150, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.SET_NULL, null=True, blank=True, related_name="blocking_rules"
    )
    # Not published: the list shows the rule, not who reported it.
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=12, choices=RuleStatus.choices, default=RuleStatus.REPORTED
    )
    status_reason = models.TextField(_("uitleg van de gemeente"), blank=True)
    status_set_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("blokkerende regel")
        verbose_name_plural = _("blokkerende regels")
        ordering = ["-reported_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class BlockingRuleSupport(models.Model):
    rule = models.ForeignKey(BlockingRule, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rule", "user"], name="one_rule_support_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.rule_id}"


class BlockingRuleStatusChange(StatusChange):
    rule = models.ForeignKey(BlockingRule, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, choices=RuleStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=RuleStatus.choices)

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.from_status} → {self.to_status}"


class HardshipLaw(models.TextChoices):
    WMO = "wmo", _("Wmo 2015")
    YOUTH = "jeugdwet", _("Jeugdwet")
    PARTICIPATION = "participatiewet", _("Participatiewet")
    DEBT = "wgs", _("Wgs / schulden")
    OTHER = "other", _("Andere wet of regeling")


# Longest description of a hardship decision: a short, general sentence or two.
HARDSHIP_DESCRIPTION_MAX = 300


class HardshipDecision(models.Model):
    """A hardship decision (hardheidsclausule, principle 6) grouped under the blocking rule
    it deviated from: an anonymous fact in a public register, not a case file.

    There is deliberately no link to a resident, household or case, and the description is
    published, so it must hold no personal data (the form says so). Rows are never edited
    through the pages; an administrator may correct one in the admin.
    """

    rule = models.ForeignKey(
        BlockingRule,
        on_delete=models.PROTECT,
        related_name="hardship_decisions",
        verbose_name=_("blokkerende regel"),
    )
    decided_on = models.DateField(_("datum van het besluit"))
    law = models.CharField(_("wet"), max_length=16, choices=HardshipLaw.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisatie die besloot"),
    )
    description = models.CharField(
        _("waarvan is afgeweken (zonder persoonsgegevens)"), max_length=HARDSHIP_DESCRIPTION_MAX
    )
    # Not published: the register shows the decision, not who typed it in.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("hardheidsbesluit")
        verbose_name_plural = _("hardheidsbesluiten")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.decided_on:%Y-%m-%d} {self.get_law_display()}: {self.description[:40]}"


# ---------------------------------------------------------------------------------------
# Right to challenge
# ---------------------------------------------------------------------------------------


class ChallengeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Ingediend")
    ASSESSING = "assessing", _("Wordt beoordeeld")
    GRANTED = "granted", _("Toegekend")
    REFUSED = "refused", _("Afgewezen")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


CHALLENGE_TRANSITIONS: dict[str, frozenset[str]] = {
    ChallengeStatus.SUBMITTED: frozenset({ChallengeStatus.ASSESSING, ChallengeStatus.WITHDRAWN}),
    ChallengeStatus.ASSESSING: frozenset(
        {ChallengeStatus.GRANTED, ChallengeStatus.REFUSED, ChallengeStatus.WITHDRAWN}
    ),
    ChallengeStatus.GRANTED: frozenset(),
    ChallengeStatus.REFUSED: frozenset(),
    ChallengeStatus.WITHDRAWN: frozenset(),
}


class Challenge(models.Model):
    """Right to challenge: residents bid to take over a municipal task and its budget."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="challenges"
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("naam van het bod"), max_length=150)
    task = models.TextField(_("welke taak van de gemeente"))
    plan = models.TextField(_("hoe gaan jullie het doen"))
    group_name = models.CharField(_("naam van de groep"), max_length=120)
    bid_amount = models.PositiveIntegerField(_("gevraagd budget per jaar (hele euro's)"))
    current_budget = models.PositiveIntegerField(
        _("wat de gemeente er nu per jaar aan uitgeeft (euro)"), null=True, blank=True
    )
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=12, choices=ChallengeStatus.choices, default=ChallengeStatus.SUBMITTED
    )
    decision = models.TextField(_("besluit met redenen"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("uitdaagrecht-bod")
        verbose_name_plural = _("uitdaagrecht-biedingen")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ChallengeMember(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user"], name="one_membership_per_bid"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.challenge_id}"


class ChallengeCriterion(models.Model):
    """A published evaluation criterion, and (once decided) how the bid scored on it."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("criterium"), max_length=150)
    description = models.TextField(_("uitleg"), blank=True)
    met = models.BooleanField(_("voldaan"), null=True)
    assessment = models.TextField(_("beoordeling"), blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class ChallengeStatusChange(StatusChange):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, choices=ChallengeStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ChallengeStatus.choices)

    def __str__(self) -> str:
        return f"{self.challenge_id}: {self.from_status} → {self.to_status}"


# --- the advisory council channel (issue 19) ------------------------------------------


class AdviceRequest(models.Model):
    """Advice on a policy proposal: asked by the college of the adviesraad (with a deadline
    in working days), or sent unasked by the adviesraad or a provider's client council.
    The college then responds per point; from the response on, the request is public."""

    class Source(models.TextChoices):
        COLLEGE = "college", _("Adviesvraag van het college")
        ADVISORY_COUNCIL = "advisory_council", _("Ongevraagd advies van de adviesraad")
        CLIENT_COUNCIL = "client_council", _("Ongevraagd advies van een cliëntenraad")

    class Status(models.TextChoices):
        ASKED = "asked", _("Gevraagd, wacht op advies")
        ADVISED = "advised", _("Advies gegeven, wacht op reactie van het college")
        RESPONDED = "responded", _("Reactie van het college gepubliceerd")

    source = models.CharField(max_length=20, choices=Source.choices)
    status = models.CharField(max_length=10, choices=Status.choices)
    title = models.CharField(_("onderwerp"), max_length=200)
    proposal = models.TextField(_("voorstel of aanleiding"))
    # Who advises: "Adviesraad sociaal domein" or the client council's name.
    sender = models.CharField(_("afzender"), max_length=200)
    asked_on = models.DateField(null=True, blank=True)
    advice_due = models.DateField(null=True, blank=True)
    advised_on = models.DateField(null=True, blank=True)
    response_due = models.DateField(null=True, blank=True)
    responded_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("adviesvraag")
        verbose_name_plural = _("adviesvragen")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class AdvicePoint(models.Model):
    """One point: the college's question (if asked), the advice, the college's response."""

    class Decision(models.TextChoices):
        ADOPTED = "adopted", _("Overgenomen")
        ADOPTED_WITH_CHANGES = "adopted_with_changes", _("Overgenomen met aanpassingen")
        NOT_ADOPTED = "not_adopted", _("Niet overgenomen")

    request = models.ForeignKey(AdviceRequest, on_delete=models.CASCADE, related_name="points")
    number = models.PositiveSmallIntegerField()
    question = models.TextField(_("vraag"), blank=True)
    advice = models.TextField(_("advies"), blank=True)
    decision = models.CharField(_("reactie"), max_length=24, choices=Decision.choices, blank=True)
    reasons = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["request", "number"]
        constraints = [
            models.UniqueConstraint(fields=["request", "number"], name="advice_point_number")
        ]

    def __str__(self) -> str:
        return f"{self.request} {self.number}"
