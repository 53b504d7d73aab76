"""Work and income (Participatiewet): what is known about a household, as metadata rows
whose content lives in the resident's vault (category "Werk en inkomen").

One row per fact: a benefit status as read from Suwinet (or told by the resident), a
measurement on the participation ladder, a daytime activity (beschut werk, dagbesteding,
…), a scheme check. The row holds who, when and what kind; the vault record holds the
content, so every read is logged and needs a basis (ADR 0005).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from leefwereld.core.models import Household, Resident, User


class WorkRecord(models.Model):
    class Kind(models.TextChoices):
        BENEFIT = "benefit", _("Uitkering")
        LADDER = "ladder", _("Participatieladder")
        DAYTIME = "daytime", _("Werk of dagbesteding")
        SCHEMES = "schemes", _("Regelingen bekeken")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+")
    # The date that matters: since (benefit), measured on (ladder), starts on (daytime).
    on = models.DateField()
    record = models.UUIDField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gegeven over werk en inkomen")
        verbose_name_plural = _("gegevens over werk en inkomen")
        indexes = [models.Index(fields=["household", "kind", "-on"], name="work_household_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%Y-%m-%d}"
