"""An objection (bezwaar) against any decision, with its Awb deadlines, hearing and outcome.

The decision is a generic relation: any app's decision model can be objected to when its
app answers `objectable(actor, pk)` in its authorisation module (see registry.py). The
grounds are personal content and live in the resident's vault (kind `objection-grounds`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from leefwereld.core.models import Resident
from leefwereld.rules.deadlines import beslissing_op_bezwaar_deadline, bezwaartermijn_einde


class Objection(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("In behandeling")
        WELL_FOUNDED = "gegrond", _("Gegrond")
        PARTLY = "deels", _("Deels gegrond")
        UNFOUNDED = "ongegrond", _("Ongegrond")
        INADMISSIBLE = "niet_ontvankelijk", _("Niet-ontvankelijk")
        WITHDRAWN = "ingetrokken", _("Ingetrokken")

    class Hearing(models.TextChoices):
        NOT_PLANNED = "none", _("Nog niet gepland")
        PLANNED = "planned", _("Gepland")
        HELD = "held", _("Gehouden")
        WAIVED = "waived", _("Afgezien van horen")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    decision = GenericForeignKey("content_type", "object_id")
    # A plain-Dutch label of the decision at the time, e.g. "Jeugdbesluit 12".
    decision_label = models.CharField(_("besluit"), max_length=150)
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="objections", verbose_name=_("indiener")
    )
    announced_on = models.DateField(_("besluit bekendgemaakt op"))
    received_on = models.DateField(_("bezwaar ontvangen op"))
    # Awb 7:13: an advisory committee hears the objection; the term is then 12 weeks.
    committee = models.BooleanField(_("adviescommissie"), default=False)
    # Awb 7:10 lid 3: the decision was postponed by six weeks.
    postponed = models.BooleanField(_("verdaagd"), default=False)
    hearing = models.CharField(
        _("hoorzitting"), max_length=8, choices=Hearing.choices, default=Hearing.NOT_PLANNED
    )
    hearing_at = models.DateTimeField(_("hoorzitting op"), null=True, blank=True)
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    decided_on = models.DateField(_("beslist op"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bezwaar")
        verbose_name_plural = _("bezwaren")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return str(_("Bezwaar tegen %(label)s") % {"label": self.decision_label})

    @property
    def objection_deadline(self):
        """Awb 6:7/6:8 with the Algemene termijnenwet: the last day to object."""
        return bezwaartermijn_einde(self.announced_on)

    @property
    def late(self) -> bool:
        return self.received_on > self.objection_deadline

    @property
    def decide_by(self):
        """Awb 7:10: 6 weeks (12 with a committee) after the objection term, +6 if postponed."""
        return beslissing_op_bezwaar_deadline(
            self.announced_on, commissie=self.committee, verdaagd=self.postponed
        )
