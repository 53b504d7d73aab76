"""Citizen panels by lot (mission principle 9, issue 8).

A panel goes through set-up (theme, size, categories and quotas), recruitment (letters
with an invitation code to a stratified random sample of residents, registrations, an
imported external pool), the selection (the kernel's leximin distribution, computed as a
background task), the publication of the lottery's hash, and the public draw with a seed
from numbers drawn at a public meeting. Every step is a verb in `services.py`.

Personal data is kept to what the process needs: an invitation holds the resident it was
sent to, the neighbourhood (the stratum) and a *hash* of its code; a volunteer holds the
contact details the municipality needs to reach panel members and a normalised address
(the household key) for the one-person-per-household rule. Everything public shows only
random anonymised ids.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from leefwereld.core.models import Municipality, Neighbourhood, Resident
from leefwereld.rules import advice as rules

MIN_PANEL_SIZE = 20
MAX_PANEL_SIZE = 1_000


class Method(models.TextChoices):
    LEXIMIN = "leximin", _("Leximin: de kleinste kansen zo groot mogelijk, stap voor stap")
    MAXIMIN = "maximin", _("Maximin: alleen de kleinste kans zo groot mogelijk")


class Panel(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("In voorbereiding")
        RECRUITING = "recruiting", _("Aanmelden is open")
        CLOSED = "closed", _("Aanmelden is gesloten")
        PUBLISHED = "published", _("Loting bekendgemaakt")
        DRAWN = "drawn", _("Panel getrokken")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="panels")
    title = models.CharField(_("thema"), max_length=150)
    question = models.TextField(_("waar gaat het panel over?"), blank=True)
    size = models.PositiveSmallIntegerField(
        _("aantal leden"),
        validators=[MinValueValidator(MIN_PANEL_SIZE), MaxValueValidator(MAX_PANEL_SIZE)],
    )
    method = models.CharField(
        _("rekenmethode"), max_length=10, choices=Method.choices, default=Method.LEXIMIN
    )
    # Optional cap on anyone's selection probability, in percent (e.g. 50.00).
    max_probability_percent = models.DecimalField(
        _("hoogste kans per persoon (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    registration_deadline = models.DateField(_("aanmelden kan tot en met"), null=True, blank=True)
    # The college answers each recommendation within this many working days of its
    # publication (rules.advice; the term comes from the participatieverordening).
    answer_working_days = models.PositiveSmallIntegerField(
        _("termijn voor het antwoord van het college (werkdagen)"),
        default=rules.DEFAULT_ANSWER_WORKING_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(rules.MAX_ANSWER_WORKING_DAYS)],
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    # The selection whose lottery was published; fixed from publication on.
    published_run = models.ForeignKey(
        "SelectionRun", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hash_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("burgerpanel")
        verbose_name_plural = _("burgerpanels")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        """Drafts are the municipality's own; from recruitment on anyone can follow the panel."""
        return self.status != self.Status.DRAFT

    @property
    def max_probability(self) -> float | None:
        if self.max_probability_percent is None:
            return None
        return float(self.max_probability_percent) / 100


# Which status may follow which; services.transition_panel refuses anything else.
# Publication and the draw have their own verbs (they need a lottery and a seed).
PANEL_TRANSITIONS: dict[str, frozenset[str]] = {
    Panel.Status.DRAFT: frozenset({Panel.Status.RECRUITING}),
    Panel.Status.RECRUITING: frozenset({Panel.Status.CLOSED}),
    Panel.Status.CLOSED: frozenset({Panel.Status.RECRUITING, Panel.Status.PUBLISHED}),
    Panel.Status.PUBLISHED: frozenset({Panel.Status.DRAWN}),
    Panel.Status.DRAWN: frozenset(),
}


class Category(models.Model):
    """A feature the quotas are about: neighbourhood, age band, gender, education, a theme group."""

    class Source(models.TextChoices):
        NEIGHBOURHOOD = "neighbourhood", _("Wijk (volgt uit de uitnodiging)")
        AGE = "age", _("Leeftijdsgroep")
        DECLARED = "declared", _("Geeft de inwoner zelf op")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="categories")
    # The column name in pool files and the feature name the kernel sees.
    key = models.SlugField(_("kolomnaam"), max_length=40)
    label = models.CharField(_("naam"), max_length=80)
    # The question on the registration form ("Wat is uw leeftijd?").
    question = models.CharField(_("vraag op het aanmeldformulier"), max_length=200, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.DECLARED)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("kenmerk")
        verbose_name_plural = _("kenmerken")
        ordering = ["panel", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "key"], name="panels_unique_category_key")
        ]

    def __str__(self) -> str:
        return self.label


