"""Support under the Wmo 2015: melding, kitchen-table conversation, plan, measurements,
applications and decisions.

These tables hold metadata only: who, which household, dates, statuses and the id of a
vault record. Every piece of personal content — the question in the resident's own
words, the conversation report, goals and actions, scores and notes, the reasons of a
decision — is a record in the resident's (or household's) vault, written and read only
through ``leefwereld.vault.access``. Dates stay in plain columns because the law counts
from them and the deadlines dashboard must work set-based.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from leefwereld import rules
from leefwereld.core.models import Household, Organisation, Resident, User


class Melding(models.Model):
    """A request for support (Wmo 2015 art. 2.3.2 lid 1): the start of the legal clock."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Door de inwoner zelf, online")
        PROFESSIONAL = "professional", _("Door een professional namens de inwoner")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Ontvangen")
        INVESTIGATING = "investigating", _("Gesprek gepland of gevoerd")
        REPORTED = "reported", _("Verslag gedeeld")
        APPLIED = "applied", _("Aanvraag gedaan")
        DECIDED = "decided", _("Besluit genomen")
        CLOSED = "closed", _("Afgesloten")

    class ClientSupport(models.TextChoices):
        NOT_YET = "", _("Nog niet gevraagd")
        ACCEPTED = "accepted", _("Wil cliëntondersteuning")
        DECLINED = "declined", _("Wil geen cliëntondersteuning")

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="meldingen")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="meldingen")
    team = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meldingen",
        verbose_name=_("wijkteam"),
    )
    channel = models.CharField(_("via"), max_length=12, choices=Channel.choices)
    received_on = models.DateField(_("ontvangen op"))
    registered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    receipt_sent_at = models.DateTimeField(_("ontvangstbevestiging verstuurd"), null=True)
    # The question in the resident's own words (vault record, category OTHER).
    question_record = models.UUIDField(null=True, blank=True)
    urgent = models.BooleanField(_("spoed"), default=False)
    # Wmo 2015 art. 2.3.3: in an urgent case a temporary provision right away.
    temporary_provision_on = models.DateField(_("tijdelijke voorziening vanaf"), null=True)
    # Wmo 2015 art. 2.3.2 lid 3: the offer of free cliëntondersteuning, recorded.
    client_support_offered_on = models.DateField(_("cliëntondersteuning aangeboden op"), null=True)
    client_support = models.CharField(
        _("cliëntondersteuning"), max_length=10, choices=ClientSupport.choices, blank=True
    )
    # Wmo 2015 art. 2.3.2 lid 2: the resident's own persoonlijk plan, when handed in.
    own_plan_received_on = models.DateField(_("eigen plan ontvangen op"), null=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["status", "received_on"], name="support_melding_open")]

    def __str__(self) -> str:
        return str(_("Melding %(id)s") % {"id": self.pk})

    @property
    def onderzoek_deadline(self) -> datetime.date:
        return rules.wmo_onderzoek_deadline(self.received_on)

    @property
    def own_plan_deadline(self) -> datetime.date:
        return rules.wmo_persoonlijk_plan_deadline(self.received_on)

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.DECIDED, self.Status.CLOSED)


class Intake(models.Model):
    """The Wmo onderzoek: the kitchen-table conversation and its written report."""

    melding = models.OneToOneField(Melding, on_delete=models.CASCADE, related_name="intake")
    held_on = models.DateField(_("gesprek gevoerd op"))
    professional = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # The report: answers per item a–g, the network map and the carer's load check.
    report_record = models.UUIDField()
    report_shared_on = models.DateField(_("verslag gedeeld op"), null=True, blank=True)
    # The resident's own remarks on the report (their vault, written by them).
    annotation_record = models.UUIDField(null=True, blank=True)
    annotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("keukentafelgesprek")
        verbose_name_plural = _("keukentafelgesprekken")

    def __str__(self) -> str:
        return str(_("Keukentafelgesprek bij melding %(id)s") % {"id": self.melding_id})


class Plan(models.Model):
    """The one plan of a household (principle 2). Content lives in versions in the vault."""

    household = models.OneToOneField(Household, on_delete=models.PROTECT, related_name="plan")
    coach = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coached_plans",
        verbose_name=_("regisseur"),
    )
    coach_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisatie van de regisseur"),
    )
    template = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    current_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plannen")
        constraints = [
            # OneToOneField is unique already; the named constraint states principle 2.
            models.UniqueConstraint(fields=["household"], name="one_plan_per_household")
        ]

    def __str__(self) -> str:
        return str(_("Plan van huishouden %(id)s") % {"id": self.household_id})


