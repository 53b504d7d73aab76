"""The sociale kaart: every organisation's offer, findable by anyone.

Offers hold no personal data. Providers propose new offers and changes; the municipality
approves them before residents see them, so the public map never shows an unchecked text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leefwereld.core.domains import LifeDomain
from leefwereld.core.models import Neighbourhood, Organisation

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class Offer(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "algemeen", _("Algemene voorziening (voor iedereen)")
        CUSTOM = "maatwerk", _("Maatwerk (u heeft een besluit van de gemeente nodig)")

    class Access(models.TextChoices):
        WALK_IN = "inloop", _("Zonder afspraak binnenlopen")
        APPOINTMENT = "afspraak", _("Zelf een afspraak maken")
        REFERRAL = "verwijzing", _("Met een verwijzing")
        DECISION = "beschikking", _("Met een besluit (beschikking) van de gemeente")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="offers")
    name = models.CharField(_("naam"), max_length=150)
    description = models.TextField(_("omschrijving"))
    target_group = models.CharField(_("voor wie"), max_length=200, blank=True)
    min_age = models.PositiveSmallIntegerField(_("vanaf leeftijd"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("tot en met leeftijd"), null=True, blank=True)
    # No neighbourhoods means: for the whole municipality.
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="offers", verbose_name=_("wijken")
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    costs = models.CharField(_("kosten"), max_length=200, default="Gratis")
    access = models.CharField(_("hoe krijgt u het"), max_length=12, choices=Access.choices)
    opening_hours = models.CharField(_("openingstijden"), max_length=200, blank=True)
    address = models.CharField(_("adres"), max_length=200, blank=True)
    phone = models.CharField(_("telefoon"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    accessibility = models.CharField(_("toegankelijkheid"), max_length=300, blank=True)
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    # Maintained by services.index_offer: folded text for PostgreSQL's Dutch full-text
    # search and stems for the SQLite fallback (see search.py).
    search_document = models.TextField(default="", editable=False)
    search_stems = models.TextField(default="", editable=False)
    # PostgreSQL only: to_tsvector('dutch', search_document), stored so that search reads
    # it from a GIN index instead of computing it per row (services.store_search_vectors;
    # the index is made in migration 0003). Stays empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbod")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["approved_at"]),
            # The public list's default order: approved offers by name. The age filter
            # (from-age/up-to-age, either may be empty) is checked along this scan: at
            # rotterdam scale the planner took this index, not one on the ages, for it
            # (EXPLAIN ANALYZE in bench/socialmap_search.py), so that one was dropped (0004).
            models.Index(
                fields=["name"],
                name="socialmap_offer_public_name",
                condition=Q(approved_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.approved_at is not None

    def domain_labels(self) -> list[str]:
        """The offer's life domains in ZRM order, from the `domain_codes` annotation
        (views.with_domain_codes: no extra query) or else from its domain links."""
        codes = getattr(self, "domain_codes", None)
        if codes is None:
            found = [link.domain for link in self.domain_links.all()]
        else:
            found = [code for code in codes.split(",") if code]
        return [str(domain.label) for domain in LifeDomain if domain.value in found]

    def age_label(self) -> str:
        if self.min_age is None and self.max_age is None:
            return str(_("Alle leeftijden"))
        if self.max_age is None:
            return str(_("Vanaf %(min)s jaar") % {"min": self.min_age})
        if self.min_age is None:
            return str(_("Tot en met %(max)s jaar") % {"max": self.max_age})
        return str(
            _("%(min)s tot en met %(max)s jaar") % {"min": self.min_age, "max": self.max_age}
        )


class OfferDomain(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="domain_links")
    domain = models.CharField(_("leefgebied"), max_length=32, choices=LifeDomain.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "domain"], name="unique_offer_domain")
        ]
        indexes = [models.Index(fields=["domain", "offer"])]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> StrPromise:
        """The domain's name in the active language. Cheaper than get_domain_display(),
        which builds a dict of all 13 translated choices on every call."""
        return LifeDomain(self.domain).label


class OfferProposal(models.Model):
    """A provider's new offer or change, waiting for the municipality's approval."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op beoordeling")
        APPROVED = "approved", _("Goedgekeurd")
        REJECTED = "rejected", _("Afgewezen")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="offer_proposals"
    )
    # Empty for a new offer.
    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, null=True, blank=True, related_name="proposals"
    )
    data = models.JSONField(_("voorgestelde gegevens"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("voorstel voor aanbod")
        verbose_name_plural = _("voorstellen voor aanbod")
        ordering = ["proposed_at"]

    def __str__(self) -> str:
        return str(self.data.get("name", "?"))
