"""The council monitor: targets the council sets per neighbourhood and year, and the
pre-aggregated figures the nightly command writes (only what disclosure control lets
through is stored: no raw small count ever reaches this table)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from leefwereld.core.models import Neighbourhood


class Indicator(models.TextChoices):
    """The outcome indicators; what each measures and its source are in indicators.py."""

    DAYS_TO_HELP = "days_to_help", _("Dagen tot de juiste hulp (mediaan)")
    HOPS = "hops", _("Verwijzingen per hulpvraag (gemiddeld)")
    DEBTS_IN_FOUR_WEEKS = "debts_4w", _("Schuldzaken binnen 4 weken overgenomen (%)")
    DECISIONS_ON_TIME = "decisions_on_time", _("Wmo-besluiten op tijd (%)")
    ZRM_IMPROVED = "zrm_improved", _("Huishoudens met verbeterde zelfredzaamheid (%)")
    COMPLAINTS = "complaints", _("Klachten")
    BUDGET_USE = "budget_use", _("Budgetgebruik (%)")


class Target(models.Model):
    """A result the council agreed for one neighbourhood and year (set by a council member
    or a policy officer on the council's behalf). Setting it again replaces the value and
    keeps who set it last."""

    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, related_name="monitor_targets"
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    indicator = models.CharField(_("indicator"), max_length=24, choices=Indicator.choices)
    value = models.DecimalField(_("streefwaarde"), max_digits=8, decimal_places=1)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("streefwaarde")
        verbose_name_plural = _("streefwaarden")
        constraints = [
            models.UniqueConstraint(
                fields=["neighbourhood", "year", "indicator"], name="monitor_one_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.neighbourhood} {self.year} {self.indicator}"


class Figure(models.Model):
    """One published figure: an indicator for a neighbourhood (empty: the whole
    municipality) and year, as disclosure control lets it through. ``value`` is empty when
    hidden (``hidden`` says why) or when the source is missing (``hidden`` = "source")."""

    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    indicator = models.CharField(max_length=24, choices=Indicator.choices)
    value = models.FloatField(null=True)
    # The number of units the value rests on, rounded and protected like any count.
    base = models.IntegerField(null=True)
    hidden = models.CharField(max_length=16, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["year", "indicator"], name="monitor_figure_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["neighbourhood", "year", "indicator"], name="monitor_one_figure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.neighbourhood or '-'} {self.year} {self.indicator}"
