"""Jeugdwet access: the way in (a neighbourhood team's request or a medical referral) and
the youth decision (product, provider, volume and period), and who was informed.

No personal content lives here: the child's own view is a record in the child's vault
(kind `youth-voice`); these rows hold references, codes, dates and statuses.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from leefwereld.core.models import Organisation, Resident


class Product(models.Model):
    """A youth-care product the municipality buys (iJW product code), and the providers
    contracted for it. Only a contracted provider can be named in a decision or referral."""

    class Unit(models.TextChoices):
        HOURS = "uur", _("uur")
        DAYS = "dag", _("dagdelen")
        NIGHTS = "etmaal", _("etmalen")
        TRAJECTORY = "traject", _("traject")

    code = models.CharField(_("productcode"), max_length=8, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    unit = models.CharField(_("eenheid"), max_length=8, choices=Unit.choices)
    contracted_providers = models.ManyToManyField(
        Organisation, blank=True, related_name="youth_products", verbose_name=_("gecontracteerd")
    )

    class Meta:
        verbose_name = _("jeugdhulpproduct")
        verbose_name_plural = _("jeugdhulpproducten")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Access(models.Model):
    """How a child came to youth care: through the neighbourhood team (the municipality
    assesses) or a referral by a GP, youth doctor or medical specialist (Jeugdwet art. 2.6
    lid 1 onder e: registered, not re-assessed)."""

    class Route(models.TextChoices):
        TEAM = "team", _("Via het wijkteam")
        GP = "huisarts", _("Verwijzing door de huisarts")
        YOUTH_DOCTOR = "jeugdarts", _("Verwijzing door de jeugdarts")
        SPECIALIST = "specialist", _("Verwijzing door een medisch specialist")

    MEDICAL = (Route.GP, Route.YOUTH_DOCTOR, Route.SPECIALIST)

    child = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="youth_access", verbose_name=_("jeugdige")
    )
    route = models.CharField(_("toegang"), max_length=12, choices=Route.choices)
    team = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="youth_access",
        verbose_name=_("wijkteam"),
    )
    # The referrer (a professional, not the resident): name and AGB code, as on the referral.
    referrer_name = models.CharField(_("verwijzer"), max_length=120, blank=True)
    referrer_agb = models.CharField(_("AGB-code verwijzer"), max_length=8, blank=True)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("aanbieder")
    )
    received_on = models.DateField(_("ontvangen op"))
    registered_at = models.DateTimeField(auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("toegang jeugdhulp")
        verbose_name_plural = _("toegang jeugdhulp")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_route_display()} ({self.received_on})"

    @property
    def is_referral(self) -> bool:
        return self.route in self.MEDICAL


class Decision(models.Model):
    """The youth decision (beschikking) on one access: granted or refused, with product,
    provider, volume and period, and the consent rule that applied on the day."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("In behandeling")
        GRANTED = "granted", _("Toegekend")
        REFUSED = "refused", _("Afgewezen")

    access = models.OneToOneField(Access, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(
        _("besluit"), max_length=8, choices=Outcome.choices, default=Outcome.PENDING
    )
    volume = models.PositiveIntegerField(_("omvang"), default=0)
    starts_on = models.DateField(_("ingangsdatum"), null=True, blank=True)
    ends_on = models.DateField(_("einddatum"), null=True, blank=True)
    decided_on = models.DateField(_("besluitdatum"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Who consents by the child's age on the decision day (rules.consent), and its article.
    consenter = models.CharField(_("toestemming van"), max_length=20, blank=True)
    consent_article = models.CharField(_("artikel"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("jeugdbesluit")
        verbose_name_plural = _("jeugdbesluiten")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=False, ends_on__gte=models.F("starts_on")),
                name="youth_decision_period",
            )
        ]

    def __str__(self) -> str:
        return str(_("Jeugdbesluit %(id)s") % {"id": self.pk})


class Notice(models.Model):
    """Who was informed of a decision: the child and each holder of gezag (by the
    child's age, `rules.consent`). One row per person; the portal shows it."""

    class Role(models.TextChoices):
        CHILD = "child", _("jeugdige")
        PARENT = "parent", _("gezagdrager")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="notices")
    recipient = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="youth_notices")
    role = models.CharField(_("als"), max_length=8, choices=Role.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bericht over een jeugdbesluit")
        constraints = [
            models.UniqueConstraint(fields=["decision", "recipient"], name="one_notice_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.recipient} ({self.get_role_display()})"