class Quota(models.Model):
    """One value of a category with its bounds: at least `min`, at most `max` panel members.

    `target` is the proportional share the suggestion started from; `min_flex`/`max_flex`
    are the outer limits a suggested relaxation may move the bounds to.
    """

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="quotas")
    value = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("naam"), max_length=100)
    target = models.PositiveSmallIntegerField(_("evenredig deel"), default=0)
    min = models.PositiveSmallIntegerField(_("minimaal"))
    max = models.PositiveSmallIntegerField(_("maximaal"))
    min_flex = models.PositiveSmallIntegerField(_("uiterst minimaal"), null=True, blank=True)
    max_flex = models.PositiveSmallIntegerField(_("uiterst maximaal"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("quotum")
        verbose_name_plural = _("quota")
        ordering = ["category", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["category", "value"], name="panels_unique_quota"),
            models.CheckConstraint(
                condition=models.Q(min__lte=models.F("max")), name="panels_quota_min_le_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.label}: {self.label}"


class Invitation(models.Model):
    """A letter with a code, sent to one resident of a stratified random sample.

    Only a hash of the code is stored: the code exists on paper and nowhere else. The link
    to the resident is removed when the panel is drawn (services.draw_panel).
    """

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="invitations")
    resident = models.ForeignKey(
        Resident, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    batch = models.PositiveSmallIntegerField(default=1)
    sent_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        indexes = [models.Index(fields=["panel", "neighbourhood"])]

    def __str__(self) -> str:
        return f"{self.panel} #{self.pk}"


class Volunteer(models.Model):
    """Someone in the pool: registered with an invitation code or imported from a file."""

    class Source(models.TextChoices):
        INVITATION = "invitation", _("Aangemeld met uitnodiging")
        IMPORT = "import", _("Ingelezen uit een bestand")

    class Status(models.TextChoices):
        POOL = "pool", _("In de pool")
        WITHDRAWN = "withdrawn", _("Teruggetrokken")
        SELECTED = "selected", _("Geloot")
        DROPPED_OUT = "dropped_out", _("Afgemeld na loting")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="volunteers")
    # Random and meaningless: the only id that is ever shown in public.
    public_id = models.CharField(_("anonieme code"), max_length=12)
    source = models.CharField(max_length=12, choices=Source.choices)
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="volunteer"
    )
    external_id = models.CharField(_("nummer in het bestand"), max_length=64, blank=True)
    name = models.CharField(_("naam"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=32, blank=True)
    # The kernel's normalised address ("kerkstraat 1a|1234ab"); empty when unknown.
    household_key = models.CharField(max_length=300, blank=True)
    # {category key: quota value}
    features = models.JSONField(default=dict)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.POOL)
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vrijwilliger")
        verbose_name_plural = _("vrijwilligers")
        ordering = ["panel", "public_id"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "public_id"], name="panels_unique_public_id"),
            models.UniqueConstraint(
                fields=["panel", "external_id"],
                condition=~models.Q(external_id=""),
                name="panels_unique_external_id",
            ),
        ]
        indexes = [models.Index(fields=["panel", "household_key"])]

    def __str__(self) -> str:
        return self.public_id