class PlanVersion(models.Model):
    """One state of the plan. Every change writes a new version; none is ever changed."""

    class Author(models.TextChoices):
        RESIDENT = "resident", _("Inwoner")
        NETWORK = "network", _("Netwerklid")
        PROFESSIONAL = "professional", _("Professional")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    # A household record holding the whole plan: goals, actions, network, decisions.
    record = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    author_kind = models.CharField(max_length=12, choices=Author.choices)

    class Meta:
        verbose_name = _("planversie")
        verbose_name_plural = _("planversies")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version")
        ]

    def __str__(self) -> str:
        return str(_("Versie %(n)s") % {"n": self.number})


class PlanSignature(models.Model):
    """A resident or an invited network member signs one version of the plan."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="signatures")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ondertekening")
        verbose_name_plural = _("ondertekeningen")
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="one_signature_per_version")
        ]

    def __str__(self) -> str:
        return str(_("Handtekening bij versie %(id)s") % {"id": self.version_id})


class PlanCosigner(models.Model):
    """A network member the resident invites to sign the plan too (the resident's choice).

    Only the household decides who co-signs; a withdrawn invitation stays as history.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="cosigners")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("medeondertekenaar")
        verbose_name_plural = _("medeondertekenaars")
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="one_cosigner_row_per_user")
        ]

    def __str__(self) -> str:
        return str(_("Medeondertekenaar bij plan %(id)s") % {"id": self.plan_id})

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class Measurement(models.Model):
    """A self-reliance measurement on one day; the numbers and note are in the vault."""

    class Instrument(models.TextChoices):
        ZRM = "zrm", _("Zelfredzaamheid-Matrix (1–5)")
        POSITIVE_HEALTH = "positive_health", _("Positieve Gezondheid (0–10)")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    # Empty: a measurement of the household as a whole.
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    instrument = models.CharField(max_length=16, choices=Instrument.choices)
    measured_on = models.DateField(_("gemeten op"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    self_assessment = models.BooleanField(_("door de inwoner zelf"), default=False)
    record = models.UUIDField()

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["measured_on", "pk"]
        indexes = [models.Index(fields=["household", "measured_on"], name="support_measure_hh")]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} {self.measured_on}"


class Application(models.Model):
    """An aanvraag (Wmo 2015 art. 2.3.2 lid 9): after the onderzoek, or after 6 weeks."""

    class ProvisionKind(models.TextChoices):
        CUSTOM = "maatwerk", _("Maatwerkvoorziening")
        GENERAL = "algemeen", _("Algemene voorziening")

    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, related_name="applications")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("aanvraag ontvangen op"))
    provision_kind = models.CharField(
        _("soort voorziening"), max_length=10, choices=ProvisionKind.choices
    )
    # What is asked for, in words (vault).
    record = models.UUIDField()
    registered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return str(_("Aanvraag %(id)s") % {"id": self.pk})

    @property
    def beschikking_deadline(self) -> datetime.date:
        return rules.wmo_beschikking_deadline(self.received_on)


class Decision(models.Model):
    """The beschikking on an application (Awb 1:3), with its letter and bezwaar clause."""

    class Outcome(models.TextChoices):
        GRANTED = "granted", _("Toegekend")
        PARTLY = "partly", _("Deels toegekend")
        REFUSED = "refused", _("Afgewezen")

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(_("besluit"), max_length=10, choices=Outcome.choices)
    decided_on = models.DateField(_("besloten op"))
    # Bekendmaking (Awb 3:41): the day the letter is sent; the bezwaartermijn runs from it.
    sent_on = models.DateField(_("verstuurd op"))
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # Provision, reasons, period, eigen bijdrage: the letter's content (vault, kept by law).
    record = models.UUIDField()
    objection_received_on = models.DateField(_("bezwaar ontvangen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")

    def __str__(self) -> str:
        return str(_("Besluit %(id)s") % {"id": self.pk})

    @property
    def bezwaar_deadline(self) -> datetime.date:
        return rules.bezwaartermijn_einde(self.sent_on)
