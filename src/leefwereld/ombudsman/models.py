"""Complaints about the social domain, their history, and signals to policy.

A complaint may be about any organisation (a provider, a neighbourhood team, the debt fund
or the municipality). Its state moves only through `transitions.TABLE` (services.py);
every step is a row of the append-only `ComplaintEvent`. The contact details of someone
who complained without logging in live in their own table (`ComplainantContact`): only
the ombudsman reads them, they never enter figures or signals, and the tick deletes them
when the retention term after closing has passed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leefwereld.core.appendonly import AppendOnlyModel
from leefwereld.core.models import Neighbourhood, Organisation, Resident

from .transitions import Event, State


class Category(models.Model):
    """A category (no parent) or sub-category, kept by the ombudsman in the app."""

    name = models.CharField(_("naam"), max_length=100)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("hoofdcategorie"),
    )
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("klachtcategorie")
        verbose_name_plural = _("klachtcategorieën")
        ordering = ["parent__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="one_category_name_per_parent")
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent is not None else self.name

    @property
    def main(self) -> Category:
        return self.parent if self.parent_id else self  # type: ignore[return-value]


class Complaint(models.Model):
    class About(models.TextChoices):
        PROVIDER = "provider", _("een zorgaanbieder")
        TEAM = "team", _("een wijkteam")
        DEBT_FUND = "debt_fund", _("het schuldenfonds")
        MUNICIPALITY = "municipality", _("de gemeente")

    class Channel(models.TextChoices):
        WEB = "web", _("website (ingelogd)")
        WEB_ANONYMOUS = "web_anonymous", _("website (zonder inloggen)")
        PHONE = "phone", _("telefoon")
        LETTER = "letter", _("brief")
        COUNTER = "counter", _("balie")

    class Cause(models.TextChoices):
        UNKNOWN = "", _("nog niet bepaald")
        RULE = "rule", _("een regel of beleid")
        EXECUTION = "execution", _("uitvoering")
        COMMUNICATION = "communication", _("communicatie en uitleg")
        CONDUCT = "conduct", _("bejegening")
        WAITING = "waiting", _("wachttijd")
        COOPERATION = "cooperation", _("samenwerking tussen organisaties")
        REACHABILITY = "reachability", _("bereikbaarheid")

    class StateChoices(models.TextChoices):
        RECEIVED = State.RECEIVED.value, _("ontvangen")
        HANDLING = State.HANDLING.value, _("in behandeling")
        ACTION_TEAM = State.ACTION_TEAM.value, _("bij het actieteam")
        ANSWERED = State.ANSWERED.value, _("beantwoord")
        CLOSED = State.CLOSED.value, _("afgesloten")
        WITHDRAWN = State.WITHDRAWN.value, _("ingetrokken")

    number = models.CharField(_("zaaknummer"), max_length=20, unique=True)
    # HMAC of the secret follow code on the receipt (the code itself is never stored).
    code_digest = models.CharField(max_length=64)
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wijk"),
    )
    about = models.CharField(_("over"), max_length=16, choices=About.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("organisatie"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("categorie")
    )
    summary = models.CharField(_("waar gaat uw klacht over (kort)"), max_length=200)
    description = models.TextField(_("wat is er gebeurd"), max_length=5000)
    channel = models.CharField(_("binnengekomen via"), max_length=16, choices=Channel.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField(_("ontvangen op"))
    # The term runs from here: the receipt, or the day a not-satisfied reply reopened it.
    term_start = models.DateField()
    extended = models.BooleanField(_("verdaagd"), default=False)
    deadline = models.DateField(_("uiterste datum"))
    state = models.CharField(
        max_length=16, choices=StateChoices.choices, default=State.RECEIVED.value
    )
    times_late = models.PositiveSmallIntegerField(default=0)
    pillar_to_post = models.BooleanField(_("van het kastje naar de muur"), default=False)
    action_team = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolution = models.TextField(_("wat het actieteam heeft gedaan"), blank=True)
    answer = models.TextField(_("antwoord aan de inwoner"), blank=True)
    answered_on = models.DateField(null=True, blank=True)
    satisfied = models.BooleanField(null=True, blank=True)
    cause = models.CharField(
        _("beleidsoorzaak"), max_length=16, choices=Cause.choices, blank=True, default=""
    )
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("klacht")
        verbose_name_plural = _("klachten")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["state", "deadline"]),
            models.Index(fields=["received_on"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.state in {s.value for s in (State.RECEIVED, State.HANDLING, State.ACTION_TEAM)}


class ComplainantContact(models.Model):
    """How to reach someone who complained without an account (or by phone, letter or at
    the counter). Read by the ombudsman only; deleted by the tick after retention."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=32, blank=True)

    def __str__(self) -> str:
        return self.name


class ComplaintEvent(AppendOnlyModel):
    """One step in a complaint's history; written once, never changed."""

    class EventChoices(models.TextChoices):
        FILED = "filed", _("klacht ontvangen")
        TAKE_UP = Event.TAKE_UP.value, _("in behandeling genomen")
        EXTEND = Event.EXTEND.value, _("termijn verdaagd")
        HAND_OFF = Event.HAND_OFF.value, _("naar het actieteam")
        RESOLVE = Event.RESOLVE.value, _("opgelost door het actieteam")
        ANSWER = Event.ANSWER.value, _("beantwoord")
        SATISFIED = Event.SATISFIED.value, _("inwoner is tevreden")
        REOPEN = Event.REOPEN.value, _("heropend: inwoner is niet tevreden")
        CLOSE = Event.CLOSE.value, _("afgesloten")
        WITHDRAW = Event.WITHDRAW.value, _("ingetrokken")
        PILLAR_TO_POST = "pillar_to_post", _("van het kastje naar de muur gemeld")
        LATE = "late", _("te laat")
        LATE_3X = "late_3x", _("drie keer te laat: naar het actieteam")
        CAUSE = "cause", _("beleidsoorzaak vastgelegd")

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=EventChoices.choices)
    from_state = models.CharField(max_length=16)
    to_state = models.CharField(max_length=16)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]


class PolicySignal(models.Model):
    """The ombudsman tells the municipality what its complaints say about policy."""

    title = models.CharField(_("titel"), max_length=200)
    recommendation = models.TextField(_("aanbeveling"), max_length=5000)
    cause = models.CharField(
        _("beleidsoorzaak"), max_length=16, choices=Complaint.Cause.choices, blank=True
    )
    blocking_rule = models.ForeignKey(
        "democracy.BlockingRule",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regel uit het register van blokkerende regels"),
    )
    complaints = models.ManyToManyField(Complaint, related_name="signals", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    follow_up = models.TextField(_("opvolging door de gemeente"), blank=True)
    follow_up_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signaal aan beleid")
        verbose_name_plural = _("signalen aan beleid")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title