class SelectionRun(models.Model):
    """One computation of the selection probabilities (a background task) and its lottery."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Wacht op de rekenserver")
        RUNNING = "running", _("Bezig met rekenen")
        DONE = "done", _("Klaar")
        INFEASIBLE = "infeasible", _("Quota niet haalbaar")
        CANCELLED = "cancelled", _("Gestopt")
        FAILED = "failed", _("Mislukt")

    FINISHED = frozenset({Status.DONE, Status.INFEASIBLE, Status.CANCELLED, Status.FAILED})

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="runs")
    method = models.CharField(max_length=10, choices=Method.choices)
    max_probability = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0.0)
    message = models.CharField(max_length=200, blank=True)
    cancel_requested = models.BooleanField(default=False)
    task_id = models.CharField(max_length=64, blank=True)
    # SHA-256 of the quotas, pool and settings this run computed with (services.input_digest).
    input_digest = models.CharField(max_length=64)
    # What the kernel computed with, so a later change of quotas or pool cannot alter it:
    # quotas as [[feature, value, min, max, min_flex, max_flex], ...] in category order,
    # the pool as [[public_id, {feature: value}, household_key], ...].
    size = models.PositiveSmallIntegerField()
    quota_snapshot = models.JSONField(default=list)
    pool_snapshot = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Results: probability per public id, the kernel's certificate and statistics.
    probabilities = models.JSONField(default=dict, blank=True)
    min_probability = models.FloatField(null=True, blank=True)
    max_probability_found = models.FloatField(null=True, blank=True)
    certificate = models.JSONField(default=dict, blank=True)
    stats = models.JSONField(default=dict, blank=True)
    # Infeasible quotas: the kernel's explanation (as data) and its Dutch text.
    explanation = models.JSONField(default=dict, blank=True)
    explanation_text = models.TextField(blank=True)
    error = models.TextField(blank=True)
    # The transparent lottery: the exact file anyone can download and its SHA-256.
    lottery_text = models.TextField(blank=True)
    lottery_hash = models.CharField(max_length=64, blank=True)
    lottery_panels = models.PositiveIntegerField(null=True, blank=True)
    # The largest difference between anyone's lottery share and optimal probability.
    lottery_max_deviation = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("selectieberekening")
        verbose_name_plural = _("selectieberekeningen")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.panel} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        return 100 if self.status == self.Status.DONE else round(self.progress * 100)


class Draw(models.Model):
    """A public draw: the panel itself (round 0) or a round of replacements.

    The draw's lottery is published (its hash) when the row is made: for round 0 that is
    the selection's lottery, for a replacement round a lottery of its own over the
    people who can fill the empty seats. Two officials then each enter the numbers drawn
    at the public meeting; the draw happens when a second, different official enters the
    same numbers.
    """

    class Kind(models.TextChoices):
        PANEL = "panel", _("Trekking van het panel")
        REPLACEMENT = "replacement", _("Trekking van vervangers")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="draws")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    round = models.PositiveSmallIntegerField(default=0)
    # Replacement rounds: the lottery file and its hash (round 0 uses the selection's).
    lottery_text = models.TextField(blank=True)
    lottery_hash = models.CharField(max_length=64, blank=True)
    lottery_panels = models.PositiveIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The numbers as the first official entered them ("17,4,33,8,21"); the draw's seed
    # once a second official confirmed them.
    seed = models.CharField(_("getallen"), max_length=200, blank=True)
    first_official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    first_entered_at = models.DateTimeField(null=True, blank=True)
    second_official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Public ids drawn (the panel, or the replacements) and the ids they replace.
    selected = models.JSONField(default=list, blank=True)
    replaced = models.JSONField(default=list, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("trekking")
        verbose_name_plural = _("trekkingen")
        ordering = ["panel", "round"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "round"], name="panels_unique_draw_round")
        ]

    def __str__(self) -> str:
        return f"{self.panel}: {self.get_kind_display()} {self.round}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


# --- after the draw: meetings, recommendations, the college's answer (issue 19) ----------


class Meeting(models.Model):
    """A session of the drawn panel, or an expert hearing, with who came and what they get.

    Date, place, agenda and documents are public; attendance and allowances are the
    municipality's (they name members).
    """

    class Kind(models.TextChoices):
        SESSION = "session", _("Bijeenkomst")
        HEARING = "hearing", _("Expertsessie")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.SESSION)
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("begintijd"), null=True, blank=True)
    place = models.CharField(_("plaats"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    # Expert hearings: who is heard (names of experts speaking in public, with their role).
    experts = models.TextField(_("deskundigen"), blank=True)
    # One document a line: "Titel | https://..." (checked by the form and the verb).
    documents = models.TextField(_("stukken"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["panel", "date", "start_time", "pk"]

    def __str__(self) -> str:
        return f"{self.panel}: {self.get_kind_display()} {self.date}"

    @property
    def document_links(self) -> list[tuple[str, str]]:
        links = []
        for line in self.documents.splitlines():
            title, _sep, url = line.rpartition("|")
            if url.strip():
                links.append((title.strip() or url.strip(), url.strip()))
        return links


class Attendance(models.Model):
    """A member at a meeting, with the allowances recorded for payment (integer cents)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="attendances")
    present = models.BooleanField(_("aanwezig"), default=False)
    travel_cents = models.PositiveIntegerField(_("reiskosten (cent)"), default=0)
    care_cents = models.PositiveIntegerField(_("oppas- of mantelzorgvergoeding (cent)"), default=0)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "volunteer"], name="panels_unique_attendance"
            ),
            # Nothing is paid for a meeting someone did not attend.
            models.CheckConstraint(
                condition=models.Q(present=True) | models.Q(travel_cents=0, care_cents=0),
                name="panels_allowance_only_when_present",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.volunteer}"

    @property
    def total_cents(self) -> int:
        return self.travel_cents + self.care_cents


class Recommendation(models.Model):
    """One recommendation of the panel: drafted, voted, published, answered, implemented."""

    # The values are rules.advice's (a test checks they are the same sets).
    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        VOTING = "voting", _("Ter stemming")
        FINAL = "final", _("Vastgesteld door het panel")
        REJECTED = "rejected", _("Niet aangenomen door het panel")
        PUBLISHED = "published", _("Aangeboden, wacht op antwoord")
        ANSWERED = "answered", _("Beantwoord door het college")

    class Decision(models.TextChoices):
        ADOPTED = "adopted", _("Overgenomen")
        ADOPTED_WITH_CHANGES = "adopted_with_changes", _("Overgenomen met aanpassingen")
        NOT_ADOPTED = "not_adopted", _("Niet overgenomen")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("aanbeveling"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    voting_closed_at = models.DateTimeField(null=True, blank=True)
    published_on = models.DateField(_("aangeboden op"), null=True, blank=True)
    answer_due = models.DateField(_("antwoord uiterlijk"), null=True, blank=True)
    decision = models.CharField(_("besluit"), max_length=24, choices=Decision.choices, blank=True)
    reasons = models.TextField(_("toelichting"), blank=True)
    answered_on = models.DateField(_("beantwoord op"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aanbeveling")
        verbose_name_plural = _("aanbevelingen")
        ordering = ["panel", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "number"], name="panels_unique_recommendation_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def is_late(self, today) -> bool:
        if self.answer_due is None:
            return False
        return rules.is_late(self.answer_due, self.answered_on, today)


class Vote(models.Model):
    """A member's vote on a recommendation; a member may change it while voting is open."""

    class Choice(models.TextChoices):
        FOR = "for", _("Voor")
        AGAINST = "against", _("Tegen")
        ABSTAIN = "abstain", _("Onthouding")

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="votes"
    )
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(max_length=8, choices=Choice.choices)
    # Cast by the member online, or recorded by the secretary from a vote in the room.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "volunteer"], name="panels_one_vote_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommendation}: {self.volunteer} {self.choice}"


class ImplementationUpdate(models.Model):
    """An append-only step in carrying out an adopted recommendation (public)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Gepland")
        IN_PROGRESS = "in_progress", _("In uitvoering")
        DELAYED = "delayed", _("Vertraagd")
        DONE = "done", _("Uitgevoerd")
        STOPPED = "stopped", _("Gestopt")

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    progress = models.PositiveSmallIntegerField(
        _("voortgang (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    date = models.DateField(_("datum"))
    note = models.TextField(_("toelichting"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stand van uitvoering")
        verbose_name_plural = _("stand van uitvoering")
        ordering = ["recommendation", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.recommendation}: {self.status} {self.date}"


EVENT_LABELS = {
    "created": _("Panel aangemaakt"),
    "updated": _("Gegevens gewijzigd"),
    "category_added": _("Kenmerk toegevoegd"),
    "category_removed": _("Kenmerk verwijderd"),
    "quotas_suggested": _("Quota voorgesteld uit de bevolkingscijfers"),
    "quotas_changed": _("Quota gewijzigd"),
    "status": _("Stap gewijzigd"),
    "invitations_sent": _("Brieven gemaakt"),
    "registered": _("Aanmelding met een brief"),
    "withdrawn": _("Uit de pool gehaald"),
    "pool_imported": _("Pool ingelezen"),
    "selection_started": _("Selectie gestart"),
    "selection_cancelled": _("Selectie gestopt"),
    "selection_cancel_requested": _("Stoppen gevraagd"),
    "selection_finished": _("Selectie klaar"),
    "relaxation_applied": _("Voorgestelde aanpassing van de quota toegepast"),
    "hash_published": _("Loting bekendgemaakt"),
    "seed_entered": _("Getallen ingevoerd door de eerste ambtenaar"),
    "replacement_lottery_published": _("Loting voor vervangers bekendgemaakt"),
    "seed_mismatch": _("Getallen kwamen niet overeen"),
    "drawn": _("Panel getrokken"),
    "dropped_out": _("Lid afgemeld"),
    "replacements_drawn": _("Vervangers getrokken"),
    "meeting_planned": _("Bijeenkomst gepland"),
    "attendance_recorded": _("Aanwezigheid en vergoedingen vastgelegd"),
    "recommendation_drafted": _("Aanbeveling opgesteld"),
    "recommendation_status": _("Stap van een aanbeveling"),
    "votes_recorded": _("Stemmen vastgelegd"),
    "recommendation_answered": _("Antwoord van het college"),
    "implementation_update": _("Stand van uitvoering bijgewerkt"),
}


class PanelEvent(models.Model):
    """Append-only log of what happened to a panel, and who did it."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.panel}: {self.kind}"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.kind, self.kind))
